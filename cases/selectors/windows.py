"""窗口 (AB角): the township window that handles a case, and who staffs it."""

from django.db.models import Q

from portal.models import ServicePoint


def township_window(township_id: int | None, user_id: int | None = None):
    """The township's 一门受理 window: the one ``user_id`` is A, B or the
    substitute of, when there is one, else the township's first."""
    if not township_id:
        return None
    points = ServicePoint.objects.filter(
        level=ServicePoint.Level.TOWNSHIP, township_id=township_id
    ).select_related(
        "staff_a__staff_profile", "staff_b__staff_profile", "substitute__staff_profile"
    )
    if user_id:
        mine = points.filter(
            Q(staff_a_id=user_id) | Q(staff_b_id=user_id) | Q(substitute_id=user_id)
        ).first()
        if mine is not None:
            return mine
    return points.first()


def window_staff_ids(window) -> set[int]:
    """The A and B of a window (the people a case's deadline alerts go to)."""
    if window is None:
        return set()
    return {pk for pk in (window.staff_a_id, window.staff_b_id) if pk}
