"""The dashboard's figures counted again by hand, for tests.

Plain reads of the records and Python loops, none of ``cases.stats``: if a rule
there goes wrong (公示 counted as late, a township mixed up, a period boundary),
these counts and the dashboard's disagree. The rules written out here are the
ones the dashboard promises in its notes:

- a case counts in the period its event falls in (北京时间): applications by
  receipt, decisions by decision, closures by reply, exits by their date;
- 限时办结: a case closed in the period is on time unless a deadline the office
  controls was missed; 公示 runs the days the rules fix and never counts;
- 当前超期: an open deadline the office controls is past due, and the case is
  not in 补正;
- referrals, complaints and follow-ups on time when answered on or before the
  day they were due; 定期复核 on time when done on or before the day it was due;
- 待遇调整 in the period of the month it takes effect.
"""

from datetime import date

from .caseload import applications, decisions, trend
from .common import Area, Span, local, percent
from .consultations import consultations
from .oversight import (
    area_complaints,
    area_followups,
    complaint_is_overdue,
    complaints,
    one_time_notices,
    postings,
    referrals,
    satisfaction,
    satisfaction_counts,
    satisfaction_rate,
)
from .recipients import recipients
from .timeliness import is_late, office_deadlines, timeliness

__all__ = [
    "Area",
    "Span",
    "area_complaints",
    "area_followups",
    "complaint_is_overdue",
    "headline",
    "is_late",
    "local",
    "office_deadlines",
    "report_tables",
    "satisfaction_counts",
]


def report_tables(area: Area, span: Span, today: date) -> dict[str, dict]:
    return {
        **applications(area, span),
        **trend(area, span),
        **decisions(area, span),
        **timeliness(area, span, today),
        **referrals(area, span, today),
        **complaints(area, span),
        **satisfaction(area, span),
        **consultations(area, span),
        **postings(area, today),
        **one_time_notices(area, span),
        **recipients(area, span),
    }


def headline(tables: dict[str, dict], area: Area, span: Span) -> dict[str, str]:
    def total(key: str, index: int):
        return tables[key]["total"][index]

    complaint_rate = (
        percent(total("complaints_channel", 4)) if area.sees_complaints else "—"
    )
    conducted = [f for f in area_followups(area) if span.has(f.conducted_at)]
    return {
        "受理申请": str(total("applications_type", 0)),
        "审批同意（新增救助对象）": str(total("decisions_type", 0)),
        "审批不同意": str(total("decisions_type", 1)),
        "退出救助对象": str(total("recipients_type", 1)),
        "限时办结率": percent(total("on_time", 2)),
        "当前超期案件": str(total("overdue_township", 0)),
        "转办按期反馈率": percent(total("referrals", 3)),
        "投诉按期答复率": complaint_rate,
        "回访满意率": percent(satisfaction_rate(satisfaction_counts(conducted))),
    }
