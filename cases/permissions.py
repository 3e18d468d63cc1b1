"""Django model permissions of the case roles, handed to portal's setup_groups.

The admin checks these (menu, list, intake, change forms); the services check the
role and the jurisdiction again, so a permission given by mistake still cannot
reach another township's case or let an auditor change anything.
"""

from core.roles import Role
from portal.permissions import add_role_permissions

# The case and its records: referrals (分办转办台账), complaints, follow-ups,
# active-discovery leads, the village registration book, recipients (在册对象)
# with their reviews, benefit changes and exits, and the windows' consultations
# (咨询登记).
RECORDS = (
    "case",
    "referral",
    "complaint",
    "followup",
    "lead",
    "registrationentry",
    "recipientexit",
    "recipient",
    "recipientreview",
    "benefitchange",
    "consultation",
)
# Records of the township and county windows, never of the village station:
# complaints (they may concern the station) and consultations (the village logs
# its questions in the registration book).
_WINDOW_ONLY = ("complaint", "consultation")
_READ = tuple(f"cases.view_{name}" for name in RECORDS)
_WORKING = _READ + tuple(
    f"cases.{action}_{name}" for name in RECORDS for action in ("add", "change")
)

CASE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    Role.CLERK: _WORKING,
    Role.VILLAGE_COORDINATOR: tuple(
        p for p in _WORKING if not p.endswith(_WINDOW_ONLY)
    ),
    Role.TOWNSHIP_REVIEWER: _WORKING,
    Role.REVIEWER: _WORKING,
    # 审计: read everything, change nothing.
    Role.AUDITOR: _READ,
}


def register_case_permissions() -> None:
    for role, permissions in CASE_PERMISSIONS.items():
        add_role_permissions(role, *permissions)
