"""A small county for the offline-sync tests: two townships, three service points,
pages that must be on display, and staff in each role."""

from dataclasses import dataclass

import pytest

from core.roles import Role
from portal.models import DisplayRequirement, ServicePoint
from tests.factories import (
    ServicePointFactory,
    TownshipFactory,
    VillageFactory,
    make_guide,
    make_policy,
)
from tests.factories.staff import clerk, staff, village_coordinator


@dataclass
class County:
    tree: object
    policy: object
    guide: object
    complaints: object
    window_1: ServicePoint
    station_1: ServicePoint
    window_2: ServicePoint
    clerk_1: object
    clerk_2: object
    coordinator_1: object
    editor: object
    auditor: object


def republish(page, **changes):
    """Publish a new revision of ``page`` with the given field changes."""
    page = page.specific.__class__.objects.get(pk=page.pk)
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return page


@pytest.fixture
def county(site_tree):
    town_1 = TownshipFactory(code="dongling", name="东岭镇")
    town_2 = TownshipFactory(code="nanxi", name="南溪乡")
    village = VillageFactory(code="shangzhuang", name="上庄村", township=town_1)
    window_1 = ServicePointFactory(
        code="dongling-window", name="东岭镇一门受理窗口", township=town_1
    )
    station_1 = ServicePointFactory(
        code="shangzhuang-station",
        name="上庄村民政服务站",
        level=ServicePoint.Level.VILLAGE,
        township=town_1,
        village=village,
    )
    window_2 = ServicePointFactory(
        code="nanxi-window", name="南溪乡一门受理窗口", township=town_2
    )
    policy = make_policy(
        site_tree, title="最低生活保障实施细则", body_text="低保标准按月核定。"
    )
    guide = make_guide(site_tree, title="临时救助办事指南")
    complaints = site_tree.complaints
    complaints.save_revision().publish()
    for level, page, category in (
        ("township", policy, "policy"),
        ("township", complaints, "complaint"),
        ("township", guide, "guide"),
        ("village", complaints, "complaint"),
    ):
        DisplayRequirement.objects.create(
            level=level, page=page, category=category, form="wall"
        )
    return County(
        tree=site_tree,
        policy=policy,
        guide=guide,
        complaints=complaints,
        window_1=window_1,
        station_1=station_1,
        window_2=window_2,
        clerk_1=clerk(town_1, username="clerk-1"),
        clerk_2=clerk(town_2, username="clerk-2"),
        coordinator_1=village_coordinator(village, username="coord-1"),
        editor=staff(Role.EDITOR, username="editor-1"),
        auditor=staff(Role.AUDITOR, username="auditor-1"),
    )
