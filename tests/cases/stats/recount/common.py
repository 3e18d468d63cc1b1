"""Whose figures, which days, and how a count becomes a table row."""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from cases.models import Case, Complaint
from portal.models import ServicePoint, Township, Village

NO_TOWNSHIP = "未指定乡镇"


@dataclass(frozen=True)
class Area:
    """Whose figures: the county (broken down by township unless one is chosen),
    a township, or a village (which sees no complaints)."""

    township: Township | None = None
    village: Village | None = None
    county: bool = False

    @property
    def by_township(self) -> bool:
        return self.county and self.township is None

    @property
    def sees_complaints(self) -> bool:
        return self.village is None

    def has_case(self, case: Case) -> bool:
        if self.village is not None:
            return case.village_id == self.village.pk
        if self.township is not None:
            return case.township_id == self.township.pk
        return True

    def has_complaint(self, complaint: Complaint) -> bool:
        if not self.sees_complaints:
            return False
        if self.township is not None:
            return complaint.township_id == self.township.pk
        return True

    def has_point(self, point: ServicePoint) -> bool:
        if self.village is not None:
            return point.village_id == self.village.pk
        if self.township is not None:
            return point.township_id == self.township.pk
        return True


@dataclass(frozen=True)
class Span:
    first: date
    last: date

    def has(self, moment) -> bool:
        return moment is not None and self.first <= local(moment) <= self.last

    def has_day(self, day: date | None) -> bool:
        return day is not None and self.first <= day <= self.last


def local(moment) -> date:
    return timezone.localtime(moment).date()


def rate(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%"


def table(rows: dict[str, tuple], *, total: tuple | None = None) -> dict:
    return {"rows": rows, "total": total}


def counts_table(counter: Counter) -> dict:
    rows = {label: (n,) for label, n in counter.items() if n}
    return table(rows, total=(sum(counter.values()),))


def township_name(case_or_record) -> str:
    township = case_or_record.township
    return township.name if township is not None else NO_TOWNSHIP


def all_cases(area: Area) -> list[Case]:
    cases = Case.objects.select_related("assistance_type", "township")
    return [case for case in cases if area.has_case(case)]
