"""Django model permissions of the case roles, handed to portal's setup_groups.

The admin checks these (menu, list, intake, change forms); the services check the
role and the jurisdiction again, so a permission given by mistake still cannot
reach another township's case or let an auditor change anything.
"""

from core.roles import Role
from portal.permissions import add_role_permissions

# The case and its records: referrals (分办转办台账), complaints, follow-ups,
# active-discovery leads, the village registration book and recipient exits.
RECORDS = (
    "case",
    "referral",
    "complaint",
    "followup",
    "lead",
    "registrationentry",
    "recipientexit",
)
_READ = tuple(f"cases.view_{name}" for name in RECORDS)
_WORKING = _READ + tuple(
    f"cases.{action}_{name}" for name in RECORDS for action in ("add", "change")
)

CASE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    Role.CLERK: _WORKING,
    # Complaints may concern the village station itself: not for coordinators.
    Role.VILLAGE_COORDINATOR: tuple(p for p in _WORKING if "complaint" not in p),
    Role.REVIEWER: _WORKING,
    # 审计: read everything, change nothing.
    Role.AUDITOR: _READ,
}


def register_case_permissions() -> None:
    for role, permissions in CASE_PERMISSIONS.items():
        add_role_permissions(role, *permissions)
