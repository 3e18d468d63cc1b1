"""The person acting, as the policy sees them: roles and jurisdiction.

Roles are Django groups, read once by ``core.roles.roles_of``. A clerk's
township and a village coordinator's village come from their StaffProfile.
"""

from dataclasses import dataclass

from core.roles import Role, roles_of

# 县级岗位: their reach is the whole county.
COUNTY_ROLES = frozenset({Role.REVIEWER, Role.AUDITOR})
# 乡镇、村岗位: their reach is their township or village, and the cases of an
# absent colleague they stand in for (AB角顶岗).
LOCAL_ROLES = frozenset({Role.CLERK, Role.VILLAGE_COORDINATOR})
# 乡镇岗位: their reach is their township (the reviewer has no B to stand in for).
TOWNSHIP_ROLES = frozenset({Role.CLERK, Role.TOWNSHIP_REVIEWER})


@dataclass(frozen=True)
class Actor:
    """What the case module needs to know about the person acting."""

    user_id: int | None
    roles: frozenset[Role]
    township_id: int | None
    village_id: int | None
    is_superuser: bool

    def holds(self, roles: frozenset[Role]) -> frozenset[Role]:
        """Which of ``roles`` this person holds (a superuser holds them all)."""
        if self.is_superuser:
            return frozenset(roles)
        return self.roles & roles


_NOBODY = Actor(None, frozenset(), None, None, False)


def actor_for(user) -> Actor:
    if user is None or not user.is_authenticated or not user.is_active:
        return _NOBODY
    cached = getattr(user, "_case_actor", None)
    if cached is not None:
        return cached
    profile = getattr(user, "staff_profile", None)
    actor = Actor(
        user_id=user.pk,
        roles=roles_of(user),
        township_id=profile.township_id if profile else None,
        village_id=profile.village_id if profile else None,
        is_superuser=user.is_superuser,
    )
    user._case_actor = actor
    return actor
