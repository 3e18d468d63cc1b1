"""When an administrator changes the calendar, open cases' deadlines follow."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import CalendarDay, HolidayArrangement
from .tasks import recompute_open_deadlines


@receiver(post_save, sender=CalendarDay, dispatch_uid="calendar_day_saved")
@receiver(post_delete, sender=CalendarDay, dispatch_uid="calendar_day_deleted")
def calendar_changed(sender, instance: CalendarDay, **kwargs):
    action = "删除" if kwargs.get("signal") is post_delete else "调整"
    reason = f"节假日{action}：{instance.date:%Y-%m-%d} {instance.name}"
    transaction.on_commit(lambda: recompute_open_deadlines.enqueue(reason))


@receiver(post_save, sender=CalendarDay, dispatch_uid="calendar_day_saved_stats")
@receiver(post_delete, sender=CalendarDay, dispatch_uid="calendar_day_deleted_stats")
def calendar_changed_stats(sender, instance: CalendarDay, **kwargs):
    """统计用的工作日序号表随之作废，下一次统计时重建。"""
    from .stats.calendar import invalidate_calendar

    invalidate_calendar()


@receiver(post_save, sender=HolidayArrangement, dispatch_uid="arrangement_saved")
@receiver(post_delete, sender=HolidayArrangement, dispatch_uid="arrangement_deleted")
def arrangement_changed(sender, instance: HolidayArrangement, **kwargs):
    """A year recorded (or withdrawn) makes its deadlines final (or provisional)."""
    action = "撤销" if kwargs.get("signal") is post_delete else "录入"
    reason = f"{instance.year}年节假日安排{action}（{instance.document}）"
    transaction.on_commit(lambda: recompute_open_deadlines.enqueue(reason))
