"""cases 0019: the catalogue is made, and what closed before it is filed.

The data is made with today's services, then their entries and archive
counters are taken away, which leaves it as the code before the catalogue
did: closed records with no entry. The migration's functions run on that data
directly. SQLite and PostgreSQL alike.
"""

import importlib
from datetime import date

import pytest
from django.apps import apps
from django.core.management import call_command

from cases.models import ArchiveCategory, ArchiveEntry, CaseNumberCounter
from cases.services import complaint_answer, entry_record, lead_triage
from cases.services.archive import archive_file
from tests.factories.clock import on_day
from tests.factories.records import (
    archived_case,
    lead,
    replied_case,
    staff_complaint,
)

MIGRATION = importlib.import_module("cases.migrations.0019_archive_catalogue")
REASON = "数据迁移：建立档案目录，已办结的记录归档"

pytestmark = pytest.mark.django_db


def as_before_the_catalogue() -> None:
    ArchiveEntry.objects.all().delete()
    CaseNumberCounter.objects.filter(scope__startswith="DA").delete()


def test_records_closed_before_are_filed_in_the_order_they_closed(people):
    with on_day(date(2025, 12, 30)):
        old_case = archived_case(people.clerk, people.reviewer, people.east)
    with on_day(date(2026, 3, 2)):
        complaint = staff_complaint(people.clerk)
        complaint_answer(
            by=people.clerk,
            complaint=complaint,
            findings="经查属实",
            answer="已说明",
            answered_how="电话",
            accountability="education",
        )
    with on_day(date(2026, 3, 3)):
        rejected = lead(people.clerk, people.east)
        lead_triage(by=people.clerk, lead=rejected, accept=False, note="不困难")
    with on_day(date(2026, 3, 4)):
        answered = entry_record(
            by=people.coordinator,
            village=people.village,
            kind="consultation",
            visitor_name="覃大爷",
            content="问低保标准",
            answer="当场解答",
        )
    with on_day(date(2026, 4, 1)):
        new_case = archived_case(people.west_clerk, people.reviewer, people.west)
    with on_day(date(2026, 4, 2)):
        still_open = replied_case(people.clerk, people.reviewer, people.east)
    as_before_the_catalogue()

    MIGRATION.create_categories(apps, None)  # already there: nothing twice
    assert ArchiveCategory.objects.count() == 3
    MIGRATION.file_closed_records(apps, None)

    numbers = {
        e.record_number: e.number for e in ArchiveEntry.objects.order_by("number")
    }
    assert numbers == {
        old_case.number: "2025-YW-000001",
        complaint.number: "2026-RC-000001",
        rejected.number: "2026-RC-000002",
        answered.number: "2026-RC-000003",
        new_case.number: "2026-YW-000001",
    }
    assert still_open.number not in numbers
    filed = ArchiveEntry.objects.get(case=old_case)
    assert filed.retention_years == 30 and filed.filed_by is None
    assert [i["number"] for i in filed.contents] == list(
        old_case.notices.order_by("issued_at", "pk").values_list("number", flat=True)
    )
    assert filed.township == people.east
    created = ArchiveEntry.history.filter(id=filed.pk).latest("history_id")
    assert (created.history_type, created.history_change_reason) == ("+", REASON)
    assert created.history_user is None

    # Run again: nothing new, no number taken twice.
    MIGRATION.file_closed_records(apps, None)
    assert ArchiveEntry.objects.count() == 5

    # Live filing goes on from where the migration left the counters.
    with on_day(date(2026, 5, 6)):
        case = archived_case(people.clerk, people.reviewer, people.east)
    assert ArchiveEntry.objects.get(case=case).number == "2026-YW-000002"
    assert archive_file(by=people.clerk, record=case).number == "2026-YW-000002"
    call_command("verify_history")


def test_a_filed_record_is_read_only_after_the_migration(people):
    case = archived_case(people.clerk, people.reviewer, people.east)
    as_before_the_catalogue()
    MIGRATION.file_closed_records(apps, None)
    from cases.errors import CaseArchived
    from cases.services.history import save_with_reason

    case.refresh_from_db()
    case.description = "改动"
    with pytest.raises(CaseArchived):
        save_with_reason(case, by=people.clerk, reason="试图修改")


def test_benefit_changes_recorded_before_are_filed_under_finance(people):
    from cases.services import benefit_change_record
    from tests.factories.records import decided_case

    later = importlib.import_module("cases.migrations.0020_archive_benefit_changes")
    with on_day(date(2026, 11, 10)):
        case = decided_case(people.clerk, people.reviewer, people.east, "approved")
    with on_day(date(2026, 12, 15)):
        first = benefit_change_record(
            by=people.clerk,
            case=case,
            kind="increase",
            amount="50",
            effective_month="2027-01",
            reason="家中添丁",
        )
    with on_day(date(2027, 1, 5)):
        second = benefit_change_record(
            by=people.clerk,
            case=case,
            kind="back_pay",
            amount="100",
            effective_month="2026-12",
            reason="补发差额",
        )
    ArchiveEntry.objects.filter(kind="benefit_change").delete()
    CaseNumberCounter.objects.filter(scope__contains="CW").delete()

    later.file_benefit_changes(apps, None)

    assert ArchiveEntry.objects.get(benefit_change=first).number == "2026-CW-000001"
    assert ArchiveEntry.objects.get(benefit_change=second).number == "2027-CW-000001"
    entry = ArchiveEntry.objects.get(benefit_change=first)
    assert entry.title == f"待遇调整：增发，自2027-01（{case.applicant.name}）"
    created = ArchiveEntry.history.filter(id=entry.pk).latest("history_id")
    assert created.history_change_reason == later.REASON
    later.file_benefit_changes(apps, None)
    assert ArchiveEntry.objects.filter(kind="benefit_change").count() == 2
    call_command("verify_history")
