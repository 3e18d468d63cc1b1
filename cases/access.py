"""Who may see and change what in the case module (访问权限).

Roles are Django groups (core.roles). A clerk's township and a village
coordinator's village come from their StaffProfile. These functions are the only
place the rules live; selectors and services call them.
"""

from dataclasses import dataclass

from core.roles import GROUP_NAMES, Role

_ROLE_BY_GROUP = {name: role for role, name in GROUP_NAMES.items()}

# Actions beyond seeing and changing a case in one's jurisdiction, and the roles
# that may take them (the scope still comes from ``cases_visible_to``).
ACTIONS: dict[str, frozenset[str]] = {
    # 更正申请人信息 (name, phone, address) and asking for an ID-number change.
    "applicant_correct": frozenset({Role.CLERK, Role.REVIEWER}),
    # Approving or refusing an ID-number change: a reviewer other than the one
    # who asked (the service checks that part).
    "id_number_change_decide": frozenset({Role.REVIEWER}),
}


@dataclass(frozen=True)
class Actor:
    """What the case module needs to know about the person acting."""

    user_id: int | None
    roles: frozenset[str]
    township_id: int | None
    village_id: int | None
    is_superuser: bool

    @property
    def sees_everything(self) -> bool:
        return self.is_superuser or bool(self.roles & {Role.AUDITOR, Role.REVIEWER})

    @property
    def has_case_role(self) -> bool:
        return self.is_superuser or bool(
            self.roles
            & {Role.CLERK, Role.VILLAGE_COORDINATOR, Role.REVIEWER, Role.AUDITOR}
        )

    @property
    def may_change_cases(self) -> bool:
        return self.is_superuser or bool(
            self.roles & {Role.CLERK, Role.VILLAGE_COORDINATOR, Role.REVIEWER}
        )

    def has(self, role: str) -> bool:
        return self.is_superuser or role in self.roles

    def may(self, action: str) -> bool:
        """Whether the role allows ``action`` (a key of ACTIONS) at all."""
        return self.is_superuser or bool(self.roles & ACTIONS[action])


def actor_for(user) -> Actor:
    if user is None or not user.is_authenticated or not user.is_active:
        return Actor(None, frozenset(), None, None, False)
    cached = getattr(user, "_case_actor", None)
    if cached is not None:
        return cached
    roles = frozenset(
        _ROLE_BY_GROUP[name]
        for name in user.groups.values_list("name", flat=True)
        if name in _ROLE_BY_GROUP
    )
    profile = getattr(user, "staff_profile", None)
    actor = Actor(
        user_id=user.pk,
        roles=roles,
        township_id=profile.township_id if profile else None,
        village_id=profile.village_id if profile else None,
        is_superuser=user.is_superuser,
    )
    user._case_actor = actor
    return actor
