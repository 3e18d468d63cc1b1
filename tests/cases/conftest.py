"""A small county for the record rules: two townships, a village, one of each role."""

from types import SimpleNamespace

import pytest

from tests.factories import DepartmentFactory, TownshipFactory, VillageFactory
from tests.factories.staff import (
    auditor,
    clerk,
    editor,
    reviewer,
    village_coordinator,
)


@pytest.fixture
def people(db):
    east = TownshipFactory(code="east", name="东岭镇")
    west = TownshipFactory(code="west", name="西河乡")
    village = VillageFactory(code="east-sz", name="上庄村", township=east)
    other_village = VillageFactory(code="east-sq", name="石桥村", township=east)
    return SimpleNamespace(
        east=east,
        west=west,
        village=village,
        other_village=other_village,
        clerk=clerk(east, username="clerk-east", first_name="刘", last_name="海燕"),
        west_clerk=clerk(west, username="clerk-west"),
        coordinator=village_coordinator(village, username="coord-sz"),
        other_coordinator=village_coordinator(other_village, username="coord-sq"),
        reviewer=reviewer(username="county-reviewer"),
        auditor=auditor(username="county-auditor"),
        editor=editor(username="site-editor"),
        education=DepartmentFactory(code="jiaoyu", name="县教育局"),
        housing=DepartmentFactory(code="zhujian", name="县住房和城乡建设局"),
    )


@pytest.fixture
def login_client(client, db):
    """The admin as one user; case permissions as seed_demo sets them up."""
    from portal.permissions import setup_groups

    setup_groups()

    def as_user(user):
        client.force_login(user)
        return client

    return as_user
