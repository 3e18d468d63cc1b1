"""网上投诉: the form posted from the complaint-channel page, and its answer page.

Thin: the rate limit and the form's checks first, then ``complaint_submit``.
"""

from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from cases.models import Complaint
from cases.ratelimit import complaint_allowed
from cases.services import CaseError, ComplaintIn, complaint_submit
from cases.services.complaints import RESPONSE_WORKING_DAYS

from .forms import PublicComplaintForm
from .spam import form_token

TEMPLATE = "cases/public/complaint_page.html"


def _form_page(request, form, *, status: int = 200, message: str = ""):
    return render(
        request,
        TEMPLATE,
        {"form": form, "token": form_token(), "message": message},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def complaint_form(request):
    if request.method == "GET":
        return _form_page(request, PublicComplaintForm())
    form = PublicComplaintForm(request.POST)
    if not complaint_allowed(request):
        return _form_page(
            request,
            form,
            status=429,
            message=str(PublicComplaintForm.rate_message()),
        )
    if not form.is_valid():
        return _form_page(request, form, status=400)
    data = form.cleaned_data
    try:
        complaint = complaint_submit(
            data=ComplaintIn(
                channel=Complaint.Channel.WEBSITE,
                content=data["content"],
                name=data["name"],
                phone=data["phone"],
                case_number=data["case_number"],
            )
        )
    except CaseError as error:
        field = error.field if error.field in form.fields else None
        form.add_error(field, error.message)
        return _form_page(request, form, status=400)
    return render(
        request,
        TEMPLATE,
        {"complaint": complaint, "response_days": RESPONSE_WORKING_DAYS},
        status=201,
    )
