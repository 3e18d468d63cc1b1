"""分办转办、投诉举报、评价回访，线上线下一致性."""

from collections import Counter, defaultdict
from datetime import date

from cases.models import Complaint, FollowUp, Notice, Referral
from portal.models import DisplayRequirement, Posting, ReplacementTask, ServicePoint

from .common import Area, Span, local, rate, table, township_name


def referrals(area: Area, span: Span, today: date) -> dict:
    rows: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for referral in Referral.objects.select_related("case", "department"):
        if not area.has_case(referral.case):
            continue
        row = rows[referral.department.name]
        if span.has(referral.referred_at):
            row[0] += 1
            row[1] += referral.feedback_at is not None
            row[2] += (
                referral.feedback_at is not None
                and local(referral.feedback_at) <= referral.feedback_due
            )
        row[3] += (
            referral.status == Referral.Status.SENT and referral.feedback_due < today
        )
    rows = {name: row for name, row in rows.items() if row[0] or row[3]}
    sent, fed_back, on_time, overdue = (
        sum(row[i] for row in rows.values()) for i in range(4)
    )
    return {
        "referrals": table(
            {
                name: (row[0], row[1], row[2], rate(row[2], row[0]), row[3])
                for name, row in rows.items()
            },
            total=(sent, fed_back, on_time, rate(on_time, sent), overdue),
        )
    }


def area_complaints(area: Area) -> list[Complaint]:
    return [
        c for c in Complaint.objects.select_related("township") if area.has_complaint(c)
    ]


def complaint_is_overdue(complaint: Complaint, today: date) -> bool:
    return (
        complaint.response_due is not None
        and complaint.status in (Complaint.Status.RECEIVED, Complaint.Status.HANDLING)
        and complaint.response_due < today
    )


def _complaint_table(complaints: list[Complaint], key) -> dict:
    rows: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for complaint in complaints:
        row = rows[key(complaint)]
        row[0] += 1
        row[1] += complaint.response_due is not None
        row[2] += complaint.answered_at is not None
        row[3] += (
            complaint.answered_at is not None
            and complaint.response_due is not None
            and local(complaint.answered_at) <= complaint.response_due
        )
    totals = tuple(sum(row[i] for row in rows.values()) for i in range(4))
    return table(
        {name: (*row, rate(row[3], row[1])) for name, row in rows.items()},
        total=(*totals, rate(totals[3], totals[1])),
    )


def complaints(area: Area, span: Span) -> dict:
    if not area.sees_complaints:
        return {}
    received = [c for c in area_complaints(area) if span.has(c.received_at)]
    channels = dict(Complaint.Channel.choices)
    tables = {
        "complaints_channel": _complaint_table(
            received, lambda c: str(channels[c.channel])
        )
    }
    if area.by_township:
        tables["complaints_township"] = _complaint_table(received, township_name)
    return tables


def area_followups(area: Area) -> list[FollowUp]:
    return [f for f in FollowUp.objects.select_related("case") if area.has_case(f.case)]


def satisfaction_counts(followups: list[FollowUp]) -> dict[str, int]:
    counts = Counter(f.satisfaction for f in followups)
    return {
        "total": len(followups),
        "evaluations": sum(f.kind == FollowUp.Kind.EVALUATION for f in followups),
        "revisits": sum(f.kind == FollowUp.Kind.REVISIT for f in followups),
        "needs_action": sum(
            f.status == FollowUp.Status.NEEDS_ACTION for f in followups
        ),
        **{key: counts[key] for key, _ in FollowUp.Satisfaction.choices},
    }


def satisfaction_rate(counts: dict[str, int]) -> float | None:
    reached = counts["satisfied"] + counts["basic"] + counts["dissatisfied"]
    return rate(counts["satisfied"] + counts["basic"], reached)


def satisfaction(area: Area, span: Span) -> dict:
    conducted = [f for f in area_followups(area) if span.has(f.conducted_at)]
    counts = satisfaction_counts(conducted)
    return {
        "satisfaction": table(
            {
                str(label): (counts[key],)
                for key, label in FollowUp.Satisfaction.choices
            },
            total=(counts["total"],),
        )
    }


def postings(area: Area, today: date) -> dict:
    rows, required_total = {}, 0
    for point in ServicePoint.objects.all():
        if not area.has_point(point):
            continue
        required = current = stale = 0
        for requirement in DisplayRequirement.objects.filter(
            level=point.level, page__live=True
        ):
            required += 1
            shown = Posting.objects.filter(
                service_point=point,
                page=requirement.page,
                form=requirement.form,
                removed_on__isnull=True,
            ).select_related("edition")
            if any(p.edition.superseded_at is None for p in shown):
                current += 1
            elif shown:
                stale += 1
        tasks = ReplacementTask.objects.filter(
            service_point=point, status=ReplacementTask.Status.OPEN
        )
        required_total += required
        if required:
            rows[point.name] = (
                required,
                current,
                stale,
                required - current - stale,
                rate(current, required),
                tasks.count(),
                sum(t.due_on < today for t in tasks),
            )
    if not required_total:
        return {}
    totals = tuple(sum(row[i] for row in rows.values()) for i in range(4))
    open_tasks = sum(row[5] for row in rows.values())
    overdue_tasks = sum(row[6] for row in rows.values())
    return {
        "postings": table(
            rows,
            total=(*totals, rate(totals[1], totals[0]), open_tasks, overdue_tasks),
        )
    }


def one_time_notices(area: Area, span: Span) -> dict:
    """一次性告知 by township: issued in the period, of which a case's second or
    later notice (an earlier one-time notice of the same case exists)."""
    notices = Notice.objects.filter(kind=Notice.Kind.ONE_TIME).select_related(
        "case__township"
    )
    seen: dict[int, int] = Counter()
    counted: dict[str, list[int]] = {}
    for notice in notices.order_by("pk"):
        seen[notice.case_id] += 1
        if not (area.has_case(notice.case) and span.has(notice.issued_at)):
            continue
        row = counted.setdefault(township_name(notice.case), [0, 0])
        row[0] += 1
        row[1] += seen[notice.case_id] > 1
    if not counted:
        return {}
    rows = {name: (n, r, rate(r, n)) for name, (n, r) in counted.items()}
    issued = sum(n for n, _, _ in rows.values())
    repeated = sum(r for _, r, _ in rows.values())
    return {
        "one_time_notices": table(
            rows, total=(issued, repeated, rate(repeated, issued))
        )
    }
