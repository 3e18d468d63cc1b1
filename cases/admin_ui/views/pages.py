"""The case page (概况) and its history tab (历史记录)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from cases.access import may
from cases.guides import terms_for
from cases.models import Case, Consultation, Extension, IdRevealLog, RecipientExit
from cases.selectors import cases_visible_to
from cases.selectors.archive import filing_of
from cases.selectors.glance import STAGE_AT, case_glance
from cases.services import action_states, available_transitions
from cases.services.notices import earlier_one_time_notices, open_one_time_notice
from cases.timeline import case_timeline

from ..case_permissions import CasePermissionHelper
from ..evidence import evidence_context
from ..forms.actions import (
    ExtensionDecisionForm,
    ExtensionRequestForm,
    MaterialRequestForm,
    MaterialsSuppliedForm,
    OneTimeNoticeForm,
    RevealForm,
    TransitionForm,
)
from ..forms.corrections import IdNumberChangeDecisionForm
from ..forms.records import ExitForm, FollowUpForm, ReferForm

permission_helper = CasePermissionHelper(Case)


class CaseMixin(WagtailAdminTemplateMixin):
    """A case the user may see, found through ``cases_visible_to`` or 404."""

    header_icon = "folder-open-inverse"
    page_title = _("救助案件")

    def dispatch(self, request, *args, number: str, **kwargs):
        if not permission_helper.user_can_list(request.user):
            raise PermissionDenied
        self.case = self.load_case(number)
        return super().dispatch(request, *args, **kwargs)

    def load_case(self, number: str) -> Case:
        return get_object_or_404(cases_visible_to(self.request.user), number=number)

    def get_page_subtitle(self):
        return f"{self.case.number} {self.case.applicant.name}"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("cases_case_modeladmin_index"), "label": _("救助案件")},
            {"url": "", "label": self.case.number},
        ]

    def may_change(self) -> bool:
        """Whether to offer change forms at all; the services still decide."""
        user = self.request.user
        return (
            user.has_perm("cases.change_case")
            and may(user, "case.change", self.case)
            and not self.case.is_read_only
        )

    def tabs(self, current: str) -> list[dict]:
        number = self.case.number
        return [
            {
                "label": _("概况"),
                "url": reverse("cases_admin_case", args=[number]),
                "current": current == "case",
            },
            {
                "label": _("历史记录"),
                "url": reverse("cases_admin_history", args=[number]),
                "current": current == "history",
            },
        ]


class CaseContextMixin(CaseMixin):
    template_name = "cases/admin/case_page.html"

    def case_context(self, **overrides) -> dict:
        """Everything the case page shows; ``overrides`` carry bound forms."""
        case = self.case
        user = self.request.user
        deadlines = list(
            case.deadlines.prefetch_related(
                "extensions__requested_by", "extensions__decided_by"
            )
        )
        open_deadlines = [d for d in deadlines if d.completed_at is None]
        extensions = [e for d in deadlines for e in d.extensions.all()]
        notice = open_one_time_notice(case)
        may_change = self.may_change()
        missing = [m for m in case.materials.all() if not m.received]
        transitions = available_transitions(user, case) if may_change else []
        clock_stopped = case.pauses.filter(ended_on__isnull=True).exists()
        context = {
            "case": case,
            "tabs": self.tabs("case"),
            "today": timezone.localdate(),
            "household": case.applicant.household.all(),
            "deadlines": deadlines,
            "materials": case.materials.all(),
            "notices": case.notices.select_related("issued_by").prefetch_related(
                "items"
            ),
            "pauses": case.pauses.select_related("notice"),
            # 补正 or 核对异议 under way: nothing on this case runs late meanwhile.
            "clock_stopped": clock_stopped,
            # The action bar: where the case stands, and every step its status
            # allows with the reason one cannot be taken now.
            "glance": case_glance(
                case, deadlines, today=timezone.localdate(), paused=clock_stopped
            ),
            "action_states": action_states(user, case) if may_change else [],
            # What the guide says is done at this stage, beside the 办理 form.
            "stage_guidance": terms_for(case.assistance_type).guidance.get(
                STAGE_AT.get(case.status, "")
            ),
            "extensions": extensions,
            "material_requests": case.material_requests.select_related(
                "requested_by", "justified_by"
            ),
            "may_change": may_change,
            "transitions": transitions,
            # 审批同意 is offered: ask for the amount and the start month too.
            "asks_terms": any(t.needs_terms for t in transitions),
            "transition_form": TransitionForm(initial={"version": case.version}),
            "reveal_form": RevealForm(),
            "open_notice": notice,
            "notice_form": None
            if notice
            else OneTimeNoticeForm(
                missing=missing,
                repeat=earlier_one_time_notices(case).exists(),
                prefix="notice",
            ),
            "supplied_form": MaterialsSuppliedForm(notice=notice) if notice else None,
            "request_form": MaterialRequestForm(prefix="request"),
            "extension_form": ExtensionRequestForm(
                deadlines=open_deadlines, prefix="extension"
            )
            if open_deadlines
            else None,
            "decisions": [
                (e, ExtensionDecisionForm(prefix=f"decide{e.pk}"))
                for e in extensions
                # 申请与批准分离: the requester sees the request, not a decision form.
                if e.status == Extension.Status.REQUESTED
                and e.requested_by_id != self.request.user.pk
            ]
            if may_change and may(user, "case.extension_decide", case)
            else [],
        }
        context.update(self.record_context(may_change))
        context.update(self.recipient_context())
        context.update(self.correction_context(may_change))
        context.update(evidence_context(user, case, may_change))
        context.update(overrides)
        return context

    def correction_context(self, may_change: bool) -> dict:
        """更正申请人信息: the link, and ID-number changes with a reviewer's forms."""
        user, case = self.request.user, self.case
        changes = list(
            self.case.applicant_corrections.select_related("requested_by", "decided_by")
        )
        may_decide = may_change and may(user, "id_number_change_decide", case)
        return {
            "may_correct_applicant": may_change
            and may(user, "applicant_correct", case),
            "id_number_changes": changes,
            "id_change_decisions": [
                (c, IdNumberChangeDecisionForm(prefix=f"idc{c.pk}"))
                for c in changes
                if c.is_pending and c.requested_by_id != user.pk
            ]
            if may_decide
            else [],
        }

    def record_context(self, may_change: bool) -> dict:
        """分办转办、投诉、评价回访与来源线索 on the case page."""
        from cases.selectors import complaints_visible_to

        case, user = self.case, self.request.user
        may_refer = (
            may_change
            and may(user, "referral.send", case)
            and user.has_perm("cases.add_referral")
        )
        may_follow_up = (
            case.is_closed
            and may(user, "case.followup", case)
            and user.has_perm("cases.add_followup")
        )
        try:
            recipient_exit = case.recipient_exit
        except RecipientExit.DoesNotExist:
            recipient_exit = None
        may_exit = (
            case.decision == Case.Status.APPROVED
            and recipient_exit is None
            and may(user, "case.exit", case)
            and user.has_perm("cases.add_recipientexit")
        )
        return {
            **self.origin_consultation(),
            "recipient_exit": recipient_exit,
            "exit_form": ExitForm(prefix="exit") if may_exit else None,
            "referrals": case.referrals.select_related("department").order_by(
                "referred_at"
            ),
            "refer_form": ReferForm(prefix="refer") if may_refer else None,
            "complaints": complaints_visible_to(user).filter(case=case),
            "followups": case.followups.select_related("conducted_by"),
            "followup_form": FollowUpForm(prefix="followup") if may_follow_up else None,
            "origin_leads": case.leads.all(),
            "origin_entries": case.registration_entries.all(),
            "filing": filing_of(user, case) if case.is_read_only else None,
        }

    def recipient_context(self) -> dict:
        """在册对象: its state, reviews and benefit changes, and the forms for
        those who may (an archived case included: these are records about it)."""
        from cases.models import Recipient

        from ..forms.recipients import BenefitChangeForm, IncomeVariesForm, ReviewForm

        user = self.request.user
        recipient = (
            Recipient.objects.filter(case=self.case)
            .prefetch_related("reviews__reviewed_by", "benefit_changes__recorded_by")
            .first()
        )
        if recipient is None:
            return {"recipient": None}
        open_ = not recipient.is_stopped
        may_review = (
            open_
            and may(user, "recipient.review", recipient)
            and user.has_perm("cases.add_recipientreview")
        )
        may_change = (
            open_
            and may(user, "recipient.benefit_change", recipient)
            and user.has_perm("cases.add_benefitchange")
        )
        return {
            "recipient": recipient,
            "review_form": ReviewForm(prefix="review") if may_review else None,
            "benefit_form": BenefitChangeForm(prefix="benefit") if may_change else None,
            "income_form": IncomeVariesForm(
                prefix="income", initial={"income_varies": recipient.income_varies}
            )
            if may_review and user.has_perm("cases.change_recipient")
            else None,
        }

    def origin_consultation(self) -> dict:
        """首问负责: a case taken from a consultation names who answered first."""
        from cases.selectors import consultations_visible_to

        try:
            consultation = self.case.consultation
        except Consultation.DoesNotExist:
            return {"origin_consultation": None, "first_responder": None}
        return {
            "origin_consultation": consultation,
            "first_responder": consultation.first_responder,
            "consultation_visible": consultations_visible_to(self.request.user)
            .filter(pk=consultation.pk)
            .exists(),
        }

    def render_page(self, *, status: int = 200, **overrides):
        context = self.get_context_data(**self.case_context(**overrides))
        return self.render_to_response(context, status=status)


class CasePageView(CaseContextMixin, TemplateView):
    def get(self, request, *args, **kwargs):
        return self.render_page()


class CaseHistoryView(CaseMixin, TemplateView):
    """历史记录: every version of the case and its records — who, when, why, what."""

    template_name = "cases/admin/case_history.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            case=self.case,
            tabs=self.tabs("history"),
            entries=list(reversed(case_timeline(self.case, user=self.request.user))),
            reveals=IdRevealLog.objects.filter(case=self.case).select_related("user"),
        )
        return context
