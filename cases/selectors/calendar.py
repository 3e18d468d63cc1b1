"""工作日历的覆盖情况：which years' 调休 arrangement is known, and what that leaves
provisional (暂定)."""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from cases.models import Complaint, Referral, StageDeadline
from core.workdays import PROVISIONAL_MARK, WorkingCalendar, provisional_warning

from .cases import cases_visible_to
from .records import complaints_visible_to, referrals_visible_to

# From this day of the year before, an uncovered next year is announced.
REMIND_FROM = (11, 1)


@dataclass(frozen=True)
class CalendarCoverage:
    today: date
    covered_years: frozenset[int]

    @property
    def pending_years(self) -> tuple[int, ...]:
        """This year if uncovered, and next year once the reminder period began."""
        years = [self.today.year]
        if self.today >= date(self.today.year, *REMIND_FROM):
            years.append(self.today.year + 1)
        return tuple(y for y in years if y not in self.covered_years)

    @property
    def remind_administrators(self) -> bool:
        return bool(self.pending_years)

    @property
    def warning(self) -> str:
        return provisional_warning(self.pending_years) if self.pending_years else ""


def calendar_coverage(*, today: date | None = None) -> CalendarCoverage:
    return CalendarCoverage(
        today=today or timezone.localdate(),
        covered_years=WorkingCalendar(overrides={}).covered_years,
    )


def provisional_counts(user) -> dict[str, int]:
    """Open deadlines the user may see whose date is provisional, per kind."""
    return {
        "deadlines": StageDeadline.objects.filter(
            case__in=cases_visible_to(user),
            completed_at__isnull=True,
            calculation__contains=PROVISIONAL_MARK,
        ).count(),
        "referrals": referrals_visible_to(user)
        .filter(status=Referral.Status.SENT, due_calculation__contains=PROVISIONAL_MARK)
        .count(),
        "complaints": complaints_visible_to(user)
        .filter(
            status__in=(Complaint.Status.RECEIVED, Complaint.Status.HANDLING),
            due_calculation__contains=PROVISIONAL_MARK,
        )
        .count(),
    }
