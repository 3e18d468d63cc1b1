"""The workflow is a table (cases/services/steps.py) run by a generic engine.

Every step of the table does what the engine did before it was a table (the
effects below were recorded from that engine, on the same days, and recorded
again when 审批确认 became the county's own stage: 报送审批 and 待审批确认); a
step added to a table works without touching the engine; the engine does not
branch on step names.
"""

import ast
import json
from datetime import date
from pathlib import Path

import pytest

from cases.models import Case, Notice
from cases.services import (
    CaseError,
    CasePermissionDenied,
    InvalidTransition,
    case_transition,
    objection_submit,
    one_time_notice_issue,
    steps,
    workflow,
)
from cases.services.deadlines import deadline_open
from cases.services.steps import TRANSITIONS, Step, Transition
from cases.services.workflow import available_transitions
from core.stages import Stage
from tests.factories import AssistanceTypeFactory, TownshipFactory
from tests.factories.cases import received_case
from tests.factories.clock import on_day
from tests.factories.pages import make_guide
from tests.factories.staff import clerk, reviewer, township_reviewer

pytestmark = pytest.mark.django_db

GUIDE_STEPS = [
    ("提出申请", "apply", "applicant", 0),
    ("受理", "accept", "township", 1),
    ("调查核实", "investigate", "township", 5),
    ("审核", "review", "township", 3),
    ("审批确认", "decide", "county", 4),
    ("回复", "reply", "township", 2),
]
WITHOUT_REVIEW = [step for step in GUIDE_STEPS if step[1] != "review"]
MONDAY = date(2026, 3, 2)
BEFORE = json.loads(
    (Path(__file__).parent / "workflow_before_table.json").read_text(encoding="utf-8")
)
ONE_TIME_NOTICE = "一次性告知"  # not a step: issued through its own service


@pytest.fixture
def desk(site_tree):
    town = TownshipFactory(code="east", name="东岭镇")
    with_notice = make_guide(
        site_tree,
        title="最低生活保障办事指南",
        assistance_type=AssistanceTypeFactory(code="dibao", name="最低生活保障"),
        steps=GUIDE_STEPS,
        materials=["居民身份证"],
        public_notice_days=7,
    )
    without_notice = make_guide(
        site_tree,
        title="临时救助办事指南",
        assistance_type=AssistanceTypeFactory(code="linshi", name="临时救助"),
        steps=GUIDE_STEPS,
        materials=["居民身份证"],
    )
    without_review = make_guide(
        site_tree,
        title="教育救助办事指南",
        assistance_type=AssistanceTypeFactory(code="jiaoyu", name="教育救助"),
        steps=WITHOUT_REVIEW,
        materials=["居民身份证"],
    )
    return {
        "town": town,
        "clerk": clerk(town, username="clerk-east"),
        "township_reviewer": township_reviewer(town, username="township-reviewer"),
        "reviewer": reviewer(username="county-reviewer"),
        "with_notice": with_notice.assistance_type,
        "without_notice": without_notice.assistance_type,
        "without_review": without_review.assistance_type,
    }


def effect(case: Case, notices_before: set[int]) -> dict:
    """What a step left on the case, in plain values."""
    case = Case.objects.get(pk=case.pk)
    return {
        "status": case.status,
        "version": case.version,
        "decision": case.decision,
        "decided_at": case.decided_at and case.decided_at.date().isoformat(),
        "closed_at": case.closed_at and case.closed_at.date().isoformat(),
        "archive_category": case.archive_category,
        "decision_note": case.decision_note,
        "monthly_amount": case.monthly_amount and str(case.monthly_amount),
        "starts_month": case.starts_month and case.starts_month.isoformat(),
        "reason": case.history.first().history_change_reason,
        "deadlines": sorted(
            (
                d.stage,
                d.starts_on.isoformat(),
                d.working_days,
                d.due_on.isoformat(),
                d.completed_at is not None,
            )
            for d in case.deadlines.all()
        ),
        "notices": sorted(
            (n.kind, sorted(n.content))
            for n in case.notices.exclude(pk__in=notices_before)
        ),
        "open_pauses": case.pauses.filter(ended_on__isnull=True).count(),
    }


# (who, action, day, arguments) for each path through the table.
PATHS = {
    "approve_after_public_notice": (
        "with_notice",
        [
            ("clerk", "accept", MONDAY, {}),
            ("clerk", "start_investigation", date(2026, 3, 3), {}),
            ("clerk", "submit_review", date(2026, 3, 4), {}),
            ("township_reviewer", "start_public_notice", date(2026, 3, 5), {}),
            ("township_reviewer", "submit_decision", date(2026, 3, 13), {}),
            (
                "reviewer",
                "approve",
                date(2026, 3, 23),
                {"monthly_amount": "500.00", "starts_month": date(2026, 3, 1)},
            ),
            ("clerk", "reply", date(2026, 3, 24), {}),
            ("clerk", "archive", date(2026, 3, 25), {}),
        ],
    ),
    "deny_without_public_notice": (
        "without_notice",
        [
            ("clerk", "accept", MONDAY, {}),
            ("clerk", "start_investigation", MONDAY, {}),
            ("clerk", "submit_review", date(2026, 3, 3), {}),
            ("township_reviewer", "submit_decision", date(2026, 3, 3), {}),
            ("reviewer", "deny", date(2026, 3, 4), {"note": "家庭收入高于当地标准"}),
            ("clerk", "reply", date(2026, 3, 5), {}),
        ],
    ),
    "approve_without_public_notice": (
        "without_notice",
        [
            ("clerk", "accept", MONDAY, {}),
            ("clerk", "start_investigation", MONDAY, {}),
            ("clerk", "submit_review", MONDAY, {}),
            ("township_reviewer", "submit_decision", MONDAY, {}),
            (
                "reviewer",
                "approve",
                date(2026, 3, 3),
                {"monthly_amount": "300", "starts_month": "2026-04"},
            ),
        ],
    ),
    "deny_after_public_notice": (
        "with_notice",
        [
            ("clerk", "accept", MONDAY, {}),
            ("clerk", "start_investigation", MONDAY, {}),
            ("clerk", "submit_review", MONDAY, {}),
            ("township_reviewer", "start_public_notice", MONDAY, {}),
            ("township_reviewer", "submit_decision", date(2026, 3, 10), {}),
            ("reviewer", "deny", date(2026, 3, 11), {"note": "公示期间收到实名举报"}),
        ],
    ),
    "approve_without_review": (
        "without_review",
        [
            ("clerk", "accept", MONDAY, {}),
            ("clerk", "start_investigation", MONDAY, {}),
            ("clerk", "submit_investigation", date(2026, 3, 4), {}),
            (
                "reviewer",
                "approve",
                date(2026, 3, 6),
                {"monthly_amount": "800", "starts_month": "2026-03"},
            ),
            ("clerk", "reply", date(2026, 3, 9), {}),
        ],
    ),
    "reject_during_correction": (
        "without_notice",
        [
            ("clerk", ONE_TIME_NOTICE, MONDAY, {"items": [("户口簿", "未带")]}),
            ("clerk", "reject", date(2026, 3, 3), {"note": "不属于本乡镇户籍"}),
        ],
    ),
    "reject": (
        "without_notice",
        [
            ("clerk", "reject", MONDAY, {"note": "不属于本乡镇户籍"}),
            ("clerk", "reply", date(2026, 3, 3), {}),
        ],
    ),
    "refer_after_accepting": (
        "without_notice",
        [
            ("clerk", "accept", MONDAY, {}),
            (
                "clerk",
                "refer",
                date(2026, 3, 3),
                {
                    "note": "属教育救助",
                    "notice_content": {"department": "县教育局"},
                },
            ),
            ("clerk", "reply", date(2026, 3, 4), {}),
            ("reviewer", "archive", date(2026, 3, 5), {}),
        ],
    ),
}


def walk(desk, path: str) -> list[dict]:
    kind, steps = PATHS[path]
    with on_day(date(2026, 2, 27)):
        case = received_case(
            desk["clerk"],
            desk["town"],
            assistance_type=desk[kind],
            materials=["居民身份证"],
        )
    effects = []
    for who, action, day, arguments in steps:
        before = set(case.notices.values_list("pk", flat=True))
        with on_day(day):
            if action == ONE_TIME_NOTICE:
                one_time_notice_issue(by=desk[who], case=case, **arguments)
            else:
                case = case_transition(
                    by=desk[who], case=case, action=action, **arguments
                )
        effects.append({"action": action, **effect(case, before)})
    return effects


@pytest.mark.parametrize("path", PATHS)
def test_every_step_does_what_the_engine_did_before_the_table(desk, path):
    # Through JSON, as recorded: tuples become lists.
    assert json.loads(json.dumps(walk(desk, path))) == BEFORE["paths"][path]


def test_every_step_of_the_table_is_walked():
    walked = {action for _, steps in PATHS.values() for _, action, _, _ in steps}
    assert set(TRANSITIONS) <= walked


def refusal(desk, scenario: str) -> str:
    """The message a guard of the table gives, in each situation it guards."""
    kind, prepare, who, action = BLOCKED[scenario]
    with on_day(MONDAY):
        case = received_case(
            desk["clerk"],
            desk["town"],
            assistance_type=desk[kind],
            materials=["居民身份证"] if prepare != "missing_material" else [],
        )
        steps = {
            "investigating": ["accept", "start_investigation"],
            "reviewing": ["accept", "start_investigation", "submit_review"],
            "noticed": ["accept", "start_investigation", "submit_review"],
        }.get(prepare, [])
        for step in steps:
            case = case_transition(by=desk["clerk"], case=case, action=step)
        if prepare == "noticed":
            case = case_transition(
                by=desk["township_reviewer"], case=case, action="start_public_notice"
            )
        if prepare == "one_time_notice":
            one_time_notice_issue(
                by=desk["clerk"], case=case, items=[("户口簿", "未带")]
            )
        if prepare == "objection":
            objection_submit(
                by=desk["clerk"],
                case=case,
                warning="名下登记车辆一辆",
                evidence="车辆已于去年转让，附转让登记证明",
            )
    with on_day(date(2026, 3, 4)), pytest.raises(InvalidTransition) as refused:
        case_transition(by=desk[who], case=case, action=action)
    return refused.value.message


BLOCKED = {
    "accept_missing_material": (
        "without_notice",
        "missing_material",
        "clerk",
        "accept",
    ),
    "accept_one_time_notice": ("without_notice", "one_time_notice", "clerk", "accept"),
    "reject_objection": ("without_notice", "objection", "clerk", "reject"),
    "notice_not_needed": (
        "without_notice",
        "reviewing",
        "township_reviewer",
        "start_public_notice",
    ),
    "submit_before_notice": (
        "with_notice",
        "reviewing",
        "township_reviewer",
        "submit_decision",
    ),
    "submit_during_notice": (
        "with_notice",
        "noticed",
        "township_reviewer",
        "submit_decision",
    ),
    "review_not_in_guide": (
        "without_review",
        "investigating",
        "clerk",
        "submit_review",
    ),
    "review_in_guide": (
        "without_notice",
        "investigating",
        "clerk",
        "submit_investigation",
    ),
}


@pytest.mark.parametrize("scenario", BLOCKED)
def test_every_guard_refuses_as_the_engine_did_before_the_table(desk, scenario):
    assert refusal(desk, scenario) == BEFORE["refusals"][scenario]


def test_every_guard_of_the_table_is_tried():
    guards = {guard for t in TRANSITIONS.values() for guard in t.guards}
    assert len(guards) == len(BLOCKED)


# ---- a new step is one entry


def county_confirms(case: Case) -> str | None:
    if not case.deadlines.filter(stage=Stage.DECIDE).exists():
        return "审批确认期限尚未开始。"
    return None


def note_the_county(case: Case, step: Step) -> None:
    case.decision_note = f"县级审批确认：{step.note}"


DECIDE = Transition(
    "decide",
    "审批确认",
    frozenset({Case.Status.REVIEWING}),
    Case.Status.DENIED,
    "case.approve",  # taken by whoever may approve (cases.access.actions)
    guards=(county_confirms,),
    changes=(steps.record_decision, note_the_county),
    needs_note=True,
    closes=(Stage.REVIEW, Stage.DECIDE),
    opens=(steps.Opening(Stage.REPLY, days=lambda case: 9),),
    notice=steps.Issue(Notice.Kind.REFERRAL, lambda case, step: {"who": "县民政局"}),
)


def test_a_step_added_to_the_table_works_without_touching_the_engine(desk):
    table = {**TRANSITIONS, "decide": DECIDE}
    with on_day(MONDAY):
        case = received_case(
            desk["clerk"],
            desk["town"],
            assistance_type=desk["without_notice"],
            materials=["居民身份证"],
        )
        for action in ("accept", "start_investigation", "submit_review"):
            case = case_transition(by=desk["clerk"], case=case, action=action)
    assert DECIDE not in available_transitions(desk["reviewer"], case)
    assert DECIDE not in available_transitions(
        desk["reviewer"], case, transitions=table
    )  # its guard: no 审批确认 deadline yet
    with pytest.raises(InvalidTransition, match="审批确认期限尚未开始"):
        case_transition(
            by=desk["reviewer"], case=case, action="decide", note="x", transitions=table
        )
    with pytest.raises(CaseError, match="未知的操作"):
        case_transition(by=desk["reviewer"], case=case, action="decide", note="x")

    with on_day(MONDAY):
        deadline_open(
            case=case,
            stage=Stage.DECIDE,
            starts_on=MONDAY,
            working_days=4,
            by=desk["reviewer"],
        )
    assert DECIDE in available_transitions(desk["reviewer"], case, transitions=table)
    with pytest.raises(CasePermissionDenied):
        case_transition(
            by=desk["clerk"], case=case, action="decide", note="x", transitions=table
        )
    with pytest.raises(CaseError, match="须写明理由"):
        case_transition(
            by=desk["reviewer"], case=case, action="decide", transitions=table
        )

    with on_day(date(2026, 3, 4)):
        case = case_transition(
            by=desk["reviewer"],
            case=case,
            action="decide",
            note="不符合条件",
            transitions=table,
        )
    case.refresh_from_db()
    assert case.status == case.decision == Case.Status.DENIED
    assert case.decision_note == "县级审批确认：不符合条件"
    assert case.history.first().history_change_reason == "审批确认：不符合条件"
    deadlines = {d.stage: d for d in case.deadlines.all()}
    assert deadlines[Stage.REVIEW].completed_at and deadlines[Stage.DECIDE].completed_at
    reply = deadlines[Stage.REPLY]
    assert (reply.starts_on, reply.working_days) == (date(2026, 3, 4), 9)
    notice = case.notices.get(kind=Notice.Kind.REFERRAL)
    assert notice.content["who"] == "县民政局"


# ---- the engine knows no step by name


def test_the_engine_does_not_branch_on_step_names():
    source = Path(workflow.__file__).read_text(encoding="utf-8")
    tree = ast.parse(source)
    names = set(TRANSITIONS)
    # No step's name written in the engine, in a comparison or anywhere else.
    written = {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }
    assert not written & names
    for node in ast.walk(tree):
        # Nothing compares a transition's action, nor matches on it.
        if isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            assert not any(
                isinstance(o, ast.Attribute) and o.attr == "action" for o in operands
            ), ast.unparse(node)
        assert not isinstance(node, ast.Match), ast.unparse(node)
        # Nor names a status, a stage or a kind of notice: those are the table's.
        if isinstance(node, ast.Attribute):
            assert ast.unparse(node).split(".")[0] not in {"S", "Stage", "Notice"}, (
                ast.unparse(node)
            )
            assert not ast.unparse(node).startswith(("Case.Status", "Notice.Kind"))
