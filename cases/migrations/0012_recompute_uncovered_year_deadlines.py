"""Deadlines counted into a year the calendar did not cover, counted again.

Before the statutory holidays were computed by rule, a year beyond the calendar
package's data was counted Monday to Friday: 2027-01-01 or the 春节 days counted as
working days, so open deadlines that reach into such a year came out too early,
and said nothing about being provisional. This recounts, on today's calendar
(package data, the administrator's entered days, and the statutory rule for the
rest), every open stage deadline, every referral awaiting feedback and every
open named complaint whose date lies in an uncovered year.

Each changed record gets a chained history row ('~', no user) with the reason
below. Deadlines in covered years are not touched, nor are closed ones.
"""


from django.db import migrations
from django.utils import timezone

REASON = "数据迁移：未覆盖年度按法定节假日规则重算期限（期限暂定）"
PUBLIC_NOTICE = "public_notice"
COMPLAINT_RESPONSE_DAYS = 10
OPEN_COMPLAINT = ("received", "handling")
HISTORY_ONLY = {
    "history_id",
    "history_date",
    "history_change_reason",
    "history_type",
    "history_user_id",
    "prev_hash",
    "row_hash",
}


def _calendar(apps):
    from core.workdays import WorkingCalendar

    day_model = apps.get_model("cases", "CalendarDay")
    arrangement_model = apps.get_model("cases", "HolidayArrangement")
    overrides = {
        entry.date: (entry.kind == "workday", entry.name)
        for entry in day_model._default_manager.all()
    }
    years = arrangement_model._default_manager.values_list("year", flat=True)
    return WorkingCalendar(overrides=overrides, arrangements=set(years))


def _history_row(apps, obj, now):
    model = type(obj)
    history_model = apps.get_model("cases", f"Historical{model.__name__}")
    kept = {f.attname for f in history_model._meta.concrete_fields} - HISTORY_ONLY
    return history_model, history_model(
        history_date=now,
        history_type="~",
        history_user=None,
        history_change_reason=REASON,
        **{
            f.attname: getattr(obj, f.attname)
            for f in model._meta.concrete_fields
            if f.attname in kept
        },
    )


def _uncovered(calendar, due):
    return due is not None and not calendar.covers(due.year)


def recompute(apps, schema_editor):
    from cases.history import insert_chained

    calendar = _calendar(apps)
    now = timezone.now()
    today = timezone.localdate()
    rows: dict[type, list] = {}

    def record(obj, fields):
        type(obj)._default_manager.filter(pk=obj.pk).update(
            **{name: getattr(obj, name) for name in fields}
        )
        history_model, row = _history_row(apps, obj, now)
        rows.setdefault(history_model, []).append(row)

    deadline_model = apps.get_model("cases", "StageDeadline")
    pause_model = apps.get_model("cases", "Pause")
    open_deadlines = deadline_model._default_manager.filter(
        completed_at__isnull=True
    ).exclude(stage=PUBLIC_NOTICE)
    for deadline in open_deadlines.order_by("pk").iterator(chunk_size=2000):
        if not _uncovered(calendar, deadline.due_on):
            continue
        pauses = [
            (p.started_on, p.ended_on or today)
            for p in pause_model._default_manager.filter(case_id=deadline.case_id)
        ]
        calc = calendar.add(
            deadline.starts_on,
            deadline.working_days + deadline.extended_days,
            pauses=pauses,
        )
        text = calc.describe()
        if deadline.extended_days:
            text += f"含经批准延长{deadline.extended_days}个工作日。"
        if (calc.result, text) != (deadline.due_on, deadline.calculation):
            deadline.due_on, deadline.calculation = calc.result, text
            record(deadline, ("due_on", "calculation"))

    referral_model = apps.get_model("cases", "Referral")
    for referral in referral_model._default_manager.filter(status="sent").order_by("pk"):
        if not _uncovered(calendar, referral.feedback_due):
            continue
        calc = calendar.add(
            timezone.localdate(referral.referred_at), referral.due_working_days
        )
        text = calc.describe()
        if (calc.result, text) != (referral.feedback_due, referral.due_calculation):
            referral.feedback_due, referral.due_calculation = calc.result, text
            record(referral, ("feedback_due", "due_calculation"))

    complaint_model = apps.get_model("cases", "Complaint")
    open_complaints = complaint_model._default_manager.filter(
        status__in=OPEN_COMPLAINT, response_due__isnull=False
    )
    for complaint in open_complaints.order_by("pk"):
        if not _uncovered(calendar, complaint.response_due):
            continue
        calc = calendar.add(
            timezone.localdate(complaint.received_at), COMPLAINT_RESPONSE_DAYS
        )
        text = calc.describe()
        if (calc.result, text) != (complaint.response_due, complaint.due_calculation):
            complaint.response_due, complaint.due_calculation = calc.result, text
            record(complaint, ("response_due", "due_calculation"))

    for history_model, new_rows in rows.items():
        insert_chained(history_model, new_rows)


class Migration(migrations.Migration):
    dependencies = [("cases", "0011_holiday_arrangement")]

    operations = [
        migrations.RunPython(recompute, migrations.RunPython.noop),
    ]
