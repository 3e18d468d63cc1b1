"""Admin URLs of a case, addressed by its number (JZ2026000123)."""

from django.urls import path

from . import converters  # noqa: F401 - registers <record_number:…>


def case_urls(model_admin) -> list:
    from .views import (
        actions,
        corrections,
        documents,
        evidence,
        intake,
        pages,
        recipient_actions,
    )

    case = "cases/case/<record_number:number>"
    return [
        path(
            "cases/case/create/",
            intake.IntakeView.as_view(model_admin=model_admin),
            name=model_admin.url_helper.get_action_url_name("create"),
        ),
        path(f"{case}/", pages.CasePageView.as_view(), name="cases_admin_case"),
        path(
            f"{case}/history/",
            pages.CaseHistoryView.as_view(),
            name="cases_admin_history",
        ),
        path(
            f"{case}/transition/",
            actions.TransitionView.as_view(),
            name="cases_admin_transition",
        ),
        path(
            f"{case}/reveal-id/",
            actions.RevealIdView.as_view(),
            name="cases_admin_reveal",
        ),
        path(
            f"{case}/one-time-notice/",
            actions.OneTimeNoticeView.as_view(),
            name="cases_admin_one_time_notice",
        ),
        path(
            f"{case}/materials-supplied/",
            actions.MaterialsSuppliedView.as_view(),
            name="cases_admin_supplied",
        ),
        path(
            f"{case}/material-request/",
            actions.MaterialRequestView.as_view(),
            name="cases_admin_material_request",
        ),
        path(
            f"{case}/extension/",
            actions.ExtensionRequestView.as_view(),
            name="cases_admin_extension",
        ),
        path(
            f"{case}/extension/<int:extension_id>/decide/",
            actions.ExtensionDecideView.as_view(),
            name="cases_admin_extension_decide",
        ),
        path(f"{case}/refer/", actions.ReferView.as_view(), name="cases_admin_refer"),
        path(
            f"{case}/follow-up/",
            actions.FollowUpView.as_view(),
            name="cases_admin_followup",
        ),
        path(f"{case}/exit/", actions.ExitView.as_view(), name="cases_admin_exit"),
        path(
            f"{case}/review/",
            recipient_actions.ReviewView.as_view(),
            name="cases_admin_review",
        ),
        path(
            f"{case}/benefit-change/",
            recipient_actions.BenefitChangeView.as_view(),
            name="cases_admin_benefit_change",
        ),
        path(
            f"{case}/income-varies/",
            recipient_actions.IncomeVariesView.as_view(),
            name="cases_admin_income_varies",
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
        path(
            f"{case}/attachments/",
            evidence.AttachmentUploadView.as_view(),
            name="cases_admin_attachment_upload",
        ),
        path(
            f"{case}/attachments/<int:attachment_id>/",
            evidence.AttachmentDownloadView.as_view(),
            name="cases_admin_attachment",
        ),
        path(
            f"{case}/objections/",
            evidence.ObjectionSubmitView.as_view(),
            name="cases_admin_objection",
        ),
        path(
            f"{case}/objections/<int:objection_id>/township-review/",
            evidence.TownshipReviewView.as_view(),
            name="cases_admin_objection_township_review",
        ),
        path(
            f"{case}/objections/<int:objection_id>/county-review/",
            evidence.CountyReviewView.as_view(),
            name="cases_admin_objection_county_review",
        ),
        path(
            f"{case}/notices/<record_number:notice_number>/",
            documents.NoticePrintView.as_view(),
            name="cases_admin_notice",
        ),
    ]
