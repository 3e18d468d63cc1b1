"""历史记录以中文示人: every record a case gathers, as the timeline (admin and
API) and the archive search show it, reads as a person reads it: names not
usernames or ids, labels not codes, no raw dicts or lists, no English.

The main workflow of every demo type is scanned in
``test_rules_every_stage_on_a_clock``; here a case gathers every other kind of
record on the way (一次性告知, 补正, 延期, 核对异议, 转办, 更正, 投诉, 回访, 退出).
"""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cases.demo_files import tiny_pdf
from cases.models import Extension
from cases.services import (
    applicant_correct,
    applicant_id_change_decide,
    applicant_id_change_request,
    attachment_upload,
    case_exit,
    case_transition,
    extension_decide,
    extension_request,
    followup_record,
    materials_supplied,
    objection_county_review,
    objection_submit,
    objection_township_review,
    one_time_notice_issue,
    referral_feedback,
)
from cases.timeline import case_timeline
from search.sources.base import Directory
from search.sources.history import docs_for_objects, objects_of_case
from tests.factories.api import ApiClient, with_check_digit
from tests.factories.cases import approval_terms, received_case
from tests.factories.plain_words import problems
from tests.factories.records import referral, staff_complaint
from tests.factories.staff import township_reviewer

pytestmark = pytest.mark.django_db

NEW_ID = with_check_digit("11010519491231011")


def timeline_words(entries) -> list[str]:
    lines = []
    for entry in entries:
        lines += [entry.user, entry.kind_label, entry.record, entry.reason]
        for change in entry.changes:
            lines += [change.label, change.old, change.new]
    return lines


def admin_history_text(client, user, number: str) -> str:
    client.force_login(user)
    page = client.get(f"/admin/cases/case/{number}/history/").content.decode()
    table = page.split('class="listing case-history"', 1)[1].split("</table>", 1)[0]
    return re.sub(r"<[^>]+>", " ", table.split(">", 1)[1])


def scanned(text_or_lines) -> dict[str, list[str]]:
    lines = [text_or_lines] if isinstance(text_or_lines, str) else text_or_lines
    return {line: found for line in lines if (found := problems(line or ""))}


@pytest.fixture(autouse=True)
def private_root(tmp_path, settings):
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"


@pytest.fixture
def gathered(people, login_client):
    """A case that has been through every kind of record besides the workflow."""
    case = received_case(people.clerk, people.east, materials=["户口簿"])
    one_time_notice_issue(
        by=people.clerk, case=case, items=[("居民身份证", "原件及复印件")]
    )
    materials_supplied(by=people.clerk, case=case, names=["居民身份证"])
    case = case_transition(by=people.clerk, case=case, action="accept")
    case = case_transition(by=people.clerk, case=case, action="start_investigation")
    extension = extension_request(
        by=people.clerk, case=case, stage="investigate", days=2, reason="需入户核对"
    )
    extension_decide(
        by=people.reviewer,
        extension=Extension.objects.get(pk=extension.pk),
        approve=True,
        informed_how="电话",
    )
    scan = attachment_upload(
        by=people.clerk,
        case=case,
        upload=SimpleUploadedFile("注销证明.pdf", tiny_pdf()),
        material="车辆注销证明",
    )
    objection = objection_submit(
        by=people.clerk,
        case=case,
        warning="核对报告显示名下有车辆一辆",
        evidence="车管所出具的车辆已报废注销证明",
        attachment_ids=[scan.pk],
    )
    objection = objection_township_review(
        by=township_reviewer(people.east),
        objection=objection,
        uphold=True,
        opinion="证明属实",
    )
    objection_county_review(
        by=people.reviewer, objection=objection, uphold=True, opinion="异议成立"
    )
    sent = referral(people.clerk, case, department=people.education)
    referral_feedback(by=people.clerk, referral=sent, feedback="已减免学费")
    applicant_correct(
        by=people.clerk, case=case, phone="13912345678", reason="号码登记错误"
    )
    correction = applicant_id_change_request(
        by=people.clerk, case=case, new_id_number=NEW_ID, reason="身份证号码录错一位"
    )
    applicant_id_change_decide(by=people.reviewer, correction=correction, approve=True)
    staff_complaint(people.clerk, case=case)
    case.refresh_from_db()
    case = case_transition(by=people.clerk, case=case, action="submit_investigation")
    case = case_transition(
        by=people.reviewer, case=case, action="approve", **approval_terms()
    )
    case = case_transition(by=people.clerk, case=case, action="reply")
    followup_record(
        by=people.clerk, case=case, kind="revisit", satisfaction="satisfied"
    )
    case_exit(
        by=people.clerk, case=case, exited_on=timezone.localdate(), reason="own_request"
    )
    case = case_transition(by=people.clerk, case=case, action="archive")
    return case


def test_rules_timeline_reads_as_plain_chinese_for_every_kind_of_record(
    gathered, people
):
    entries = case_timeline(gathered, user=people.auditor)
    records = {e.record for e in entries}
    assert {"告知文书", "延期", "核对报告异议", "分办转办", "投诉举报"} <= records
    assert scanned(timeline_words(entries)) == {}
    # People by name: the clerk is 刘海燕 in the records, never clerk-east.
    assert "clerk-east" not in " ".join(timeline_words(entries))
    assert "刘海燕" in {c.new for e in entries for c in e.changes}


def test_rules_stage_limits_read_as_stages_and_days(gathered):
    created = next(
        e for e in case_timeline(gathered) if e.kind == "+" and e.record == "救助案件"
    )
    limits = next(c for c in created.changes if c.field == "stage_limits")
    assert limits.label == "各环节时限"
    assert "受理" in limits.new and "个工作日" in limits.new
    assert "accept" not in limits.new


def test_rules_api_history_reads_as_plain_chinese(gathered, people):
    versions = ApiClient(people.auditor).get(f"/cases/{gathered.number}/history").json()
    lines = []
    for version in versions:
        lines += [version["user"], version["record"], version["reason"]]
        for change in version["changes"]:
            lines += [change["label"], change["old"], change["new"]]
    assert scanned(lines) == {}


def test_rules_admin_history_page_reads_as_plain_chinese(gathered, people, client):
    text = admin_history_text(client, people.auditor, gathered.number)
    assert "刘海燕" in text
    assert scanned(text) == {}


def test_rules_archive_search_documents_read_as_plain_chinese(gathered):
    directory = Directory()
    docs = []
    for model, ids in objects_of_case(gathered).items():
        docs += docs_for_objects(model, ids, directory)
    assert len(docs) > 30
    assert scanned([d.title for d in docs] + [d.body for d in docs]) == {}
