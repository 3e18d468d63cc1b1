"""我的待办: what waits for whom, one queue per role, sorted by due date.

Each queue is a few parts; a part is one kind of record waiting at one point
(cases at a clerk's stage, leads to triage, entries to answer), always taken
from the access policy's ``instances`` for the action the record waits for, so
a queue never shows what its holder may not act on. A part's rows carry
``due`` (the date they must be dealt with by, or None) for sorting.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db.models import DateField, F, Min, Q, QuerySet, Value
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cases.access import Jurisdiction, actor_for, instances
from cases.channels import Channel
from cases.models import (
    RULE_PERIODS,
    Case,
    Extension,
    Lead,
    Recipient,
    RegistrationEntry,
    StageDeadline,
    VerificationObjection,
)
from core.roles import Role
from core.stages import Stage
from portal.models import ServicePoint

S = Case.Status
OPEN_STATUSES = frozenset(S.values) - Case.CLOSED
# 经办人的环节: 受理、调查核实、回复 (after a decision, a refusal or a referral).
CLERK_STATUSES = frozenset(
    {
        S.RECEIVED,
        S.ACCEPTED,
        S.INVESTIGATING,
        S.APPROVED,
        S.DENIED,
        S.NOT_ACCEPTED,
        S.REFERRED,
        # 已回复, to be filed (归档).
        S.REPLIED,
    }
)


def with_due(cases: QuerySet[Case]) -> QuerySet[Case]:
    """The case's earliest running deadline the office must meet (公示 runs by
    itself; the 审批确认 after it is what is due)."""
    running = Q(deadlines__completed_at__isnull=True) & ~Q(
        deadlines__stage__in=RULE_PERIODS
    )
    return (
        cases.annotate(due=Min("deadlines__due_on", filter=running))
        .select_related("applicant", "township", "village", "handler")
        .order_by("received_at")
    )


@dataclass(frozen=True)
class Part:
    kind: str  # "case", "lead", "entry" or "review": what the page links to
    label: Promise | str  # what waits, e.g. 待受理、调查核实、回复
    rows: Callable[[object, date], QuerySet]
    # A case is labelled with its status (受理、调查核实…), unless the part's
    # label says more (延期待批准).
    by_status: bool = True


@dataclass
class QueueItem:
    kind: str
    label: str
    record: object
    due: date | None
    # A case waiting for its next workflow step (not for an extension or an
    # objection decision): the queue may offer that step in one click.
    at_step: bool = False

    def overdue(self, today: date) -> bool:
        return self.due is not None and self.due < today


@dataclass
class WorkQueue:
    role: Role
    items: list[QueueItem]

    @property
    def label(self) -> str:
        return str(self.role.label)

    @property
    def count(self) -> int:
        return len(self.items)


# ---- 经办人


def _window_towns(user) -> QuerySet:
    """Townships whose window the user staffs (A, B or named substitute)."""
    return ServicePoint.objects.filter(
        Q(staff_a=user) | Q(staff_b=user) | Q(substitute=user),
        level=ServicePoint.Level.TOWNSHIP,
    ).values("township_id")


def clerk_cases(user, today: date) -> QuerySet[Case]:
    """Cases at a clerk's stage that are the user's: handled by them (A), or
    stood in for (B, while the A is away), or logged at a village station of a
    township whose window they staff (帮办代办、村级受理, until accepted)."""
    mine = (
        Q(handler=user)
        | Jurisdiction(stands_in=user.pk).q()
        | Q(
            status=S.RECEIVED,
            township_id__in=_window_towns(user),
            handler__staff_profile__village__isnull=False,
        )
    )
    return with_due(
        instances(user, "case.change").filter(mine, status__in=CLERK_STATUSES)
    )


def leads_to_triage(user, today: date) -> QuerySet[Lead]:
    """主动发现线索 awaiting triage or, once confirmed, conversion to a case;
    an urgent one is due the working day after it was reported."""
    return (
        instances(user, "lead.triage")
        .filter(status__in=[Lead.Status.REPORTED, Lead.Status.ACCEPTED])
        .annotate(due=F("triage_due"))
        .select_related("township", "village")
        .order_by("reported_at")
    )


def reviews_to_do(user, today: date) -> QuerySet[Recipient]:
    """定期复核 due within 30 days (or overdue) of the township's recipients."""
    from .recipients import REVIEW_NOTICE_DAYS, reviews_due

    return reviews_due(
        user,
        today=today,
        within_days=REVIEW_NOTICE_DAYS,
        action="recipient.review",
    ).annotate(due=F("next_review_on"))


# ---- 村协理员


def entries_to_answer(user, today: date) -> QuerySet[RegistrationEntry]:
    """工作登记簿 entries not yet answered or passed on."""
    return (
        instances(user, "registration.handle")
        .filter(status=RegistrationEntry.Status.OPEN)
        .annotate(due=Value(None, output_field=DateField()))
        .select_related("township", "village")
        .order_by("recorded_at")
    )


def village_leads(user, today: date) -> QuerySet[Lead]:
    """Leads of the village still waiting for the township's triage."""
    return (
        instances(user, "lead.report")
        .filter(status=Lead.Status.REPORTED)
        .annotate(due=F("triage_due"))
        .select_related("township", "village")
        .order_by("reported_at")
    )


def proxy_cases(user, today: date) -> QuerySet[Case]:
    """帮办代办 applications of the village not yet decided."""
    return with_due(
        instances(user, "case.change").filter(
            channel=Channel.PROXY,
            status__in=[S.RECEIVED, S.ACCEPTED, S.INVESTIGATING],
        )
    )


# ---- 乡镇审核人、县级审批人


def notice_ended(today: date) -> Q:
    """公示期满: the case's 公示 ran its last day before today."""
    ended = StageDeadline.objects.filter(
        stage=Stage.PUBLIC_NOTICE, due_on__lt=today
    ).values("case_id")
    return Q(status=S.PUBLIC_NOTICE, pk__in=ended)


def cases_to_review(user, today: date) -> QuerySet[Case]:
    """乡镇审核: cases at 审核, and those whose 公示 has ended, to report."""
    return with_due(
        instances(user, "case.submit_decision").filter(
            Q(status=S.REVIEWING) | notice_ended(today)
        )
    )


def cases_to_decide(user, today: date) -> QuerySet[Case]:
    """审批确认: cases reported to the county (待审批确认)."""
    return with_due(instances(user, "case.approve").filter(status=S.DECIDING))


def extensions_to_decide(user, today: date) -> QuerySet[Case]:
    """Cases with an extension request awaiting a reviewer (延期待批准)."""
    asked = Extension.objects.filter(status=Extension.Status.REQUESTED).values(
        "deadline__case_id"
    )
    return with_due(
        instances(user, "case.extension_decide").filter(
            pk__in=asked, status__in=OPEN_STATUSES
        )
    )


def _objections_at(user, action: str, status: str) -> QuerySet[Case]:
    """Cases with an objection to the verification report waiting at ``status``
    (核对异议): the clock is stopped meanwhile, so ``due`` is the stage's."""
    waiting = VerificationObjection.objects.filter(status=status).values("case_id")
    return with_due(instances(user, action).filter(pk__in=waiting))


def objections_to_review(user, today: date) -> QuerySet[Case]:
    """核对异议待乡镇审核."""
    return _objections_at(
        user, "objection.township_review", VerificationObjection.Status.SUBMITTED
    )


def objections_to_decide(user, today: date) -> QuerySet[Case]:
    """核对异议待县级审核 (the township upheld it)."""
    return _objections_at(
        user, "objection.county_review", VerificationObjection.Status.TOWNSHIP_UPHELD
    )


QUEUES: dict[Role, tuple[Part, ...]] = {
    Role.CLERK: (
        Part("case", _("待办案件"), clerk_cases),
        Part("lead", _("线索待研判或转案件"), leads_to_triage),
        Part("review", _("定期复核"), reviews_to_do, by_status=False),
    ),
    Role.TOWNSHIP_REVIEWER: (
        Part("case", _("待审核、报送审批"), cases_to_review),
        Part("case", _("延期待批准"), extensions_to_decide, by_status=False),
        Part("case", _("核对异议待乡镇审核"), objections_to_review, by_status=False),
    ),
    Role.REVIEWER: (
        Part("case", _("待审批确认"), cases_to_decide),
        Part("case", _("延期待批准"), extensions_to_decide, by_status=False),
        Part("case", _("核对异议待县级审核"), objections_to_decide, by_status=False),
    ),
    Role.VILLAGE_COORDINATOR: (
        Part("entry", _("登记簿待答复"), entries_to_answer),
        Part("lead", _("已上报线索待乡镇研判"), village_leads),
        Part("case", _("帮办代办申请办理中"), proxy_cases),
    ),
}


def queue_roles(user) -> list[Role]:
    """The roles with a queue that the user holds, in the table's order."""
    held = actor_for(user).holds(frozenset(QUEUES))
    return [role for role in QUEUES if role in held]


def work_queue(user, role: Role, *, today: date) -> WorkQueue:
    items = []
    for part in QUEUES[role]:
        for row in part.rows(user, today):
            label = str(part.label)
            if part.kind == "case" and part.by_status:
                label = row.get_status_display()
            at_step = part.kind == "case" and part.by_status
            items.append(QueueItem(part.kind, label, row, row.due, at_step))
    # Due first, the earliest at the top; then what has no date, oldest first.
    items.sort(key=lambda i: (i.due is None, i.due or date.max))
    return WorkQueue(role, items)


def work_queues(user, *, today: date) -> list[WorkQueue]:
    return [work_queue(user, role, today=today) for role in queue_roles(user)]


def queue_counts(user, *, today: date) -> list[tuple[Role, int]]:
    """How many wait in each of the user's queues (the admin home page)."""
    return [
        (role, sum(part.rows(user, today).count() for part in QUEUES[role]))
        for role in queue_roles(user)
    ]
