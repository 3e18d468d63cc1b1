"""When an administrator changes the calendar, open cases' deadlines follow."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import CalendarDay
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
