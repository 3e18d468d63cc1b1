"""cases/migrations/0009_applicant_per_case: shared applicants split per case.

The data before the migration is made the way the code before it made it: the
real services, with intake's former applicant lookup (by ID number, county-wide,
overwriting) put back for the occasion. Runs on SQLite and on PostgreSQL alike
(nothing here depends on the database; set DATABASE_URL to run it on either).
"""

import importlib
import io

import pytest
from django.core.management import call_command

from cases.models import Applicant, Case, HouseholdMember
from cases.selectors import case_for_progress
from cases.selectors.cases import remember_related
from cases.services import MemberIn, case_transition
from cases.services import intake as intake_module
from cases.services.history import save_with_reason
from cases.services.intake import ApplicantData
from search.models import OutboxEntry
from tests.factories.api import with_check_digit
from tests.factories.cases import VALID_ID, received_case
from tests.factories.directory import TownshipFactory
from tests.factories.migration_states import latest_targets, migrate
from tests.factories.older_schema import use_the_code_of_the_time
from tests.factories.records import archived_case
from tests.factories.staff import clerk, reviewer

MIGRATION = ("cases", "0009_applicant_per_case")
REASON = "数据迁移：申请人信息按案件分立"
# Its own ID number: a case whose applicant nobody else shares.
ALONE_ID = with_check_digit("11010519500101001")

# serialized_rollback: migrating back and forth flushes the tables; the rows
# other migrations made (Wagtail's root page, groups) must come back after.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _before() -> tuple[str, str]:
    """What the migration follows (the only line to change when it is re-pointed)."""
    module = importlib.import_module(f"cases.migrations.{MIGRATION[1]}")
    return next(d for d in module.Migration.dependencies if d[0] == "cases")


def _former_applicant(request, by):
    """Intake's applicant before this change: found by ID number and overwritten."""
    from django.utils.translation import gettext as _

    data = request.applicant
    number = data.id_number.strip().upper()
    applicant = Applicant.objects.filter(id_number=number).first() or Applicant(
        id_number=number
    )
    applicant.name = data.name.strip()
    applicant.phone = data.phone.strip()
    applicant.address = data.address.strip()
    applicant.township = request.township
    applicant.village = request.village
    known = applicant.pk is not None
    save_with_reason(applicant, by=by, reason=_("受理登记"))
    on_file = (
        {(m.name, m.relation) for m in applicant.household.all()} if known else set()
    )
    added = []
    for member in request.household:
        if (member.name.strip(), member.relation.strip()[:20]) in on_file:
            continue
        row = HouseholdMember(
            applicant=applicant,
            name=member.name.strip(),
            relation=member.relation.strip()[:20],
            id_number=member.id_number,
        )
        save_with_reason(row, by=by, reason=_("受理登记"))
        added.append(row)
    if not known:
        remember_related(applicant, "household", added)
    return applicant


@pytest.fixture
def before_split(monkeypatch, settings, migration_states):
    """The database as the migration finds it, then migrated to the end again.

    The archive index only collects its updates meanwhile (its jobs are queued,
    not run): applying them reads every case record's history,
    ApplicantCorrection's too, not there yet.
    """
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}
    }
    migration_states.migrate_back_to([_before()], key=__name__)
    monkeypatch.setattr(intake_module, "_applicant", _former_applicant)
    use_the_code_of_the_time(monkeypatch)
    yield
    monkeypatch.undo()
    migration_states.back_to_latest()


def _values(case: Case) -> dict:
    applicant = Applicant.objects.get(pk=case.applicant_id)
    return {
        "name": applicant.name,
        "id_number": applicant.id_number,
        "phone": applicant.phone,
        "address": applicant.address,
        "township": applicant.township_id,
        "household": sorted(
            (m.name, m.relation)
            for m in HouseholdMember.objects.filter(applicant_id=applicant.pk)
        ),
    }


def _case_row(case: Case) -> dict:
    row = Case.objects.filter(pk=case.pk).values().get()
    row.pop("applicant_id")
    return row


def test_each_case_gets_the_applicant_given_at_its_own_intake(before_split):
    east = TownshipFactory(code="east", name="东岭镇")
    west = TownshipFactory(code="west", name="西河乡")
    east_clerk, west_clerk = clerk(east), clerk(west)
    first = archived_case(
        east_clerk,
        reviewer(),
        east,
        household=[MemberIn(name="李四", relation="配偶")],
    )
    second = received_case(
        west_clerk,
        west,
        applicant=ApplicantData(
            name="张秀瑛", id_number=VALID_ID, phone="13900000000", address="西河乡5组"
        ),
        household=[MemberIn(name="王小五", relation="子")],
    )
    alone = received_case(
        east_clerk,
        east,
        applicant=ApplicantData(
            name="覃老伯", id_number=ALONE_ID, phone="13700001111", address="石桥村"
        ),
    )
    # The old code at work: one row, now holding the second intake's values.
    assert first.applicant_id == second.applicant_id
    shared = second.applicant_id
    rows_before = {c.pk: _case_row(c) for c in (first, second, alone)}
    alone_before = _values(alone)
    OutboxEntry.objects.all().delete()

    migrate([MIGRATION])

    first, second, alone = (Case.objects.get(pk=c.pk) for c in (first, second, alone))
    assert len({first.applicant_id, second.applicant_id, alone.applicant_id}) == 3
    assert _values(first) == {
        "name": "张秀英",
        "id_number": VALID_ID,
        "phone": "13812345678",
        "address": "上庄村3组",
        "township": east.pk,
        "household": [("李四", "配偶")],
    }
    # The case whose intake gave the current values keeps the row, household and all.
    assert second.applicant_id == shared
    assert _values(second) == {
        "name": "张秀瑛",
        "id_number": VALID_ID,
        "phone": "13900000000",
        "address": "西河乡5组",
        "township": west.pk,
        "household": [("李四", "配偶"), ("王小五", "子")],
    }
    assert _values(alone) == alone_before and alone.applicant_id != shared
    # Nothing else about the cases changed (the archived one stays archived).
    for case in (first, second, alone):
        assert _case_row(case) == rows_before[case.pk]
    assert first.status == Case.Status.ARCHIVED

    # The first case's public progress check works again with its own phone.
    assert case_for_progress(first.number, "5678") == first
    assert case_for_progress(second.number, "0000") == second
    assert case_for_progress(first.number, "0000") is None


def test_every_new_row_and_moved_case_is_in_the_chained_history(before_split):
    east = TownshipFactory(code="east", name="东岭镇")
    west = TownshipFactory(code="west", name="西河乡")
    first = received_case(
        clerk(east), east, household=[MemberIn(name="李四", relation="配偶")]
    )
    first = case_transition(by=first.received_by, case=first, action="accept")
    second = received_case(
        clerk(west),
        west,
        applicant=ApplicantData(
            name="张秀瑛", id_number=VALID_ID, phone="13900000000", address="西河乡5组"
        ),
    )
    counts = (
        Applicant.history.count(),
        HouseholdMember.history.count(),
        Case.history.count(),
    )

    migrate([MIGRATION])

    first = Case.objects.get(pk=first.pk)
    made = Applicant.history.filter(history_change_reason=REASON)
    assert [(h.id, h.history_type, h.name) for h in made] == [
        (first.applicant_id, "+", "张秀英")
    ]
    assert made.get().history_user is None
    members = HouseholdMember.history.filter(history_change_reason=REASON)
    assert [(m.applicant_id, m.name, m.history_type) for m in members] == [
        (first.applicant_id, "李四", "+")
    ]
    moved = Case.history.filter(history_change_reason=REASON)
    assert [(h.id, h.history_type) for h in moved] == [(first.pk, "~")]
    version = moved.get()
    assert version.applicant_id == first.applicant_id
    assert version.status == Case.Status.ACCEPTED  # every tracked value, as it is
    assert version.number == first.number
    assert (
        Applicant.history.count(),
        HouseholdMember.history.count(),
        Case.history.count(),
    ) == (counts[0] + 1, counts[1] + 1, counts[2] + 1)
    assert Case.history.filter(id=second.pk).count() == 1  # untouched
    out = io.StringIO()
    # The check reads every chained table, the later ones too (cases 0011 on).
    migrate(latest_targets())
    call_command("verify_history", stdout=out)
    assert "哈希链完整" in out.getvalue()
    # The archive index was told which cases changed.
    assert OutboxEntry.objects.filter(key=f"cascade:{first.pk}").exists()


def test_three_intakes_give_three_snapshots(before_split):
    east = TownshipFactory(code="east", name="东岭镇")
    user = clerk(east)
    names = ["张秀英", "张秀瑛", "张秀莹"]
    cases = [
        received_case(
            user,
            east,
            applicant=ApplicantData(
                name=name,
                id_number=VALID_ID,
                phone=f"1381234567{n}",
                address="上庄村3组",
            ),
            household=[MemberIn(name=f"成员{n}", relation="子")],
        )
        for n, name in enumerate(names)
    ]

    migrate([MIGRATION])

    found = [_values(Case.objects.get(pk=c.pk)) for c in cases]
    assert [v["name"] for v in found] == names
    assert [v["phone"] for v in found] == [f"1381234567{n}" for n in range(3)]
    assert [v["household"] for v in found] == [
        [("成员0", "子")],
        [("成员0", "子"), ("成员1", "子")],
        [("成员0", "子"), ("成员1", "子"), ("成员2", "子")],
    ]
