"""Builders for the demo accounts, their groups and their jurisdiction (辖区)."""

from base64 import b32decode

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from core.roles import Role
from portal.accounts.twofactor import ensure_device, requires_two_factor
from portal.models import StaffProfile, Township, Village

from .base import Tally, upsert
from .data.staff import (
    DEMO_PASSWORD,
    DEMO_TOTP_KEY,
    SERVICE_POINTS,
    STAFF,
    SUPERUSERS,
)

# Editors and moderators manage content only and have no jurisdiction.
CASE_ROLES = {
    Role.CLERK,
    Role.VILLAGE_COORDINATOR,
    Role.TOWNSHIP_REVIEWER,
    Role.REVIEWER,
    Role.AUDITOR,
}


def _office_phones() -> dict[str, str]:
    """Each staff member's office phone is that of the point they staff."""
    phones: dict[str, str] = {}
    for row in SERVICE_POINTS:
        phone, staff_a, staff_b = row[6], row[7], row[8]
        phones.setdefault(staff_a, phone)
        phones.setdefault(staff_b, phone)
    return phones


def build_users(groups: dict[str, Group]) -> list[Tally]:
    """Create missing accounts; never reset a password or name someone changed."""
    User = get_user_model()
    users, memberships = Tally(_("用户")), Tally(_("用户组成员"))
    # One hash for the one shared demo password: hashing is deliberately slow.
    encoded_password = None
    for username, role, surname, given, _town, _village in STAFF:
        user = User.objects.filter(username=username).first()
        if user is None:
            superuser = username in SUPERUSERS
            user = User(
                username=username,
                first_name=surname,
                last_name=given,
                is_staff=superuser,
                is_superuser=superuser,
            )
            encoded_password = encoded_password or make_password(DEMO_PASSWORD)
            user.password = encoded_password
            user.save()
            users.add("created")
        else:
            users.add("unchanged")
        if role is None:
            continue
        group = groups[role.value]
        if user.groups.filter(pk=group.pk).exists():
            memberships.add("unchanged")
        else:
            user.groups.add(group)
            memberships.add("created")
    return [users, memberships]


def demo_totp_key_hex() -> str:
    return b32decode(DEMO_TOTP_KEY).hex()


def build_devices() -> list[Tally]:
    """双因素认证: the documented demo key for every account that must use 2FA.

    Only where the account has no confirmed device, so a device someone
    enrolled (or an administrator's reset followed by a new enrolment) stays.
    """
    tally = Tally(_("动态口令设备"))
    User = get_user_model()
    for username, *_rest in STAFF:
        user = User.objects.get(username=username)
        if not requires_two_factor(user):
            continue
        created = ensure_device(user, key_hex=demo_totp_key_hex())
        tally.add("created" if created else "unchanged")
    return [tally]


def build_profiles() -> list[Tally]:
    """辖区: township clerks and village coordinators; county staff have neither."""
    tally = Tally(_("工作人员辖区"))
    User = get_user_model()
    townships = {t.code: t for t in Township.objects.all()}
    villages = {v.code: v for v in Village.objects.all()}
    phones = _office_phones()
    for username, role, _surname, _given, town, village in STAFF:
        if role not in CASE_ROLES:
            continue
        upsert(
            StaffProfile,
            tally,
            lookup={"user": User.objects.get(username=username)},
            values={
                "township": townships.get(town),
                "village": villages.get(village),
                "phone": phones.get(username, ""),
            },
        )
    return [tally]
