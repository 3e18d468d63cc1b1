"""分门别类归档: every record is filed when it closes, numbered, and read only.

Through the services that close each kind of record; the catalogue screen has
its own tests (test_rules_archive_catalogue.py).
"""

import threading
from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection

from cases.errors import CaseArchived
from cases.models import (
    ArchiveCategory,
    ArchiveEntry,
    Case,
    Complaint,
    Lead,
    Notice,
    Referral,
    RegistrationEntry,
)
from cases.services import (
    CaseError,
    complaint_answer,
    entry_answer,
    entry_record,
    entry_to_lead,
    lead_triage,
    objection_submit,
    referral_close,
    referral_feedback,
)
from cases.services.archive import DEFAULT_CATEGORY, archive_file
from cases.services.history import save_with_reason
from cases.services.numbering import archive_number
from tests.factories.clock import on_day
from tests.factories.records import (
    archived_case,
    lead,
    referral,
    replied_case,
    staff_complaint,
)

pytestmark = pytest.mark.django_db


def entry_of(record) -> ArchiveEntry:
    return ArchiveEntry.objects.get(
        **{ArchiveEntry.RECORD_FIELDS[_kind_of(record)]: record}
    )


def _kind_of(record) -> str:
    return {
        Case: "case",
        Complaint: "complaint",
        Lead: "lead",
        Referral: "referral",
        RegistrationEntry: "registration",
    }[type(record)]


def test_rules_three_categories_are_there_from_the_start():
    categories = {c.code: c for c in ArchiveCategory.objects.all()}
    assert {c: categories[c].name for c in ("YW", "RC", "CW")} == {
        "YW": "业务审批类",
        "RC": "日常管理类",
        "CW": "财务与统计类",
    }
    assert categories["YW"].retention_years == 30
    assert categories["RC"].retention_display == "10年"


def test_rules_every_closed_record_is_filed(people):
    """案件、投诉、线索、转办、登记簿: each is filed by the step that closes it."""
    case = archived_case(people.clerk, people.reviewer, people.east)

    complaint = staff_complaint(people.clerk)
    complaint = complaint_answer(
        by=people.clerk,
        complaint=complaint,
        findings="经查属实",
        answer="已电话说明",
        answered_how="电话",
        accountability="education",
    )

    rejected = lead(people.clerk, people.east)
    rejected = lead_triage(by=people.clerk, lead=rejected, accept=False, note="不困难")

    open_case = replied_case(people.clerk, people.reviewer, people.east)
    sent = referral(people.clerk, open_case)
    referral_feedback(by=people.clerk, referral=sent, feedback="已受理")
    closed = referral_close(by=people.clerk, referral=sent, result="学费已减免")

    answered = entry_record(
        by=people.coordinator,
        village=people.village,
        kind="consultation",
        visitor_name="覃大爷",
        content="问低保标准",
        answer="当场解答",
    )
    escalated = entry_record(
        by=people.coordinator,
        village=people.village,
        kind="help",
        visitor_name="石大姐",
        content="家中失火",
    )
    entry_to_lead(by=people.coordinator, entry=escalated)
    escalated.refresh_from_db()

    filed = {
        record.number: entry_of(record)
        for record in (case, complaint, rejected, closed, answered, escalated)
    }
    assert {n: e.category.code for n, e in filed.items()} == {
        case.number: "YW",
        complaint.number: "RC",
        rejected.number: "RC",
        closed.number: "RC",
        answered.number: "RC",
        escalated.number: "RC",
    }
    assert filed[case.number].township == people.east
    assert filed[closed.number].township == people.east
    assert filed[case.number].filed_by == people.clerk
    # Not closed: not filed (the referred-to case, the lead made from the entry).
    assert not ArchiveEntry.objects.filter(case=open_case).exists()
    assert not ArchiveEntry.objects.filter(kind="lead", lead__status="reported")
    call_command("verify_history")


def test_rules_category_of_each_kind_is_a_table():
    assert DEFAULT_CATEGORY == {
        "case": "YW",
        "complaint": "RC",
        "lead": "RC",
        "referral": "RC",
        "registration": "RC",
        "benefit_change": "CW",
    }


def test_rules_case_is_filed_with_its_notices_as_contents(people):
    case = archived_case(people.clerk, people.reviewer, people.east)
    entry = entry_of(case)
    notices = list(case.notices.order_by("issued_at", "pk"))
    assert notices
    assert [item["number"] for item in entry.contents] == [n.number for n in notices]
    assert entry.contents[-1]["title"] == "办理结果告知"
    assert entry.title.endswith(f"（{case.applicant.name}）")
    assert entry.record_number == case.number


def test_rules_archive_number_year_category_serial(people):
    with on_day(date(2026, 11, 20)):
        first = archived_case(people.clerk, people.reviewer, people.east)
        second = archived_case(people.west_clerk, people.reviewer, people.west)
    a, b = entry_of(first), entry_of(second)
    assert (a.year, a.category.code) == (2026, "YW")
    assert a.number == f"2026-YW-{a.serial:06d}"
    assert b.serial == a.serial + 1
    assert b.number == f"2026-YW-{a.serial + 1:06d}"


def test_rules_serials_run_per_year_and_category(people):
    with on_day(date(2026, 12, 30)):
        assert archive_number("YW", year=2026) == ("2026-YW-000001", 1)
        assert archive_number("YW", year=2026) == ("2026-YW-000002", 2)
        assert archive_number("RC", year=2026) == ("2026-RC-000001", 1)
        assert archive_number("YW", year=2027) == ("2027-YW-000001", 1)


def test_rules_year_is_the_year_the_record_closed(people):
    with on_day(date(2026, 12, 31)):
        case = replied_case(people.clerk, people.reviewer, people.east)
    with on_day(date(2027, 1, 4)):
        from cases.services import case_transition

        case = case_transition(by=people.clerk, case=case, action="archive")
    entry = entry_of(case)
    assert entry.year == 2026 and entry.number.startswith("2026-YW-")


def test_rules_retention_is_copied_at_filing(people):
    daily = ArchiveCategory.objects.get(code="RC")
    complaint = staff_complaint(people.clerk)
    complaint_answer(
        by=people.clerk,
        complaint=complaint,
        findings="经查不实",
        answer="已告知",
        answered_how="电话",
        accountability="none",
    )
    daily.retention_years = None
    save_with_reason(daily, by=people.reviewer, reason="改为永久")
    entry = entry_of(complaint)
    assert entry.retention_years == 10 and entry.retention_display == "10年"


def test_rules_filed_record_is_read_only(people):
    case = archived_case(people.clerk, people.reviewer, people.east)
    number = entry_of(case).number

    # Through the shared guard: every service that changes a case.
    with pytest.raises(CaseArchived) as refused:
        objection_submit(by=people.clerk, case=case, warning="车辆", evidence="证明")
    assert number in refused.value.message and "只读" in refused.value.message

    # At the model: nothing that saves slips past (the Django admin, a shell).
    case.description = "改动"
    with pytest.raises(CaseArchived):
        save_with_reason(case, by=people.clerk, reason="试图修改")
    notice = case.notices.first()
    notice.resolved_at = notice.issued_at
    with pytest.raises(CaseArchived):
        save_with_reason(notice, by=people.clerk, reason="试图修改文书")
    with pytest.raises(CaseArchived):
        Notice.objects.get(pk=notice.pk).delete()
    with pytest.raises(CaseArchived):
        Case.objects.get(pk=case.pk).delete()
    assert Case.objects.get(pk=case.pk).description != "改动"
    call_command("verify_history")


def test_rules_filed_complaint_lead_and_entry_refuse_further_handling(people):
    complaint = staff_complaint(people.clerk)
    complaint_answer(
        by=people.clerk,
        complaint=complaint,
        findings="经查属实",
        answer="已说明",
        answered_how="电话",
        accountability="education",
    )
    with pytest.raises(CaseArchived) as refused:
        complaint_answer(
            by=people.clerk,
            complaint=complaint,
            findings="再查",
            answer="再答",
            answered_how="电话",
            accountability="none",
        )
    assert entry_of(complaint).number in refused.value.message

    rejected = lead(people.clerk, people.east)
    lead_triage(by=people.clerk, lead=rejected, accept=False, note="不困难")
    with pytest.raises(CaseArchived):
        lead_triage(by=people.clerk, lead=rejected, accept=True, note="重新研判")

    answered = entry_record(
        by=people.coordinator,
        village=people.village,
        kind="consultation",
        visitor_name="覃大爷",
        content="问低保标准",
        answer="当场解答",
    )
    with pytest.raises(CaseArchived):
        entry_to_lead(by=people.coordinator, entry=answered)
    with pytest.raises(CaseArchived):
        entry_answer(by=people.coordinator, entry=answered, answer="再答")
    answered.refresh_from_db()
    assert answered.status == RegistrationEntry.Status.ANSWERED


def test_rules_an_entry_is_written_once(people):
    case = archived_case(people.clerk, people.reviewer, people.east)
    entry = entry_of(case)
    entry.title = "改名"
    with pytest.raises(CaseArchived):
        save_with_reason(entry, by=people.reviewer, reason="改题名")
    with pytest.raises(CaseArchived):
        entry.delete()


def test_filing_twice_gives_the_first_entry(people):
    case = archived_case(people.clerk, people.reviewer, people.east)
    assert archive_file(by=people.clerk, record=case) == entry_of(case)
    assert ArchiveEntry.objects.count() == 1


def test_an_open_record_is_not_filed(people):
    case = replied_case(people.clerk, people.reviewer, people.east)
    with pytest.raises(CaseError):
        archive_file(by=people.clerk, record=case)
    assert not ArchiveEntry.objects.exists()


def test_a_missing_category_is_a_clear_refusal_and_nothing_is_half_saved(people):
    ArchiveCategory.objects.filter(code="RC").delete()
    complaint = staff_complaint(people.clerk)
    with pytest.raises(CaseError) as refused:
        complaint_answer(
            by=people.clerk,
            complaint=complaint,
            findings="经查属实",
            answer="已说明",
            answered_how="电话",
            accountability="education",
        )
    assert "RC" in refused.value.message
    complaint.refresh_from_db()
    assert complaint.status == Complaint.Status.RECEIVED


transactional = pytest.mark.django_db(transaction=True, serialized_rollback=True)
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises writers; the race needs PostgreSQL",
)


@on_postgresql
@transactional
def test_rules_archive_numbers_never_repeat_under_concurrency():
    """8 workers file at once, each on its own connection: 8 × 5 distinct serials."""
    from django.db import transaction

    workers, each = 8, 5
    barrier = threading.Barrier(workers)
    numbers: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def work() -> None:
        try:
            barrier.wait()
            for _ in range(each):
                with transaction.atomic():
                    number, _serial = archive_number("YW", year=2031)
                with lock:
                    numbers.append(number)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert sorted(numbers) == [f"2031-YW-{n:06d}" for n in range(1, 41)]


def test_rules_case_attachments_are_filed_with_it_and_read_only(
    people, tmp_path, settings
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from cases.services import attachment_upload

    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    settings.CLAMD_SOCKET = ""
    case = replied_case(people.clerk, people.reviewer, people.east)
    case = Case.objects.get(pk=case.pk)
    # Uploaded while the case was open: here through the model's own path,
    # since a replied case takes no new attachments.
    from cases.models import CaseAttachment

    attachment = CaseAttachment.objects.create(
        case=case,
        material_name="居民身份证",
        name="身份证.pdf",
        kind="pdf",
        content_type="application/pdf",
        size=9,
        sha256="a" * 64,
        file=SimpleUploadedFile("x.pdf", b"%PDF-1.4\n"),
        uploaded_by=people.clerk,
    )
    from cases.services import case_transition

    case = case_transition(by=people.clerk, case=case, action="archive")
    entry = entry_of(case)
    assert entry.contents[-1]["kind"] == "attachment"
    assert entry.contents[-1]["sha256"] == "a" * 64
    attachment.name = "改名.pdf"
    with pytest.raises(CaseArchived):
        attachment.save()
    with pytest.raises(CaseArchived):
        CaseAttachment.objects.get(pk=attachment.pk).delete()
    with pytest.raises(CaseArchived):
        attachment_upload(
            by=people.clerk,
            case=case,
            upload=SimpleUploadedFile("y.pdf", b"%PDF-1.4\n"),
            material="户口簿",
        )


def test_rules_benefit_change_is_filed_under_finance_and_read_only(people):
    from cases.models import BenefitChange
    from cases.services import benefit_change_record
    from tests.factories.records import decided_case

    with on_day(date(2026, 11, 10)):
        case = decided_case(people.clerk, people.reviewer, people.east, "approved")
    with on_day(date(2027, 3, 15)):
        change = benefit_change_record(
            by=people.clerk,
            case=case,
            kind="back_pay",
            amount="1161",
            effective_month="2027-03",
            reason="补发两个月",
        )
    entry = ArchiveEntry.objects.get(benefit_change=change)
    assert entry.number == "2027-CW-000001"
    assert (entry.category.name, entry.kind) == ("财务与统计类", "benefit_change")
    assert entry.record_number == case.number and entry.township == people.east
    assert "补发" in entry.title and entry.retention_years == 30
    change = BenefitChange.objects.get(pk=change.pk)
    change.reason = "改动"
    with pytest.raises(CaseArchived):
        save_with_reason(change, by=people.clerk, reason="试图修改")
    call_command("verify_history")
