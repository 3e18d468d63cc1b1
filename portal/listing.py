"""The policy list: filters by status, assistance type and year, with paging."""

from django.core.paginator import Paginator

POLICIES_PER_PAGE = 20


def filtered_policies(index_page, request) -> dict:
    from .models import AssistanceType, PolicyPage

    policies = (
        PolicyPage.objects.child_of(index_page)
        .live()
        .public()
        .order_by("-issue_date", "-first_published_at")
    )
    status = request.GET.get("status", "")
    if status in PolicyPage.Status.values:
        policies = policies.filter(status=status)
    else:
        status = ""
    type_code = request.GET.get("type", "")
    types = list(AssistanceType.objects.all())
    if any(t.code == type_code for t in types):
        policies = policies.filter(assistance_types__code=type_code)
    else:
        type_code = ""
    paginator = Paginator(policies, POLICIES_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    return {
        "policies": page,
        "statuses": PolicyPage.Status.choices,
        "selected_status": status,
        "assistance_types": types,
        "selected_type": type_code,
    }
