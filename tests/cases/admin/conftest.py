"""Fixtures for the case admin: groups with their permissions, staff, a guide."""

import pytest

from portal.permissions import setup_groups
from tests.factories import TownshipFactory, VillageFactory, make_guide
from tests.factories.cases import received_case
from tests.factories.staff import (
    auditor,
    clerk,
    editor,
    reviewer,
    village_coordinator,
)

GUIDE_MATERIALS = ["居民身份证", "户口簿", "家庭困难情况说明"]


@pytest.fixture(autouse=True)
def groups(db):
    """The role groups as seed_demo sets them up, case permissions included."""
    return setup_groups()


@pytest.fixture
def town(db):
    return TownshipFactory(name="东岭镇")


@pytest.fixture
def other_town(db):
    return TownshipFactory(name="南溪乡")


@pytest.fixture
def village(town):
    return VillageFactory(township=town, name="上庄村")


@pytest.fixture
def guide(site_tree):
    return make_guide(site_tree, title="临时救助办事指南", materials=GUIDE_MATERIALS)


@pytest.fixture
def item(guide):
    return guide.assistance_type


@pytest.fixture
def staff(town, other_town, village):
    """One user per role; two clerks in ``town`` for the lost-update tests."""
    return {
        "clerk": clerk(town, username="clerk-a", first_name="刘", last_name="海燕"),
        "clerk_b": clerk(town, username="clerk-b", first_name="孙", last_name="志强"),
        "other_clerk": clerk(other_town, username="clerk-other"),
        "coordinator": village_coordinator(village, username="coord"),
        "reviewer": reviewer(username="reviewer", first_name="陈", last_name="立平"),
        "auditor": auditor(username="auditor"),
        "editor": editor(username="editor"),
    }


@pytest.fixture
def case(staff, town, item):
    """A received case in ``town`` with every guide material handed in."""
    return received_case(
        staff["clerk"], town, assistance_type=item, materials=GUIDE_MATERIALS
    )


@pytest.fixture
def login(client):
    def as_user(user):
        client.force_login(user)
        return client

    return as_user
