"""线上线下一致率: postings current ÷ postings required, per service point and overall.

A requirement (一明显三上墙) is met at a service point when that page is on
display there, in that form, in its current edition. A copy of an older edition
is stale; no copy at all is a gap. Requirements naming a page that is not live
are left out: nobody can post what the site does not publish. Every count is one
query with subqueries, whatever the number of service points.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Exists, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from portal.models import DisplayRequirement, Posting, ReplacementTask, ServicePoint


def _count(queryset, group_field: str):
    return Coalesce(
        Subquery(
            queryset.order_by()
            .values(group_field)
            .annotate(n=Count("pk"))
            .values("n")[:1]
        ),
        0,
    )


def _displayed(*, current: bool):
    return Exists(
        Posting.objects.filter(
            service_point=OuterRef(OuterRef("pk")),
            page=OuterRef("page"),
            form=OuterRef("form"),
            removed_on__isnull=True,
            edition__superseded_at__isnull=current,
        )
    )


def annotate_consistency(points: QuerySet, *, today: date) -> QuerySet:
    required = DisplayRequirement.objects.filter(
        level=OuterRef("level"), page__live=True
    )
    tasks = ReplacementTask.objects.filter(
        service_point=OuterRef("pk"), status=ReplacementTask.Status.OPEN
    )
    return points.annotate(
        required=_count(required, "level"),
        current=_count(required.filter(_displayed(current=True)), "level"),
        stale=_count(
            required.filter(~_displayed(current=True), _displayed(current=False)),
            "level",
        ),
        open_tasks=_count(tasks, "service_point"),
        overdue_tasks=_count(tasks.filter(due_on__lt=today), "service_point"),
    )


def rate(current: int, required: int) -> float | None:
    return current / required if required else None


@dataclass
class PointFigures:
    point: ServicePoint
    required: int
    current: int
    stale: int
    open_tasks: int
    overdue_tasks: int

    @property
    def gaps(self) -> int:
        return self.required - self.current - self.stale

    @property
    def rate(self) -> float | None:
        return rate(self.current, self.required)


class _Total:
    """A figure of the report: the sum of the same figure over its service points."""

    def __set_name__(self, owner, name: str) -> None:
        self.name = name

    def __get__(self, report, owner=None) -> int:
        if report is None:
            return self
        return sum(getattr(p, self.name) for p in report.points)


@dataclass
class ConsistencyReport:
    today: date
    points: list[PointFigures] = field(default_factory=list)

    required = _Total()
    current = _Total()
    stale = _Total()
    gaps = _Total()
    open_tasks = _Total()
    overdue_tasks = _Total()

    @property
    def rate(self) -> float | None:
        return rate(self.current, self.required)

    def as_dict(self) -> dict:
        def figures(item) -> dict:
            return {
                "required": item.required,
                "current": item.current,
                "stale": item.stale,
                "gaps": item.gaps,
                "rate": None if item.rate is None else round(item.rate, 4),
                "open_tasks": item.open_tasks,
                "overdue_tasks": item.overdue_tasks,
            }

        return {
            "date": self.today.isoformat(),
            "overall": figures(self),
            "service_points": [
                {
                    "code": p.point.code,
                    "name": p.point.name,
                    "level": p.point.level,
                    **figures(p),
                }
                for p in self.points
            ],
        }


def consistency_report(
    points: QuerySet | None = None, *, today: date | None = None
) -> ConsistencyReport:
    today = today or timezone.localdate()
    points = ServicePoint.objects.all() if points is None else points
    report = ConsistencyReport(today=today)
    for point in annotate_consistency(
        points.select_related("township", "village"), today=today
    ):
        report.points.append(
            PointFigures(
                point=point,
                required=point.required,
                current=point.current,
                stale=point.stale,
                open_tasks=point.open_tasks,
                overdue_tasks=point.overdue_tasks,
            )
        )
    return report


@dataclass
class RequirementStatus:
    """One line of a service point's checklist: 已张贴现行版 / 旧版待换 / 缺。"""

    requirement: DisplayRequirement
    posting: Posting | None
    current_number: int | None

    @property
    def state(self) -> str:
        if self.posting is None:
            return "gap"
        return "current" if self.posting.edition.is_current else "stale"


def point_checklist(point: ServicePoint) -> list[RequirementStatus]:
    """The requirements of one point's level, each with the copy on display."""
    from portal.models import PrintEdition

    requirements = list(
        DisplayRequirement.objects.filter(level=point.level, page__live=True)
        .select_related("page")
        .order_by("sort_order", "pk")
    )
    postings = {
        (p.page_id, p.form): p
        for p in Posting.objects.filter(
            service_point=point, removed_on__isnull=True
        ).select_related("edition")
    }
    current_numbers = dict(
        PrintEdition.objects.filter(
            page_id__in=[r.page_id for r in requirements], superseded_at__isnull=True
        ).values_list("page_id", "number")
    )
    return [
        RequirementStatus(
            requirement=r,
            posting=postings.get((r.page_id, r.form)),
            current_number=current_numbers.get(r.page_id),
        )
        for r in requirements
    ]


def overdue_tasks(tasks: QuerySet, *, today: date | None = None) -> QuerySet:
    today = today or timezone.localdate()
    return tasks.filter(status=ReplacementTask.Status.OPEN, due_on__lt=today)
