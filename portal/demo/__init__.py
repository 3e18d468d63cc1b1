"""Demo data for the fictional 青禾县: directory, staff, pages and the workflow.

``seed(report)`` is safe to run any number of times: directory rows are matched by
their stable code, accounts by username and pages by slug, so a second run finds
everything in place and changes nothing.
"""

from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from core.roles import GROUP_NAMES
from portal.permissions import setup_groups

from .base import Tally
from .data.staff import DEMO_PASSWORD, DEMO_TOTP_KEY, STAFF
from .directory import (
    build_assistance_types,
    build_departments,
    build_service_points,
    build_townships,
)
from .guides import build_guides
from .offline import build_postings, build_requirements, build_revision
from .pages import build_complaints, build_home, build_sections
from .policies import build_policies
from .staff import build_devices, build_profiles, build_users
from .workflow import build_pending_draft, build_workflow

__all__ = [
    "DEMO_PASSWORD",
    "DEMO_TOTP_KEY",
    "DEMO_USERNAMES",
    "Tally",
    "register_seed_step",
    "seed",
]

DEMO_USERNAMES = [row[0] for row in STAFF]

SeedStep = Callable[[], list[Tally]]
_extra_steps: list[SeedStep] = []


def register_seed_step(step: SeedStep) -> SeedStep:
    """Let apps that portal must not import (cases, search) add their demo data.

    Register from ``AppConfig.ready``; steps run after the portal's, inside the
    same transaction, and must be idempotent too.
    """
    if step not in _extra_steps:
        _extra_steps.append(step)
    return step


def _ensure_groups() -> tuple[dict[str, Group], Tally]:
    tally = Tally(_("用户组"))
    groups = {}
    for role, name in GROUP_NAMES.items():
        groups[role.value], created = Group.objects.get_or_create(name=name)
        tally.add("created" if created else "unchanged")
    return groups, tally


def seed(report: Callable[[Tally], None]) -> None:
    """Build everything in one transaction, reporting each section as it is done."""

    def emit(tallies: list[Tally]) -> None:
        for tally in tallies:
            report(tally)

    with transaction.atomic():
        emit(build_townships())
        emit(build_departments())
        emit(build_assistance_types())
        groups, group_tally = _ensure_groups()
        report(group_tally)
        emit(build_users(groups))
        emit(build_devices())
        emit(build_profiles())
        emit(build_service_points())

        admin = get_user_model().objects.get(username="admin")
        home, tallies = build_home(admin)
        emit(tallies)
        # Page permissions hang on the home page, so they follow it.
        setup_groups(content_root=home)
        emit(build_sections(home, admin))
        emit(build_complaints(home, admin))
        emit(build_policies(home, admin))
        emit(build_guides(home, admin))
        workflow, tallies = build_workflow(home)
        emit(tallies)
        emit(build_pending_draft(home, workflow))
        emit(build_requirements())
        emit(build_postings())
        emit(build_revision())
        for step in _extra_steps:
            emit(step())
