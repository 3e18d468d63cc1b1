"""咨询登记 (首问负责): the record page with its 转为案件 form; the create form."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.access import may
from cases.selectors import cases_visible_to, consultations_visible_to
from cases.services import consultation_record, consultation_to_case
from cases.services.consultations import consultation_intake_initial
from portal.models import ServicePoint

from ..forms.consultations import ConsultationForm, ConsultationIntakeForm
from .records import Action, RecordCreateView, RecordPageView


class ConsultationPageView(RecordPageView):
    selector = consultations_visible_to
    actions = {
        "to_case": Action(
            gettext_lazy("转为案件（受理申请）"),
            ConsultationIntakeForm,
            gettext_lazy("登记案件"),
        ),
    }

    def may_change(self) -> bool:
        return super().may_change() and may(self.request.user, "consultation.to_case")

    def open_actions(self) -> list[str]:
        return [] if self.record.case_id else ["to_case"]

    def make_form(self, name, data):
        form = ConsultationIntakeForm(data, prefix=name, consultation=self.record)
        if data is None:
            form.initial = consultation_intake_initial(self.record)
        return form

    def facts(self) -> list[dict]:
        c = self.record
        return [
            {"label": _("咨询编号"), "text": c.number},
            {"label": _("服务窗口"), "text": c.window_label},
            {"label": _("咨询方式"), "text": c.get_channel_display()},
            {
                "label": _("咨询时间"),
                "text": f"{timezone.localtime(c.consulted_at):%Y-%m-%d %H:%M}",
            },
            {
                "label": _("首问负责人"),
                "text": ServicePoint.staff_display_name(c.first_responder),
            },
            {"label": _("咨询人"), "text": c.person_name},
            {"label": _("联系电话"), "text": c.person_phone},
            {
                "label": _("咨询的救助事项"),
                "text": c.assistance_type.name if c.assistance_type_id else "",
            },
            {"label": _("咨询事项"), "text": c.topic},
            {"label": _("答复及告知内容"), "text": c.answer},
            {
                "label": _("一次性告知"),
                "text": _("已一次性告知") if c.one_time_notice else _("未一次性告知"),
            },
            self.linked(_("转成的案件"), c.case, "cases_admin_case", cases_visible_to),
        ]

    def perform(self, name: str, form) -> str:
        case = consultation_to_case(
            by=self.request.user, consultation=self.record, request=form.to_request()
        )
        return _("已转为案件 %(case)s（首问负责人：%(who)s）。") % {
            "case": case.number,
            "who": ServicePoint.staff_display_name(self.record.first_responder),
        }


class ConsultationCreateView(RecordCreateView):
    form_class = ConsultationForm
    title = gettext_lazy("登记咨询（首问负责）")

    def perform(self, form):
        made = consultation_record(by=self.request.user, data=form.consultation_in())
        return made, _("已登记咨询 %(number)s，首问负责人：%(who)s。") % {
            "number": made.number,
            "who": ServicePoint.staff_display_name(made.first_responder),
        }
