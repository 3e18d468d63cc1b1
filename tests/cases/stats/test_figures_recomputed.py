"""Every figure the dashboards show, recounted by hand from the demo county.

The demo (``seed_demo``) is seeded as of 24 November 2026, with a few more cases
made through the services on the days they happened: one through 公示 and
closed, one waiting for its decision after 公示, one whose 审批确认 ran late,
one in 补正, one refused during 补正, one closed after 补正, one whose
investigation ran late. The statistics report for the county, a township the
county chooses, a township clerk and a village coordinator, for a month, the one
before and the quarter, is then compared table by table with ``recount``, which
counts the same records with plain loops and none of ``cases.stats``.
"""

from datetime import date
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from cases.models import Case, Complaint, DeadlineAlert, Referral
from cases.selectors.figures import SupervisionFigures, supervision_figures
from cases.services import deadlines_check
from cases.stats.periods import parse_period
from cases.stats.report import build_report
from cases.stats.scope import scope_for
from core.roles import GROUP_NAMES, Role
from core.stages import Stage
from core.workdays import WorkingCalendar
from portal.models import ServicePoint, Township, Village
from tests.factories.clock import on_day

from . import recount
from .demo_scenarios import TODAY, build_scenarios, staff
from .recount import Area, Span

User = get_user_model()

PERIODS = ["2026-11", "2026-10", "2026-Q4"]


@pytest.fixture(scope="module")
def county(django_db_setup, django_db_blocker):
    """The demo county as of TODAY, seeded once per module and rolled back after."""
    with django_db_blocker.unblock(), transaction.atomic():
        with on_day(TODAY, 9):
            call_command("seed_demo", stdout=StringIO())
        made = build_scenarios()
        yield {key: case.pk for key, case in made.items()}
        transaction.set_rollback(True)
    cache.clear()


@pytest.fixture
def cases(county, db):
    yield {key: Case.objects.get(pk=pk) for key, pk in county.items()}
    cache.clear()


# username, township chosen, what that user's figures cover
SCOPES = {
    "county": ("demo-reviewer", "", lambda: Area(county=True)),
    "county-chooses-nanxi": (
        "demo-auditor",
        "nanxi",
        lambda: Area(township=Township.objects.get(code="nanxi"), county=True),
    ),
    "township-clerk": (
        "demo-clerk-1",
        "",
        lambda: Area(township=Township.objects.get(code="dongling")),
    ),
    "village-coordinator": (
        "demo-coord-nanxi-xikou",
        "",
        lambda: Area(village=Village.objects.get(code="nanxi-xikou")),
    ),
}


def _report(username: str, township: str, period: str):
    with on_day(TODAY, 17):
        scope = scope_for(staff(username), township)
        return build_report(scope, parse_period(period, today=TODAY))


def _shown(report) -> dict[str, dict]:
    """The report's tables as the recount writes them: label → the other cells."""
    shown = {}
    for section in report.sections:
        for t in section.tables:
            if t.key == "trend":
                shown[t.key] = {"list": [list(row) for row in t.rows]}
                continue
            rows = {row[0]: tuple(row[1:]) for row in t.rows}
            assert len(rows) == len(t.rows), f"{t.key}: a label shown twice"
            total = tuple(t.total[1:]) if t.total else None
            shown[t.key] = {"rows": rows, "total": total}
    return shown


def _expected(area: Area, period: str):
    p = parse_period(period, today=TODAY)
    span = Span(p.first, p.last)
    tables = recount.report_tables(area, span, TODAY)
    return tables, recount.headline(tables, area, span)


def _headline(report) -> dict[str, str]:
    return {f.label: f.value for f in report.headline}


@pytest.mark.parametrize("period", PERIODS)
@pytest.mark.parametrize("scope", SCOPES)
def test_every_dashboard_figure_matches_a_recount(cases, scope, period):
    assert_dashboard_matches_recount(scope, period)


def assert_dashboard_matches_recount(scope: str, period) -> None:
    """Every table and headline figure the dashboard shows for ``scope`` equals
    the plain recount (test_figures_generated.py asks the same of its county)."""
    username, township, area = SCOPES[scope]
    report = _report(username, township, period)
    tables, headline = _expected(area(), period)
    shown = _shown(report)
    assert set(shown) == set(tables)
    for key in tables:
        assert shown[key] == tables[key], key
    assert _headline(report) == headline


# Chart series that are not a column of their table, but worked out from two.
DERIVED_SERIES = {
    "审批同意": lambda c: c["审批同意（新增救助对象）"],
    "超时办结": lambda c: c["本期办结"] - c["限时办结"],
    "逾期反馈": lambda c: c["已反馈"] - c["按期反馈"],
    "尚未反馈": lambda c: c["本期转出"] - c["已反馈"],
    "未转为案件": lambda c: c["咨询登记"] - c["转为案件"],
}


@pytest.mark.parametrize("scope", SCOPES)
def test_every_chart_draws_the_numbers_of_its_table(cases, scope):
    username, township, _ = SCOPES[scope]
    report = _report(username, township, "2026-11")
    tables = {t.key: t for t in report.tables()}
    charts = [chart for section in report.sections for chart in section.charts]
    assert charts and all(chart.table_key in tables for chart in charts)
    for chart in charts:
        t = tables[chart.table_key]
        cells = [dict(zip(map(str, t.columns), row, strict=True)) for row in t.rows]
        assert chart.categories == [row[0] for row in t.rows], chart.title
        for series in chart.series:
            column = DERIVED_SERIES.get(series.name, lambda c, n=series.name: c[n])
            assert series.values == [column(c) for c in cells], series.name


def _figures(username: str, period: str = "2026-11") -> dict[str, str]:
    return _headline(_report(username, "", period))


def test_public_notice_period_does_not_count_as_late(cases):
    """公示 ended on 12 November, the decision came on the 13th: the 公示 deadline
    "finished" after its day, as every 公示 does, and the case is still on time."""
    case = cases["public_notice_closed"]
    notice = case.deadlines.get(stage=Stage.PUBLIC_NOTICE)
    assert notice.due_on == date(2026, 11, 12)
    assert recount.local(notice.completed_at) == date(2026, 11, 13)
    assert not recount.is_late(case, TODAY)
    # Both cases closed in 岭北村 went through 公示; neither is late.
    assert _figures("demo-coord-dongling-lingbei")["限时办结率"] == "100.0%"
    report = _report("demo-coord-dongling-lingbei", "", "2026-11")
    stages = _shown(report)["stage_timings"]["rows"]
    assert str(Stage.PUBLIC_NOTICE.label) not in stages


def test_waiting_after_public_notice_is_not_overdue_before_the_decision_is_due(
    cases,
):
    """公示 over on 19 November; 审批确认 (10 working days) is due 3 December."""
    case = cases["waiting_after_public_notice"]
    decide = case.deadlines.get(stage=Stage.DECIDE)
    assert (decide.starts_on, decide.due_on) == (date(2026, 11, 19), date(2026, 12, 3))
    assert case.deadlines.get(stage=Stage.PUBLIC_NOTICE).due_on < TODAY
    assert _figures("demo-coord-dongling-shiqiao")["当前超期案件"] == "0"


def test_decision_not_made_after_public_notice_is_overdue_at_the_decision_stage(
    cases,
):
    """The time after 公示 is the office's: missed, it is late as 审批确认."""
    assert _figures("demo-coord-nanxi-liuwan")["当前超期案件"] == "1"
    report = _report("demo-coord-nanxi-liuwan", "", "2026-11")
    assert _shown(report)["overdue_stage"]["rows"] == {str(Stage.DECIDE.label): (1,)}


def test_correction_pause_does_not_count_as_late(cases):
    """补正: paused past the original day, closed after it, refused during it."""
    waiting = cases["in_correction"]
    accept = waiting.deadlines.get(stage=Stage.ACCEPT)
    assert accept.due_on < TODAY and accept.completed_at is None
    figures = _figures("demo-coord-nanxi-xikou")
    assert (figures["限时办结率"], figures["当前超期案件"]) == ("100.0%", "0")

    refused = cases["refused_in_correction"]
    assert [p.ended_on for p in refused.pauses.all()] == [date(2026, 11, 11)]
    accept = refused.deadlines.get(stage=Stage.ACCEPT)
    assert accept.due_on == date(2026, 11, 12)  # 1 working day after 补正 ended
    assert _figures("demo-coord-nanxi-zhuping")["限时办结率"] == "100.0%"


def test_missed_office_deadline_still_counts_as_late(cases):
    """Investigation due 9 November, done on the 16th; 卢明山's case on time."""
    assert recount.is_late(cases["investigation_late"], TODAY)
    assert _figures("demo-coord-dongling-shangzhuang")["限时办结率"] == "50.0%"


def test_decision_after_public_notice_runs_from_the_notices_last_day(cases):
    """Refused after 公示 (6–13 November): 审批确认 ran from the 13th and was
    done on the 17th, on time, as were the other two 审批确认 of 岭北村 (one
    of them 黄水生's case, filed in the demo's 档案目录)."""
    decide = cases["denied_after_public_notice"].deadlines.get(stage=Stage.DECIDE)
    assert decide.starts_on == date(2026, 11, 13)
    assert recount.local(decide.completed_at) == date(2026, 11, 17)
    report = _report("demo-coord-dongling-lingbei", "", "2026-11")
    row = _shown(report)["stage_timings"]["rows"][str(Stage.DECIDE.label)]
    # completed, on time, rate, average, p90: the three 审批确认 of 岭北村
    assert row[:3] == (3, 3, 100.0)
    assert min(row[3:]) >= 0


PANEL_USERS = {
    "demo-reviewer": lambda: Area(county=True),
    "demo-clerk-1": lambda: Area(township=Township.objects.get(code="dongling")),
    "demo-clerk-2": lambda: Area(township=Township.objects.get(code="nanxi")),
    "demo-coord-nanxi-xikou": lambda: Area(
        village=Village.objects.get(code="nanxi-xikou")
    ),
}


@pytest.mark.parametrize("username", PANEL_USERS)
def test_supervision_panel_figures_match_a_recount(cases, username):
    """督办面板 on the admin home: every record the user may see, any period."""
    area = PANEL_USERS[username]()
    with on_day(TODAY, 17):
        figures = supervision_figures(staff(username), today=TODAY)
    followups = recount.satisfaction_counts(recount.area_followups(area))
    complaints = recount.area_complaints(area)
    referrals = [
        r for r in Referral.objects.select_related("case") if area.has_case(r.case)
    ]
    waiting = [r for r in referrals if r.status == Referral.Status.SENT]
    assert figures == SupervisionFigures(
        followups=followups["total"],
        evaluations=followups["evaluations"],
        revisits=followups["revisits"],
        satisfied=followups["satisfied"],
        basic=followups["basic"],
        dissatisfied=followups["dissatisfied"],
        unreached=followups["unreached"],
        needs_action=followups["needs_action"],
        complaints_open=sum(
            c.status in (Complaint.Status.RECEIVED, Complaint.Status.HANDLING)
            for c in complaints
        ),
        complaints_overdue=sum(
            recount.complaint_is_overdue(c, TODAY) for c in complaints
        ),
        referrals_open=len(waiting),
        referrals_overdue=sum(r.feedback_due < TODAY for r in waiting),
    )


def _window_pair(case: Case) -> set:
    """The A and B of the township window handling the case, read plainly."""
    points = ServicePoint.objects.filter(level="township", township=case.township)
    mine = [p for p in points if case.handler_id in (p.staff_a_id, p.staff_b_id)]
    point = (mine or list(points.order_by("sort_order", "level", "code")) or [None])[0]
    return {point.staff_a_id, point.staff_b_id} if point else set()


def _reviewers(role, **where) -> set:
    return set(
        User.objects.filter(
            is_active=True, groups__name=GROUP_NAMES[role], **where
        ).values_list("pk", flat=True)
    )


def _stage_reviewers(case: Case, stage: str) -> set:
    """审核、公示: the township's reviewers; 审批确认: the county's, and the
    township's too while an ended 公示 waits to be reported."""
    township = _reviewers(
        Role.TOWNSHIP_REVIEWER, staff_profile__township_id=case.township_id
    )
    told = set()
    if stage == Stage.REVIEW or case.status in (
        Case.Status.REVIEWING,
        Case.Status.PUBLIC_NOTICE,
    ):
        told |= township
    if stage == Stage.DECIDE:
        told |= _reviewers(Role.REVIEWER)
    return told


def test_deadline_alerts_go_only_to_deadlines_the_office_controls(cases):
    """临期、超期提醒: the deadlines the office must meet, to the A and B of the
    case and of its window, and to the reviewers of 审核 and 审批确认; none
    while the case's clock is stopped (补正, 核对异议)."""
    with on_day(TODAY, 7):
        deadlines_check(today=TODAY)
    soon = WorkingCalendar().add(TODAY, 1).result
    expected = set()
    for case in Case.objects.all():
        if case.pauses.filter(ended_on__isnull=True).exists():
            continue
        for deadline in recount.office_deadlines(case):
            if deadline.completed_at is None and deadline.due_on <= soon:
                kind = "overdue" if deadline.due_on < TODAY else "near_due"
                told = {case.handler_id, case.backup_handler_id}
                told |= _window_pair(case)
                told |= _stage_reviewers(case, deadline.stage)
                for user_id in told - {None}:
                    expected.add((deadline.pk, kind, user_id))
    alerts = set(
        DeadlineAlert.objects.values_list("deadline_id", "kind", "recipient_id")
    )
    assert alerts == expected
    waiting = cases["waiting_after_public_notice"]
    assert not DeadlineAlert.objects.filter(deadline__case=waiting).exists()


def test_dashboard_page_and_spreadsheet_show_the_recounted_headline(cases, client):
    """What the admin page and the CSV download show, for the county reviewer."""
    client.force_login(staff("demo-reviewer"))
    _, headline = _expected(Area(county=True), "2026-11")
    with on_day(TODAY, 17):
        page = client.get(reverse("cases_stats"), {"period": "2026-11"})
        csv = client.get(reverse("cases_stats_csv"), {"period": "2026-11"})
    assert page.status_code == csv.status_code == 200
    html, text = page.content.decode(), csv.content.decode("utf-8-sig")
    for label, value in headline.items():
        number = value.rstrip("%")
        assert f"<dt>{label}</dt><dd>{number}" in html, label
        assert f"{label},{value}" in text, label
