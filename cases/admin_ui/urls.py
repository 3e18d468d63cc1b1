"""Admin URLs of a case, addressed by its number (JZ2026000123)."""

from django.urls import path, re_path, register_converter

NUMBER = r"(?P<number>[A-Z]{2}\d{4,12})"


class CaseNumberConverter:
    """A case number in a path (JZ2026000123), for ``path()`` routes."""

    regex = r"[A-Z]{2}\d{4,12}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(CaseNumberConverter, "case_number")


def case_urls(model_admin) -> list:
    from .views import actions, corrections, documents, intake, pages

    create_name = model_admin.url_helper.get_action_url_name("create")
    base = r"^cases/case/" + NUMBER
    case = "cases/case/<case_number:number>"
    return [
        path(
            "cases/case/create/",
            intake.IntakeView.as_view(model_admin=model_admin),
            name=create_name,
        ),
        re_path(base + r"/$", pages.CasePageView.as_view(), name="cases_admin_case"),
        re_path(
            base + r"/history/$",
            pages.CaseHistoryView.as_view(),
            name="cases_admin_history",
        ),
        re_path(
            base + r"/transition/$",
            actions.TransitionView.as_view(),
            name="cases_admin_transition",
        ),
        re_path(
            base + r"/reveal-id/$",
            actions.RevealIdView.as_view(),
            name="cases_admin_reveal",
        ),
        re_path(
            base + r"/one-time-notice/$",
            actions.OneTimeNoticeView.as_view(),
            name="cases_admin_one_time_notice",
        ),
        re_path(
            base + r"/materials-supplied/$",
            actions.MaterialsSuppliedView.as_view(),
            name="cases_admin_supplied",
        ),
        re_path(
            base + r"/material-request/$",
            actions.MaterialRequestView.as_view(),
            name="cases_admin_material_request",
        ),
        re_path(
            base + r"/extension/$",
            actions.ExtensionRequestView.as_view(),
            name="cases_admin_extension",
        ),
        re_path(
            base + r"/extension/(?P<extension_id>\d+)/decide/$",
            actions.ExtensionDecideView.as_view(),
            name="cases_admin_extension_decide",
        ),
        re_path(
            base + r"/refer/$", actions.ReferView.as_view(), name="cases_admin_refer"
        ),
        re_path(
            base + r"/follow-up/$",
            actions.FollowUpView.as_view(),
            name="cases_admin_followup",
        ),
        re_path(
            base + r"/exit/$",
            actions.ExitView.as_view(),
            name="cases_admin_exit",
        ),
        path(
            f"{case}/applicant/correct/",
            corrections.ApplicantCorrectView.as_view(),
            name="cases_admin_applicant_correct",
        ),
        path(
            f"{case}/applicant/id-number-change/",
            corrections.IdNumberChangeRequestView.as_view(),
            name="cases_admin_id_change_request",
        ),
        path(
            f"{case}/applicant/id-number-change/<int:correction_id>/decide/",
            corrections.IdNumberChangeDecideView.as_view(),
            name="cases_admin_id_change_decide",
        ),
        re_path(
            base + r"/notices/(?P<notice_number>[A-Z]{2}\d{4,12})/$",
            documents.NoticePrintView.as_view(),
            name="cases_admin_notice",
        ),
    ]
