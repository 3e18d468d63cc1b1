"""Django model permissions of the case roles, handed to portal's setup_groups.

The admin checks these (menu, list, intake, change forms); the services check the
role and the jurisdiction again, so a permission given by mistake still cannot
reach another township's case or let an auditor change anything.
"""

from portal.permissions import add_role_permissions
from portal.roles import Role

_WORKING = ("cases.view_case", "cases.add_case", "cases.change_case")

CASE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    Role.CLERK: _WORKING,
    Role.VILLAGE_COORDINATOR: _WORKING,
    Role.REVIEWER: _WORKING,
    # 审计: read everything, change nothing.
    Role.AUDITOR: ("cases.view_case",),
}


def register_case_permissions() -> None:
    for role, permissions in CASE_PERMISSIONS.items():
        add_role_permissions(role, *permissions)
