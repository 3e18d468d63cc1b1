"""The consistency dashboard and each service point's register.

Views translate only: the register's services decide, and their refusals come
back as a 400 with the message beside the form, or a 403 page.
"""

from django import forms
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.models import ServicePoint, Township

from ...admin_input import message_page
from ...admin_pages import AdminPage
from ..access import points_acted_for, points_seen_by
from ..errors import NotYourServicePoint, OfflineSyncError
from ..figures import consistency_report, overdue_tasks, point_checklist
from ..register import posting_record, posting_remove
from ..selectors import may_use_register, postings_visible_to, tasks_visible_to
from .forms import PostingForm, RemovalForm

RECENT_REMOVALS = 20


class RegisterView(AdminPage):
    header_icon = "clipboard-list"

    def dispatch(self, request, *args, **kwargs):
        if not may_use_register(request.user):
            return self.denied(_("您没有负责的服务网点，不能查看张贴登记。"))
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        items = super().get_breadcrumbs_items()
        if self.template_name != "portal/offline/dashboard.html":
            dashboard = {
                "url": reverse("offline_dashboard"),
                "label": _("线上线下一致"),
            }
            items.insert(-1, dashboard)
        return items

    def denied(self, message, status=403):
        return message_page(self.request, message, title=_("无权操作"), status=status)


class DashboardView(RegisterView):
    """一致性总览: per service point and overall, with open and overdue tasks."""

    template_name = "portal/offline/dashboard.html"
    page_title = gettext_lazy("线上线下一致")

    def get(self, request, *args, **kwargs):
        points = points_seen_by(request.user)
        township_code = request.GET.get("township", "")
        level = request.GET.get("level", "")
        errors = {}
        if township_code:
            if not Township.objects.filter(code=township_code[:40]).exists() or (
                not points.filter(township__code=township_code).exists()
            ):
                errors["township"] = _("没有这个乡镇，或不在您的范围内。")
            else:
                points = points.filter(township__code=township_code)
        if level:
            if level not in ServicePoint.Level.values:
                errors["level"] = _("网点层级只能是县级、乡镇（街道）或村（社区）。")
            else:
                points = points.filter(level=level)
        today = timezone.localdate()
        report = consistency_report(points, today=today)
        late = overdue_tasks(tasks_visible_to(request.user), today=today)
        context = self.get_context_data(
            report=report,
            overdue=late.filter(service_point__in=points).order_by("due_on")[:50],
            townships=Township.objects.filter(
                pk__in=points_seen_by(request.user).values("township")
            ).values_list("code", "name"),
            levels=ServicePoint.Level.choices,
            values={"township": township_code, "level": level},
            errors=errors,
        )
        return self.render_to_response(context, status=400 if errors else 200)


class ServicePointView(RegisterView):
    """One service point: what it must display, what it displays, its tasks."""

    template_name = "portal/offline/point.html"

    def get(self, request, code, *args, **kwargs):
        self.point = get_object_or_404(points_seen_by(request.user), code=code)
        postings = postings_visible_to(request.user).filter(service_point=self.point)
        context = self.get_context_data(
            point=self.point,
            checklist=point_checklist(self.point),
            active=postings.filter(removed_on__isnull=True).order_by("page_id"),
            removed=postings.filter(removed_on__isnull=False).order_by(
                "-removed_on", "-pk"
            )[:RECENT_REMOVALS],
            tasks=tasks_visible_to(request.user)
            .filter(service_point=self.point, status="open")
            .order_by("due_on"),
            acts=points_acted_for(request.user).filter(pk=self.point.pk).exists(),
            today=timezone.localdate(),
        )
        return self.render_to_response(context)

    def get_page_title(self):
        return str(self.point)


class RegisterFormView(RegisterView):
    """A form about one service point the user acts for. GET shows it; a valid POST
    goes to the register's service (``act``), whose refusal comes back beside the
    form with a 400, and then to the point's page."""

    template_name = "portal/offline/form.html"
    form_class: type[forms.Form]

    def setup_point(self, code):
        self.point = get_object_or_404(points_seen_by(self.request.user), code=code)
        if not points_acted_for(self.request.user).filter(pk=self.point.pk).exists():
            raise NotYourServicePoint(_("只能登记本人负责网点的张贴情况。"))

    def load(self, **kwargs) -> None:
        """Set ``self.point`` (and what else the form is about) from the URL."""
        raise NotImplementedError

    def initial(self) -> dict:
        return {}

    def act(self, form) -> None:
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        try:
            self.load(**kwargs)
        except NotYourServicePoint as error:
            return self.denied(error.message)
        return self.show(self.form_class(initial=self.initial()))

    def post(self, request, *args, **kwargs):
        try:
            self.load(**kwargs)
        except NotYourServicePoint as error:
            return self.denied(error.message)
        form = self.form_class(request.POST)
        if form.is_valid():
            try:
                self.act(form)
            except OfflineSyncError as error:
                form.add_error(_field_of(form, error), error.message)
            else:
                return redirect("offline_point", code=self.point.code)
        return self.show(form, status=400)

    def show(self, form, status=200):
        context = self.get_context_data(
            form=form,
            point=self.point,
            cancel_url=reverse("offline_point", args=[self.point.code]),
        )
        return self.render_to_response(context, status=status)


class PostingRecordView(RegisterFormView):
    """登记张贴 at one service point."""

    page_title = gettext_lazy("登记张贴")
    form_class = PostingForm

    def load(self, *, code):
        self.setup_point(code)

    def initial(self) -> dict:
        page_id = self.request.GET.get("page", "")
        return {"page": page_id} if page_id.isdigit() else {}

    def act(self, form):
        posting_record(
            by=self.request.user,
            service_point=self.point,
            page=form.cleaned_data["page"],
            form=form.cleaned_data["form"],
            posted_on=form.cleaned_data["posted_on"],
        )


class PostingRemoveView(RegisterFormView):
    """登记撤下 one posting."""

    page_title = gettext_lazy("登记撤下")
    form_class = RemovalForm

    def load(self, *, pk):
        self.posting = get_object_or_404(
            postings_visible_to(self.request.user), pk=pk, removed_on__isnull=True
        )
        self.setup_point(self.posting.service_point.code)

    def act(self, form):
        posting_remove(
            by=self.request.user,
            posting=self.posting,
            removed_on=form.cleaned_data["removed_on"],
            reason=form.cleaned_data["reason"],
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(posting=self.posting, **kwargs)


def _field_of(form, error: OfflineSyncError):
    return error.field if error.field in form.fields else None
