"""Whose service points a member of staff sees and acts for.

Editors and moderators keep the county's printed material and act for every
service point; reviewers and auditors see every one; a clerk acts for the
township window of their township and any point where they are A or B staff; a
village coordinator for their village's station.
"""

from django.db.models import Q, QuerySet

from core.roles import Role, roles_of
from portal.models import ServicePoint

_ALL_POINTS_ROLES = {Role.EDITOR, Role.CONTENT_MODERATOR}
_READ_ALL_ROLES = {Role.REVIEWER, Role.AUDITOR}


def acts_for_all_points(user) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or bool(roles_of(user) & _ALL_POINTS_ROLES)


def sees_all_points(user) -> bool:
    return acts_for_all_points(user) or (
        user.is_authenticated
        and user.is_active
        and bool(roles_of(user) & _READ_ALL_ROLES)
    )


def points_acted_for(user) -> QuerySet[ServicePoint]:
    """Service points whose register this user may change and whose tasks they
    confirm."""
    points = ServicePoint.objects.all()
    if acts_for_all_points(user):
        return points
    if not user.is_authenticated or not user.is_active:
        return points.none()
    own = Q(staff_a=user) | Q(staff_b=user)
    profile = getattr(user, "staff_profile", None)
    roles = roles_of(user)
    if profile is not None and profile.township_id and Role.CLERK in roles:
        own |= Q(level=ServicePoint.Level.TOWNSHIP, township_id=profile.township_id)
    if profile is not None and profile.village_id and Role.VILLAGE_COORDINATOR in roles:
        own |= Q(level=ServicePoint.Level.VILLAGE, village_id=profile.village_id)
    return points.filter(own)


def points_seen_by(user) -> QuerySet[ServicePoint]:
    if sees_all_points(user):
        return ServicePoint.objects.all()
    return points_acted_for(user)
