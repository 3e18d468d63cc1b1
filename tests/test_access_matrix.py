"""Authorization sweep: every URL pattern, every role, against docs/access-matrix.md.

The table is the one place the allowed/denied matrix is written down. The walk
requests each row's URL once per role on the demo county (seed_demo) and collects
every difference, so one run shows all of them. A URL pattern without a row, or a
row whose pattern is gone, fails too: a new view cannot be added unreviewed.

To draft rows for new URLs, run with ACCESS_MATRIX_OBSERVED=/tmp/observed.md: the
outcomes seen are written there as a table (review them against the roles' intent
before copying a row; the file is a draft, not the answer).
"""

import datetime
import io
import os
import time
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import NoReverseMatch, reverse

from tests.access_matrix import (
    COLUMNS,
    OUTCOMES,
    ROLES,
    Row,
    outcome_of,
    read_matrix,
    url_patterns,
)

ERROR_PAGES = {"wagtailadmin_error_test"}
USERNAMES = {
    "editor": "demo-editor",
    "moderator": "demo-moderator",
    "clerk": "demo-clerk-1",
    "coordinator": "demo-coord-dongling-shangzhuang",
    "township_reviewer": "demo-township-reviewer-1",
    "reviewer": "demo-reviewer",
    "auditor": "demo-auditor",
    "superuser": "admin",
}


def test_access_matrix_is_well_formed():
    rows, problems = read_matrix()
    assert not problems, "docs/access-matrix.md:\n" + "\n".join(problems)
    for row in rows:
        assert set(row.outcomes) == set(ROLES)
        assert all(row.outcomes[role] in OUTCOMES for role in ROLES)
        # A server error is expected of Wagtail's own error test page only.
        if row.key not in ERROR_PAGES:
            assert "error" not in row.outcomes.values(), row.key


def test_access_matrix_has_one_row_for_every_url_pattern_and_no_other():
    rows, _problems = read_matrix()
    patterns = {p.key for p in url_patterns()}
    keyed = {row.pattern_key for row in rows}
    missing = sorted(patterns - keyed)
    gone = sorted(keyed - patterns)
    assert not missing and not gone, (
        f"URL patterns without a row in docs/access-matrix.md: {missing}\n"
        f"rows whose URL pattern no longer exists: {gone}"
    )


# --- the demo county and the objects each row's URL is filled with -------------


@dataclass
class County:
    """Objects picked so that scoping is exercised: the clerk is township 1's and
    the coordinator is the village of the main case."""

    ids: dict


def _png() -> bytes:
    from PIL import Image as PILImage

    out = io.BytesIO()
    PILImage.new("RGB", (40, 30), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def _objects_in_progress(guide, collection, editor) -> dict:
    """What the password, upload and editing-session URLs name, so that their
    rows check who may use them rather than that the id does not exist."""
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone
    from wagtail.admin.models import EditingSession
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import (
        BaseViewRestriction,
        CollectionViewRestriction,
        Page,
        PageViewRestriction,
        UploadedFile,
    )

    password = BaseViewRestriction.PASSWORD
    private = Page.objects.get(slug="zaihai-jiuzhu-2023")
    locked = collection.get_parent().add_child(name="访问矩阵密码附件")

    def upload(model, name, content):
        return UploadedFile.objects.create(
            for_content_type=ContentType.objects.get_for_model(model),
            file=ContentFile(content, name=name),
            uploaded_by_user=editor,
        )

    return {
        "private_page": private.pk,
        "page_restriction": PageViewRestriction.objects.create(
            page=private, restriction_type=password, password="matrix-2026"
        ).pk,
        "collection_restriction": CollectionViewRestriction.objects.create(
            collection=locked, restriction_type=password, password="matrix-2026"
        ).pk,
        "document_upload": upload(
            get_document_model(), "pending.pdf", b"%PDF-1.4 pending\n"
        ).pk,
        "image_upload": upload(get_image_model(), "pending.png", _png()).pk,
        "editing_session": EditingSession.objects.create(
            user=editor,
            content_type=ContentType.objects.get_for_model(Page),
            object_id=str(guide.pk),
            last_seen_at=timezone.now(),
        ).pk,
        "alias": Page.objects.get(slug="linshi-2016")
        .create_alias(update_slug="linshi-2016-alias")
        .pk,
    }


def _failed_job():
    """A background job that failed (the demo's jobs ran at once, leaving none)."""
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    now = timezone.now()
    return DBTaskResult.objects.create(
        status="FAILED",
        task_path="search.tasks.apply_index_outbox",
        args_kwargs={"args": [], "kwargs": {}},
        backend_name="default",
        run_after=now,
        traceback="BackendUnavailable",
    )


def _pending_id_change(case, clerk):
    """身份证号码更正 asked for by the township 1 clerk, waiting for a reviewer."""
    from cases.services import applicant_id_change_request
    from tests.factories.api import with_check_digit

    return applicant_id_change_request(
        by=clerk,
        case=case,
        new_id_number=with_check_digit("11010519491231003"),
        reason="访问矩阵：待审核的号码更正。",
    )


def _published_document():
    """A document a published policy links: public (portal/documents.py)."""
    from wagtail.documents import get_document_model
    from wagtail.models import Page

    from portal.models import PolicyPage

    document = get_document_model().objects.create(
        title="访问矩阵公开附件",
        file=ContentFile(b"%PDF-1.4 published\n", name="published.pdf"),
    )
    link = f'<a linktype="document" id="{document.pk}">附件</a>'
    page = PolicyPage(
        title="访问矩阵附件通知",
        slug="matrix-attachment",
        document_number="",
        body=[("paragraph", f"<p>{link}</p>")],
    )
    Page.objects.get(slug="policies").add_child(instance=page)
    page.save_revision().publish()
    return document


def _recipient_case(township: str) -> str:
    """A case whose recipient (在册对象) is still paid, in the township."""
    from cases.models import Case

    return (
        Case.objects.filter(township__code=township, recipient__status="active")
        .order_by("number")
        .first()
        .number
    )


def build_county() -> County:
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import (
        Collection,
        Page,
        Site,
        Task,
        TaskState,
        Workflow,
        WorkflowState,
    )

    from cases.models import (
        ArchiveCategory,
        ArchiveEntry,
        CalendarDay,
        Case,
        CaseAttachment,
        Complaint,
        Consultation,
        Extension,
        FollowUp,
        HolidayArrangement,
        Lead,
        Notice,
        Referral,
        RegistrationEntry,
        VerificationObjection,
    )
    from core.roles import GROUP_NAMES, Role
    from portal.models import (
        Department,
        DisplayRequirement,
        Posting,
        PrintEdition,
        ReplacementTask,
        SearchSynonym,
        ServiceGuidePage,
        ServicePoint,
        StaffProfile,
        Township,
        Village,
    )

    call_command("seed_demo", verbosity=0, stdout=io.StringIO())
    User = get_user_model()
    guide = ServiceGuidePage.objects.get(slug="linshi")
    draft_state = WorkflowState.objects.get(status="in_progress")
    task_state = TaskState.objects.get(workflow_state=draft_state, status="in_progress")
    root = Collection.get_first_root_node()
    collection = root.add_child(name="访问矩阵附件")
    document = get_document_model().objects.create(
        title="访问矩阵测试附件",
        file=ContentFile(b"%PDF-1.4 access matrix\n", name="matrix.pdf"),
        collection=collection,
    )
    published = _published_document()
    image = get_image_model().objects.create(
        title="访问矩阵测试图片",
        file=ContentFile(_png(), name="matrix.png"),
        collection=collection,
    )
    redirect = Redirect.objects.create(old_path="/old-linshi", redirect_page=guide)
    day = CalendarDay.objects.create(
        date=datetime.date(2031, 1, 1), kind=CalendarDay.Kind.HOLIDAY, name="元旦"
    )
    arrangement = HolidayArrangement.objects.create(
        year=2031,
        document="国办发明电〔2030〕1号",
        published_on=datetime.date(2030, 11, 1),
    )
    window = ServicePoint.objects.get(code="dongling-window")
    case = Case.objects.get(village__code="dongling-shangzhuang", number__endswith="1")
    extension = Extension.objects.filter(status="requested").first()
    pending = VerificationObjection.objects.get(status="submitted")
    id_change = _pending_id_change(
        Case.objects.get(village__code="dongling-shiqiao", status="received"),
        User.objects.get(username=USERNAMES["clerk"]),
    )
    ids = {
        "home": Page.objects.get(depth=2).pk,
        "guide_index": guide.get_parent().pk,
        "policy_index": Page.objects.get(slug="policies").pk,
        "guide": guide.pk,
        "guide_path": "guides/linshi/",
        "guide_revision": guide.latest_revision.pk,
        "draft": draft_state.object_id,
        "task_state": task_state.pk,
        "task": task_state.task_id,
        "workflow_state": draft_state.pk,
        "workflow": draft_state.workflow_id,
        "workflow_page": Workflow.objects.get(pk=draft_state.workflow_id)
        .workflow_pages.first()
        .page_id,
        "moderation_task": Task.objects.get(pk=task_state.task_id).pk,
        "collection": collection.pk,
        "document": document.pk,
        "document_file": document.filename,
        "document_path": document.file.name,
        "published_document": published.pk,
        "published_document_file": published.filename,
        "image_path": image.file.name,
        "image": image.pk,
        "redirect": redirect.pk,
        "calendarday": day.pk,
        "holidayarrangement": arrangement.pk,
        "site": Site.objects.get(is_default_site=True).pk,
        "user": User.objects.get(username="demo-clerk-1b").pk,
        "group": Group.objects.get(name=GROUP_NAMES[Role.CLERK]).pk,
        "township": Township.objects.get(code="dongling").pk,
        "village": Village.objects.get(code="dongling-shangzhuang").pk,
        "servicepoint": window.pk,
        "department": Department.objects.order_by("pk").first().pk,
        "assistancetype": guide.assistance_type_id,
        "staffprofile": StaffProfile.objects.get(user__username="demo-clerk-1b").pk,
        "displayrequirement": DisplayRequirement.objects.order_by("pk").first().pk,
        "searchsynonym": SearchSynonym.objects.order_by("pk").first().pk,
        "point": window.code,
        "village_point": "dongling-shangzhuang-station",
        "posting": Posting.objects.filter(service_point=window).first().pk,
        "replacement_task": ReplacementTask.objects.filter(service_point=window)
        .first()
        .pk,
        "edition": PrintEdition.objects.filter(page=guide).order_by("-number")[0].code,
        "case": case.number,
        "case_other_village": Case.objects.get(
            village__code="dongling-shiqiao", status="received"
        ).number,
        "case_other_township": Case.objects.filter(
            township__code="nanxi", status="received"
        )
        .order_by("number")
        .first()
        .number,
        "recipient_case": _recipient_case("dongling"),
        "recipient_case_other_township": _recipient_case("nanxi"),
        "extension_case": extension.deadline.case.number,
        "extension": extension.pk,
        "id_change_case": id_change.case.number,
        "id_change": id_change.pk,
        "notice": Notice.objects.filter(case=case).first().number,
        "referral": Referral.objects.filter(case__township__code="dongling")
        .order_by("number")
        .first()
        .number,
        "complaint": Complaint.objects.filter(township__code="dongling")
        .order_by("number")
        .first()
        .number,
        "lead": Lead.objects.get(village__code="dongling-shangzhuang").number,
        "lead_other_township": Lead.objects.get(township__code="nanxi").number,
        "entry": RegistrationEntry.objects.get(
            village__code="dongling-shangzhuang"
        ).number,
        "followup": FollowUp.objects.filter(case__township__code="dongling").first().pk,
        "consultation": Consultation.objects.filter(township__code="dongling")
        .order_by("number")
        .first()
        .number,
        "consultation_other_township": Consultation.objects.filter(
            township__code="nanxi"
        )
        .first()
        .number,
        # 案件附件 of the main case, and the demo's objection waiting for the
        # 东岭镇 township reviewer (its case is of 岭北社区, not the coordinator's).
        "attachment": CaseAttachment.objects.filter(case=case).first().pk,
        "objection_case": pending.case.number,
        "objection": pending.pk,
        "job": _failed_job().pk,
        # 档案目录: a filed case of township 1 and one of township 2.
        "archive_entry": ArchiveEntry.objects.filter(
            township__code="dongling", kind="case"
        )
        .order_by("number")
        .first()
        .number,
        "archive_entry_other_township": ArchiveEntry.objects.filter(
            township__code="nanxi", kind="case"
        )
        .order_by("number")
        .first()
        .number,
        "archivecategory": ArchiveCategory.objects.get(code="YW").pk,
        **_objects_in_progress(
            guide, collection, User.objects.get(username=USERNAMES["editor"])
        ),
    }
    return County(ids)


def _kwargs(key: str, variant: str, ids: dict) -> dict:
    """What each URL parameter is filled with, by row key, then by name."""
    snippet_model = key.split(":")[0].rsplit("_", 1)[-1] if "snippet" in key else ""
    case = {
        "other-township": ids["case_other_township"],
        "other-township-valid": ids["case_other_township"],
        "other-village": ids["case_other_village"],
    }.get(variant, ids["case"])
    recipient = {
        "number": ids["recipient_case_other_township"]
        if variant.startswith("other-township")
        else ids["recipient_case"]
    }
    by_key = {
        "cases_admin_review": recipient,
        "cases_admin_benefit_change": recipient,
        "cases_admin_income_varies": recipient,
        "api:review_create": recipient,
        "api:benefit_change_create": recipient,
        "wagtailadmin_api:pages:detail": {"pk": ids["guide"]},
        "wagtailadmin_api:pages:action": {"pk": ids["guide"], "action_name": "copy"},
        "wagtailadmin_api:documents:detail": {"pk": ids["document"]},
        "wagtailadmin_api:images:detail": {"pk": ids["image"]},
        "wagtaildocs_chooser:chosen": {"pk": ids["document"]},
        "wagtailimages_chooser:chosen": {"pk": ids["image"]},
        "wagtailadmin_collections:edit": {"pk": ids["collection"]},
        "wagtailadmin_collections:delete": {"pk": ids["collection"]},
        "wagtailadmin_workflows:enable": {"pk": ids["workflow"]},
        "wagtailadmin_workflows:disable": {"pk": ids["workflow"]},
        "wagtailadmin_workflows:edit": {"pk": ids["workflow"]},
        "wagtailadmin_workflows:usage": {"pk": ids["workflow"]},
        "wagtailadmin_workflows:usage_results": {"pk": ids["workflow"]},
        "wagtailadmin_workflows:edit_task": {"pk": ids["moderation_task"]},
        "wagtailadmin_workflows:disable_task": {"pk": ids["moderation_task"]},
        "wagtailadmin_workflows:enable_task": {"pk": ids["moderation_task"]},
        "wagtailadmin_workflows:task_chosen": {"task_id": ids["moderation_task"]},
        "wagtailadmin_pages:workflow_preview": {
            "page_id": ids["draft"],
            "task_id": ids["task"],
        },
        "wagtailadmin_pages:workflow_history_detail": {
            "page_id": ids["draft"],
            "workflow_state_id": ids["workflow_state"],
        },
        "wagtailadmin_pages:confirm_workflow_cancellation": {"page_id": ids["draft"]},
        "wagtailadmin_pages:workflow_action": {"page_id": ids["draft"]},
        "wagtailadmin_pages:collect_workflow_action_data": {"page_id": ids["draft"]},
        "wagtailadmin_pages:move_confirm": {
            "page_to_move_id": ids["guide"],
            "destination_id": ids["guide_index"],
        },
        "wagtailadmin_pages:revisions_compare": {
            "pk": ids["guide"],
            "revision_id_a": "earliest",
            "revision_id_b": "latest",
        },
        "offline_posting_remove": {"pk": ids["posting"]},
        "offline_task": {"pk": ids["replacement_task"]},
        "background_jobs:inspect": {"pk": ids["job"]},
        "cases_admin_extension_decide": {
            "number": ids["extension_case"],
            "extension_id": ids["extension"],
        },
        "cases_admin_id_change_decide": {
            "number": ids["id_change_case"],
            "correction_id": ids["id_change"],
        },
        "api:attachment_download": {"number": ids["case"], "id": ids["attachment"]},
        "api:objection_township_review_create": {
            "number": ids["objection_case"],
            "id": ids["objection"],
        },
        "api:objection_county_review_create": {
            "number": ids["objection_case"],
            "id": ids["objection"],
        },
        "cases_admin_objection_township_review": {
            "number": ids["objection_case"],
            "objection_id": ids["objection"],
        },
        "cases_admin_objection_county_review": {
            "number": ids["objection_case"],
            "objection_id": ids["objection"],
        },
        "cases_admin_referral": {"number": ids["referral"]},
        "cases_admin_complaint": {"number": ids["complaint"]},
        "cases_admin_lead": {
            "number": ids["lead_other_township"]
            if variant == "other-township"
            else ids["lead"]
        },
        "cases_admin_entry": {"number": ids["entry"]},
        "cases_admin_archive_entry": {
            "archive_number": ids["archive_entry_other_township"]
            if variant == "other-township"
            else ids["archive_entry"]
        },
        "cases_admin_consultation": {
            "number": ids["consultation_other_township"]
            if variant == "other-township"
            else ids["consultation"]
        },
        "api:consultation_detail": {
            "number": ids["consultation_other_township"]
            if variant == "other-township"
            else ids["consultation"]
        },
        "cases_followup_modeladmin_edit": {"instance_pk": ids["followup"]},
        "cases_followup_modeladmin_delete": {"instance_pk": ids["followup"]},
        "cases_followup_modeladmin_history": {"instance_pk": ids["followup"]},
        "wagtailsites:edit": {"pk": ids["site"]},
        "wagtailsites:delete": {"pk": ids["site"]},
        "wagtailsites:history": {"pk": ids["site"]},
        "wagtailsites:history_results": {"pk": ids["site"]},
        "wagtailsites:usage": {"pk": ids["site"]},
        "wagtailsites:copy": {"pk": ids["site"]},
        "api:referral_detail": {"number": ids["referral"]},
        "api:referral_feedback_create": {"number": ids["referral"]},
        "api:referral_result_create": {"number": ids["referral"]},
        "portal:print": {"page_path": ids["guide_path"]},
        "portal:poster": {"page_path": ids["guide_path"]},
        "offline_point": {
            "code": ids["village_point"]
            if variant == "village-station"
            else ids["point"]
        },
        "offline_posting_record": {"code": ids["point"]},
        "portal:verify": {"code": ids["edition"]},
        "wagtailcore_authenticate_with_password": {"page_id": ids["private_page"]},
        "wagtailadmin_pages:convert_alias": {"page_id": ids["alias"]},
    }
    by_name = {
        "parent_page_id": ids["guide_index"],
        "page_id": ids["guide"],
        "page_to_move_id": ids["guide"],
        "content_type_app_name": "portal",
        "content_type_model_name": "serviceguidepage",
        "app_label": "portal",
        "model_name": "serviceguidepage",
        "action_name": "approve",
        "task_state_id": ids["task_state"],
        "revision_id": ids["guide_revision"],
        "action": "delete",
        "app_name": "taggit",
        "object_id": str(ids["guide"]),
        "session_id": ids["editing_session"],
        "code": ids["point"],
        "number": case,
        "notice_number": ids["notice"],
        "collection_id": ids["collection"],
        "page_pk": ids["workflow_page"],
        "workflow_pk": ids["workflow"],
        "document_id": ids["document"],
        "document_filename": ids["document_file"],
        "doc_id": ids["document"],
        "uploaded_file_id": ids["image_upload"]
        if key.startswith("wagtailimages")
        else ids["document_upload"],
        "image_id": ids["image"],
        "filter_spec": "fill-20x20",
        "uidb64": "MQ",
        "token": "abc-0123456789abcdef",
        "restriction_id": ids["collection_restriction"],
        "page_view_restriction_id": ids["page_restriction"],
        "name": "font-size",
        "value": "large",
        "redirect_id": ids["redirect"],
        "correction_id": ids["id_change"],
        "attachment_id": ids["attachment"],
    }
    values = dict(by_name)
    if key.startswith("wagtailusers_users:"):
        values["pk"] = ids["user"]
    elif key.startswith("wagtailusers_groups:"):
        values["pk"] = ids["group"]
    elif key.startswith("cases_calendarday_modeladmin_"):
        values["instance_pk"] = ids["calendarday"]
    elif key.startswith("cases_holidayarrangement_modeladmin_"):
        values["instance_pk"] = ids["holidayarrangement"]
    elif key.startswith("cases_archivecategory_modeladmin_"):
        values["instance_pk"] = ids["archivecategory"]
    elif snippet_model:
        values["pk"] = ids[snippet_model]
    values.update(by_key.get(key, {}))
    return values


# Exceptions to the by-name defaults for a few keys.
_OVERRIDES = {
    "cases_stats_job": {"job_id": "0" * 32},
    "cases_stats_job_download": {"job_id": "0" * 32},
    "wagtail_bulk_action": {"app_label": "wagtailcore", "model_name": "page"},
    "wagtailadmin_tag_model_autocomplete": {
        "app_name": "taggit",
        "model_name": "tag",
    },
    "wagtailadmin_editing_sessions:ping": {
        "app_label": "wagtailcore",
        "model_name": "page",
    },
    "wagtailadmin_workflows:add_task": {
        "app_label": "wagtailcore",
        "model_name": "groupapprovaltask",
    },
    "wagtailsettings:edit(app_name,model_name)": {
        "app_name": "portal",
        "model_name": "nosuchsetting",
    },
    "wagtailsettings:edit(app_name,model_name,pk)": {
        "app_name": "portal",
        "model_name": "nosuchsetting",
        "pk": 1,
    },
    "wagtailsettings:preview_on_edit": {
        "app_name": "portal",
        "model_name": "nosuchsetting",
        "pk": 1,
    },
}

# Paths of patterns that reverse() cannot build (unnamed or positional).
_PATHS = {
    "favicon.ico": "/favicon.ico",
    "admin/test404/": "/admin/test404/",
    "admin/^.*/$": "/admin/no-such-admin-page/",
    "^api/": "/api/v2/no-such-endpoint",
    "wagtail_serve": "/{guide_path}",
    "wagtaildocs_serve": "/documents/{document}/{document_file}",
}
# Rows whose variant asks for another path than the pattern's default one.
_VARIANT_PATHS = {
    "wagtaildocs_serve[published]": (
        "/documents/{published_document}/{published_document_file}"
    ),
    "media": "/media/{image_path}",
    "media[document]": "/media/{document_path}",
}

# Query strings a row needs to reach its view's real work.
_QUERIES = {
    "wagtailadmin_api:pages:find": "?id={guide}",
    "wagtailadmin_api:documents:find": "?id={document}",
    "wagtailadmin_api:images:find": "?id={image}",
    "api:progress": "?number={case}&phone_last4=0101",
    "api:complaint_progress_check": "?number={complaint}&phone_last4=9901",
    "api:search": "?q=救助",
    "wagtail_bulk_action": "?id={guide}",
    "wagtailimages:url_generator_output": "?filter=fill-20x20",
    "archive_search": "?q=救助",
    "cases_stats[other-township]": "?township=nanxi",
    "cases_stats_csv[other-township]": "?township=nanxi",
    "cases_roster_xlsx": "?month=" + f"{datetime.date.today():%Y-%m}",
    "api:reviews_due_list": "?within_days=60",
}


# Rows named ``…[valid]`` send a complete request, so the answer is the rule's
# and not the form's: an empty POST is refused as invalid before anyone asks
# whether this user may do it. JSON for the API, a form body for the admin.
def _bodies(ids: dict) -> dict:
    from tests.factories.api import with_check_digit
    from tests.factories.cases import VALID_ID

    decide = f"decide{ids['extension']}"
    correction = {"address": "访问矩阵：更正后的住址", "reason": "访问矩阵：住址更正。"}
    objection = {"warning": "访问矩阵：名下有车辆", "evidence": "访问矩阵：注销证明"}
    review = {"uphold": True, "opinion": "访问矩阵：佐证属实"}
    return {
        "api:case_create[valid]": {
            "assistance_type": "linshi",
            "channel": "online",
            "township": "dongling",
            "applicant": {
                "name": "测试申请人",
                "id_number": VALID_ID,
                "phone": "13900000000",
                "address": "青禾县东岭镇上庄村",
            },
            "description": "访问矩阵：完整的网上申请。",
        },
        "api:consultation_create[valid]": {
            "channel": "phone",
            "township": "dongling",
            "topic": "访问矩阵：低保怎么申请？",
            "answer": "访问矩阵：已告知所需材料和办理程序。",
            "one_time_notice": True,
        },
        "api:case_transition_create[valid]": {"action": "accept"},
        "api:review_create[valid]": {"outcome": "continue"},
        "api:review_create[other-township-valid]": {"outcome": "continue"},
        "api:benefit_change_create[valid]": {
            "kind": "back_pay",
            "amount": "100",
            "effective_month": f"{datetime.date.today():%Y-%m}",
            "reason": "访问矩阵：补发",
        },
        "cases_admin_review[valid]": {"review-outcome": "continue"},
        "api:case_transition_create[other-township-valid]": {"action": "accept"},
        "api:referral_feedback_create[valid]": {"feedback": "已收到，正在办理。"},
        "api:applicant_correction_create[valid]": correction,
        "api:applicant_correction_create[other-township-valid]": correction,
        "api:id_number_change_create[valid]": {
            "new_id_number": with_check_digit("11010519491231004"),
            "reason": "访问矩阵：号码更正申请。",
        },
        "api:id_number_change_decision[valid]": {"approve": True},
        "cases_admin_id_change_decide[valid]": {
            f"idc{ids['id_change']}-decision": "approve"
        },
        "api:objection_create[valid]": objection,
        "api:objection_township_review_create[valid]": review,
        "cases_admin_objection[valid]": {
            f"objection-{k}": v for k, v in objection.items()
        },
        "cases_admin_objection_township_review[valid]": {
            f"objection{ids['objection']}-decision": "uphold",
            f"objection{ids['objection']}-opinion": review["opinion"],
        },
        "cases_admin_extension_decide[valid]": {
            f"{decide}-decision": "approve",
            f"{decide}-informed_how": "电话告知本人",
        },
    }


def build_path(row: Row, patterns: dict, ids: dict) -> str:
    pattern = patterns[row.pattern_key]
    query = _QUERIES.get(row.key, "").format(**ids)
    if row.key in _VARIANT_PATHS:
        return _VARIANT_PATHS[row.key].format(**ids) + query
    if pattern.key in _PATHS:
        return _PATHS[pattern.key].format(**ids) + query
    kwargs = {}
    if pattern.kwargs:
        values = {
            **_kwargs(row.pattern_key, row.variant, ids),
            **_OVERRIDES.get(pattern.key, {}),
        }
        unknown = [name for name in pattern.kwargs if name not in values]
        if unknown:
            raise AssertionError(f"{row.key}: no value for URL parameter {unknown}")
        kwargs = {name: values[name] for name in pattern.kwargs}
    candidates = [p.route for p in patterns.values() if p.lookup == pattern.lookup]
    try:
        path = reverse(pattern.lookup, kwargs=kwargs)
    except NoReverseMatch as exc:
        raise AssertionError(f"{row.key}: cannot build its URL ({exc})") from exc
    if len(candidates) > 1 and not _reversed_to(path, pattern):
        raise AssertionError(f"{row.key}: reverse() chose another pattern: {path}")
    return path + query


def _reversed_to(path: str, pattern) -> bool:
    from django.urls import resolve

    match = resolve(path.split("?")[0])
    return tuple(sorted(match.kwargs)) == tuple(sorted(pattern.kwargs))


# --- the walk ----------------------------------------------------------------


def _sessions(users: dict) -> dict[str, str]:
    keys = {}
    for role, user in users.items():
        client = Client()
        client.force_login(user)
        keys[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return keys


def _request(row: Row, path: str, role: str, session: str | None, token, n: int, body):
    client = Client(REMOTE_ADDR=f"10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}")
    if session:
        client.cookies[settings.SESSION_COOKIE_NAME] = session
    headers = {"authorization": f"Bearer {token}"} if token else {}
    if row.method == "GET":
        send = partial(client.get, path)
    elif row.pattern_key == "api:attachment_create":
        # The upload is multipart (an empty form: no file, no material).
        send = partial(client.post, path, body or {})
    elif path.startswith("/api/"):
        # The API reads JSON only (another media type is 415): an empty object.
        send = partial(client.post, path, body or {}, content_type="application/json")
    else:
        send = partial(client.post, path, body or {})
    # Each request sees the same county: whatever it changes is rolled back.
    with transaction.atomic():
        try:
            response = send(headers=headers)
            got = outcome_of(response)
        except Exception as exc:  # noqa: BLE001 - every failure is reported together
            got, detail = "error", f" ({type(exc).__name__}: {str(exc)[:120]})"
        else:
            detail = ""
        transaction.set_rollback(True)
    return got, detail


def _cannot_run_here() -> set[str]:
    """The poster needs WeasyPrint and pango (503 without): skipped, except in CI."""
    from portal.printing.pdf import unavailable_reason

    if unavailable_reason() is not None and not os.environ.get("CI"):
        return {"portal:poster"}
    return set()


def _write_observed(target: str, observed: dict, rows: list[Row]) -> None:
    lines = [
        "| " + " | ".join(COLUMNS) + " |",
        "|" + "---|" * len(COLUMNS),
    ]
    for row in rows:
        if row.key not in observed:
            continue  # skipped here (_cannot_run_here)
        cells = [row.key, row.method, *(observed[row.key][r] for r in ROLES), row.note]
        lines.append("| " + " | ".join(cells) + " |")
    Path(target).write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_every_url_answers_every_role_as_the_access_matrix_says(db, settings, tmp_path):
    from wagtail.models import APIToken

    settings.MEDIA_ROOT = tmp_path
    started = time.monotonic()
    rows, problems = read_matrix()
    assert not problems, problems
    county = build_county()
    User = get_user_model()
    users = {role: User.objects.get(username=name) for role, name in USERNAMES.items()}
    sessions = _sessions(users)
    tokens = {
        role: APIToken.create_token(user=user, name="access matrix")[1]
        for role, user in users.items()
    }
    patterns = {p.key: p for p in url_patterns()}
    bodies = _bodies(county.ids)
    mismatches = []
    observed = {}
    count = 0
    skipped = _cannot_run_here()
    for row in rows:
        if row.pattern_key not in patterns or row.pattern_key in skipped:
            continue  # a missing pattern is reported by the coverage test
        path = build_path(row, patterns, county.ids)
        observed[row.key] = {}
        for role in ROLES:
            count += 1
            token = tokens.get(role) if path.startswith("/api/") else None
            got, detail = _request(
                row, path, role, sessions.get(role), token, count, bodies.get(row.key)
            )
            observed[row.key][role] = got
            if got != row.outcomes[role]:
                mismatches.append(
                    f"{row.key} ({row.method} {path}) as {role}: "
                    f"expected {row.outcomes[role]}, got {got}{detail}"
                )
    if target := os.environ.get("ACCESS_MATRIX_OBSERVED"):
        _write_observed(target, observed, rows)
    elapsed = time.monotonic() - started
    assert not mismatches, (
        f"{len(mismatches)} of {count} requests differ from docs/access-matrix.md "
        f"({elapsed:.0f} s):\n" + "\n".join(mismatches)
    )
