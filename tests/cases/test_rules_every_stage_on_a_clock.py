"""限时办结, walked whole: every assistance type of the demo, intake to archive.

Each case is logged on 2026-09-25, so its clock runs through the National Day
holiday (1–7 October) and the 调休 working days around it, and every step is
taken on the last day its stage allows. The rules:

- a case at a status that is not final always has a running deadline;
- 审批确认 is the county reviewer's stage, reached through 报送审批, after 公示
  where the type has one, and closed by approve;
- the dates on the receipt (收件回执单) are the deadlines actually scheduled;
- each deadline's working says whether it counts working or calendar days.
"""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction

from cases.guides import terms_for
from cases.models import Case, Notice
from cases.services import CasePermissionDenied, case_transition
from cases.timeline import case_timeline
from core.stages import Stage
from core.workdays import WorkingCalendar
from portal.models import AssistanceType, ServiceGuidePage, Township
from tests.factories.cases import received_case
from tests.factories.clock import on_day
from tests.factories.plain_words import problems

User = get_user_model()
S = Case.Status
LOGGED_ON = date(2026, 9, 25)
FINAL = {S.ARCHIVED}


@pytest.fixture(scope="module")
def demo_db(django_db_setup, django_db_blocker):
    """The demo, and every type walked once through it (a walk is slow)."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=StringIO())
        people = {
            "township": Township.objects.get(code="dongling"),
            "clerk": User.objects.get(username="demo-clerk-1"),
            "township_reviewer": User.objects.get(username="demo-township-reviewer-1"),
            "reviewer": User.objects.get(username="demo-reviewer"),
        }
        walks = {code: walk(people, code) for code in demo_types()}
        yield people, walks
        transaction.set_rollback(True)
    cache.clear()


@pytest.fixture
def desk(demo_db, db):
    yield demo_db[0]
    cache.clear()


@pytest.fixture
def walked(demo_db, db) -> dict[str, tuple[Case, list[str]]]:
    """Each demo type's case, walked intake to archive, and the statuses it had."""
    return {
        code: (Case.objects.get(pk=case.pk), statuses)
        for code, (case, statuses) in demo_db[1].items()
    }


def demo_types() -> list[str]:
    return sorted(
        ServiceGuidePage.objects.live().values_list("assistance_type__code", flat=True)
    )


def open_deadline(case: Case):
    return case.deadlines.filter(completed_at__isnull=True).order_by("due_on").first()


def due(case: Case, stage: str) -> date:
    return case.deadlines.get(stage=stage).due_on


# The next step at each status: who takes it, and on which day (the last the
# stage allows; 报送审批 after 公示 the day after the notice ends).
def next_step(case: Case) -> tuple[str, str, date]:
    reviewed = bool(case.stage_limits.get(Stage.REVIEW))
    match case.status:
        case S.RECEIVED:
            return "clerk", "accept", due(case, Stage.ACCEPT)
        case S.ACCEPTED:
            return (
                "clerk",
                "start_investigation",
                case.deadlines.get(stage=Stage.INVESTIGATE).starts_on,
            )
        case S.INVESTIGATING:
            action = "submit_review" if reviewed else "submit_investigation"
            return "clerk", action, due(case, Stage.INVESTIGATE)
        case S.REVIEWING if case.public_notice_days:
            return "township_reviewer", "start_public_notice", due(case, Stage.REVIEW)
        case S.REVIEWING:
            return "township_reviewer", "submit_decision", due(case, Stage.REVIEW)
        case S.PUBLIC_NOTICE:
            day = due(case, Stage.PUBLIC_NOTICE) + timedelta(days=1)
            return "township_reviewer", "submit_decision", day
        case S.DECIDING:
            return "reviewer", "approve", due(case, Stage.DECIDE)
        case S.APPROVED:
            return "clerk", "reply", due(case, Stage.REPLY)
        case S.REPLIED:
            return "clerk", "archive", due(case, Stage.REPLY)
    raise AssertionError(case.status)


def walk(desk, code: str) -> tuple[Case, list[str]]:
    assistance_type = AssistanceType.objects.get(code=code)
    required = [m.name for m in terms_for(assistance_type).materials if m.required]
    with on_day(LOGGED_ON):
        case = received_case(
            desk["clerk"],
            desk["township"],
            assistance_type=assistance_type,
            materials=required,
        )
    statuses = [case.status]
    while case.status not in FINAL:
        assert open_deadline(case) is not None or case.status == S.REPLIED, (
            f"{code}: {case.get_status_display()} with no deadline running"
        )
        who, action, day = next_step(case)
        arguments = (
            {"monthly_amount": "600.00", "starts_month": day}
            if action == "approve"
            else {}
        )
        with on_day(day):
            case = case_transition(by=desk[who], case=case, action=action, **arguments)
        statuses.append(case.status)
    return case, statuses


@pytest.mark.django_db
def test_every_demo_type_has_a_guide_to_walk(walked):
    codes = demo_types()
    assert sorted(walked) == codes
    assert len(codes) >= 8
    assert set(codes) == set(AssistanceType.objects.values_list("code", flat=True))


@pytest.mark.django_db
def test_every_stage_on_a_clock_for_every_demo_type(walked):
    # walk() itself checks that a deadline runs at every status on the way.
    for code, (case, statuses) in walked.items():
        assert S.DECIDING in statuses, code
        assert statuses[-3:] == [S.APPROVED, S.REPLIED, S.ARCHIVED], code
        # Nothing left running once the case is archived.
        assert open_deadline(case) is None, code
        assert (S.PUBLIC_NOTICE in statuses) == bool(case.public_notice_days), code


@pytest.mark.django_db
def test_the_receipt_promises_the_deadlines_actually_scheduled(walked):
    for code, (case, _statuses) in walked.items():
        receipt = case.notices.get(kind=Notice.Kind.RECEIPT)
        schedule = receipt.content["schedule"]
        scheduled = {d.stage: d for d in case.deadlines.all()}
        assert {row["stage"] for row in schedule} == set(scheduled), code
        for row in schedule:
            deadline = scheduled[row["stage"]]
            assert row["due_on"] == f"{deadline.due_on:%Y-%m-%d}", (code, row)
            assert row["days"] == deadline.working_days, (code, row)
        assert receipt.content["promised_on"] == schedule[-1]["due_on"], code
        assert schedule[-1]["stage"] == Stage.REPLY, code
        # The guide's total (总时限) is the outer promise: every demo guide's
        # stages fit within it.
        total = WorkingCalendar().add(LOGGED_ON, receipt.content["total_days"])
        assert schedule[-1]["due_on"] <= f"{total.result:%Y-%m-%d}", code


@pytest.mark.django_db
def test_the_deadline_working_says_which_days_count(walked):
    for code, (case, _statuses) in walked.items():
        for deadline in case.deadlines.all():
            unit = "自然日" if deadline.stage == Stage.PUBLIC_NOTICE else "工作日"
            assert unit in deadline.calculation, (code, deadline.stage)
        if case.public_notice_days:
            notice = case.deadlines.get(stage=Stage.PUBLIC_NOTICE)
            assert notice.due_on - notice.starts_on == timedelta(
                days=case.public_notice_days
            )


@pytest.mark.django_db
def test_the_clock_crosses_national_day(walked):
    """Logged 2026-09-25: 受理 1 working day is 9-28 (a working day), and 调查核实
    5 working days from there runs 9-29, 9-30, then 10-8, 10-9, 10-10 (调休上班)."""
    case, _statuses = walked["linshi"]
    assert due(case, Stage.ACCEPT) == date(2026, 9, 28)
    assert due(case, Stage.INVESTIGATE) == date(2026, 10, 10)


@pytest.mark.django_db
def test_decide_is_the_county_reviewers_stage(desk):
    """审批确认 is the county's: the township reviewer reports (报送审批) and
    cannot approve; the county reviewer approves and cannot do the township's
    审核; the clerk does neither."""
    assistance_type = AssistanceType.objects.get(code="dibao")
    required = [m.name for m in terms_for(assistance_type).materials if m.required]
    with on_day(LOGGED_ON):
        case = received_case(
            desk["clerk"],
            desk["township"],
            assistance_type=assistance_type,
            materials=required,
        )
        for action in ("accept", "start_investigation", "submit_review"):
            case = case_transition(by=desk["clerk"], case=case, action=action)
        for who in ("clerk", "reviewer"):
            with pytest.raises(CasePermissionDenied):
                case_transition(by=desk[who], case=case, action="start_public_notice")
        case = case_transition(
            by=desk["township_reviewer"], case=case, action="start_public_notice"
        )
    after_notice = due(case, Stage.PUBLIC_NOTICE) + timedelta(days=1)
    with on_day(after_notice):
        case = case_transition(
            by=desk["township_reviewer"], case=case, action="submit_decision"
        )
        assert case.status == S.DECIDING
        for who in ("clerk", "township_reviewer"):
            with pytest.raises(CasePermissionDenied):
                case_transition(
                    by=desk[who],
                    case=case,
                    action="approve",
                    monthly_amount="600",
                    starts_month=after_notice,
                )
        case = case_transition(
            by=desk["reviewer"],
            case=case,
            action="deny",
            note="家庭财产超过规定",
        )
    decide = case.deadlines.get(stage=Stage.DECIDE)
    # 审批确认 ran from the last day of 公示, and the denial closed it.
    assert decide.starts_on == due(case, Stage.PUBLIC_NOTICE)
    assert decide.completed_at is not None
    assert case.status == S.DENIED


@pytest.mark.django_db
def test_rules_timeline_of_every_demo_type_reads_as_plain_chinese(walked, desk):
    """历史记录以中文示人, through every transition of every demo type's walk."""
    for code, (case, _statuses) in walked.items():
        entries = case_timeline(case, user=desk["reviewer"])
        lines = [e.user for e in entries] + [e.reason for e in entries]
        lines += [
            w for e in entries for c in e.changes for w in (c.label, c.old, c.new)
        ]
        assert {e.reason for e in entries} >= {"受理", "归档"}, code
        assert problems("\n".join(lines)) == [], code
