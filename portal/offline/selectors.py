"""Reads of the register, scoped by who is asking."""

from django.db.models import QuerySet

from portal.models import Posting, ReplacementTask

from .access import points_acted_for, points_seen_by, sees_all_points


def may_use_register(user) -> bool:
    """Staff who see at least one service point's register."""
    if not user.is_authenticated or not user.is_active:
        return False
    return sees_all_points(user) or points_acted_for(user).exists()


def tasks_visible_to(user) -> QuerySet[ReplacementTask]:
    return ReplacementTask.objects.filter(
        service_point__in=points_seen_by(user)
    ).select_related("service_point", "stale_edition", "target_edition", "closed_by")


def postings_visible_to(user) -> QuerySet[Posting]:
    return Posting.objects.filter(
        service_point__in=points_seen_by(user)
    ).select_related("service_point", "edition", "recorded_by", "removed_by")
