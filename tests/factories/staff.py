"""Staff in each role, with the township or village their profile gives them."""

from django.contrib.auth.models import Group

from core.roles import GROUP_NAMES, Role
from portal.models import StaffProfile

from .directory import UserFactory


def staff(role: str, *, township=None, village=None, username=None, **fields):
    user = (
        UserFactory(username=username, **fields) if username else UserFactory(**fields)
    )
    group, _ = Group.objects.get_or_create(name=GROUP_NAMES[role])
    user.groups.add(group)
    if township is not None or village is not None:
        StaffProfile.objects.update_or_create(
            user=user,
            defaults={
                "township": township or (village.township if village else None),
                "village": village,
            },
        )
    return user


def clerk(township, **fields):
    return staff(Role.CLERK, township=township, **fields)


def village_coordinator(village, **fields):
    return staff(Role.VILLAGE_COORDINATOR, village=village, **fields)


def township_reviewer(township, **fields):
    return staff(Role.TOWNSHIP_REVIEWER, township=township, **fields)


def reviewer(**fields):
    return staff(Role.REVIEWER, **fields)


def auditor(**fields):
    return staff(Role.AUDITOR, **fields)


def editor(**fields):
    return staff(Role.EDITOR, **fields)
