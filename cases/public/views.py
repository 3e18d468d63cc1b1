"""网上投诉 (the form posted from the complaint-channel page, and its answer page)
and 办理进度查询 (the page the receipt points applicants to).

Thin: the rate limit and the form's checks first, then the service or selector.
"""

from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from cases.models import Case, Complaint
from cases.progress import case_progress, complaint_progress
from cases.ratelimit import (
    ProgressLocked,
    complaint_allowed,
    complaint_rate,
    progress_lookup,
    progress_rate,
)
from cases.selectors import record_for_progress
from cases.services import CaseError, ComplaintIn
from cases.services.complaints import RESPONSE_WORKING_DAYS
from cases.services.idempotency import (
    IdempotencyKeyReused,
    address_scope,
    complaint_submit_once,
    is_known,
)
from config.proxy import client_ip
from config.ratelimit import hit, window_left

from .forms import ProgressForm, PublicComplaintForm
from .spam import form_token, submission_key

TEMPLATE = "cases/public/complaint_page.html"
PROGRESS_TEMPLATE = "cases/public/progress_page.html"


def _form_page(request, form, *, status: int = 200, message: str = ""):
    return render(
        request,
        TEMPLATE,
        {"form": form, "token": form_token(), "message": message},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def complaint_form(request):
    """A double click, or a resend after a lost answer, files one complaint: the
    form's token carries a key new on every showing of the form, used as an
    Idempotency-Key (the same service and rules as POST /api/v1/complaints). A
    resend of a filed form is answered with the same page and is not charged
    to the address's allowance."""
    if request.method == "GET":
        return _form_page(request, PublicComplaintForm())
    form = PublicComplaintForm(request.POST)
    key = submission_key(request.POST.get("token", ""))
    scope = address_scope(client_ip(request))
    if not is_known(scope, key) and not complaint_allowed(request):
        response = _form_page(
            request,
            form,
            status=429,
            message=str(PublicComplaintForm.rate_message()),
        )
        response["Retry-After"] = str(window_left(complaint_rate()))
        return response
    if not form.is_valid():
        return _form_page(request, form, status=400)
    data = form.cleaned_data
    try:
        complaint, _created = complaint_submit_once(
            data=ComplaintIn(
                channel=Complaint.Channel.WEBSITE,
                content=data["content"],
                name=data["name"],
                phone=data["phone"],
                case_number=data["case_number"],
            ),
            key=key,
            scope=scope,
        )
    except IdempotencyKeyReused:
        # Sent again from the same page with other content (back, edit, send).
        form.add_error(None, PublicComplaintForm.resent_message())
        return _form_page(request, form, status=400)
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


@require_http_methods(["GET", "POST"])
def progress(request):
    """The same answers as GET /api/v1/progress and /api/v1/complaints/progress:
    one box for a case number or a complaint number, no names.

    Posted, not in the address, so the phone digits stay out of logs and history;
    the same per-address allowance as the API, since four digits are guessable,
    and the same lock on a number guessed wrong too often.
    """
    if request.method == "GET":
        return render(request, PROGRESS_TEMPLATE, {"form": ProgressForm()})
    form = ProgressForm(request.POST)
    context = {"form": form}
    allowance = hit("progress", request, progress_rate())
    if not allowance.allowed:
        context["message"] = ProgressForm.rate_message()
        return _refused(request, context, allowance.retry_after)
    if not form.is_valid():
        return render(request, PROGRESS_TEMPLATE, context, status=400)
    number = form.cleaned_data["number"]
    try:
        found = (
            progress_lookup(
                number, form.cleaned_data["phone_last4"], record_for_progress
            )
            if number
            else None
        )
    except ProgressLocked as locked:
        context["message"] = locked.message
        return _refused(request, context, locked.retry_after)
    if found is None:
        # One answer for an unknown number, a wrong pair and a number that
        # cannot be one: nothing to enumerate. The digits are not shown again.
        context["form"] = ProgressForm(initial={"number": number or ""})
        context["message"] = ProgressForm.not_found_message()
        return render(request, PROGRESS_TEMPLATE, context, status=404)
    if isinstance(found, Case):
        context["progress"] = case_progress(found)
    else:
        context["complaint"] = complaint_progress(found)
        context["response_days"] = RESPONSE_WORKING_DAYS
    return render(request, PROGRESS_TEMPLATE, context)


def _refused(request, context, retry_after: int):
    response = render(request, PROGRESS_TEMPLATE, context, status=429)
    response["Retry-After"] = str(retry_after)
    return response
