import pytest
from django.core.exceptions import ValidationError

from portal.models import AssistanceType, ServicePoint
from tests.factories import (
    ServicePointFactory,
    TownshipFactory,
    UserFactory,
    VillageFactory,
)

pytestmark = pytest.mark.django_db


def test_default_limits_follow_the_one_window_rules():
    """受理1个、调查核实5个、回复1个工作日。"""
    item = AssistanceType.objects.create(code="linshi", name="临时救助")
    assert (item.acceptance_days, item.investigation_days, item.reply_days) == (1, 5, 1)


def test_codes_are_stable_identifiers():
    item = AssistanceType(code="Not A Code!", name="x")
    with pytest.raises(ValidationError) as excinfo:
        item.full_clean()
    assert "code" in excinfo.value.message_dict


def test_village_service_point_needs_its_village():
    point = ServicePointFactory.build(
        level=ServicePoint.Level.VILLAGE, township=TownshipFactory(), village=None
    )
    with pytest.raises(ValidationError) as excinfo:
        point.full_clean()
    assert "village" in excinfo.value.message_dict


def test_village_must_belong_to_the_service_points_township():
    other_village = VillageFactory()
    point = ServicePointFactory.build(
        level=ServicePoint.Level.VILLAGE,
        township=TownshipFactory(),
        village=other_village,
    )
    with pytest.raises(ValidationError) as excinfo:
        point.full_clean()
    assert "village" in excinfo.value.message_dict


def test_ab_roles_are_two_different_people():
    """AB角：A、B岗须为两名工作人员。"""
    clerk = UserFactory()
    point = ServicePointFactory.build(
        township=TownshipFactory(), staff_a=clerk, staff_b=clerk
    )
    with pytest.raises(ValidationError) as excinfo:
        point.full_clean()
    assert "staff_b" in excinfo.value.message_dict


def test_directory_snippets_are_in_the_admin(admin_client):
    TownshipFactory(name="东岭镇")
    response = admin_client.get("/admin/snippets/portal/township/")
    assert response.status_code == 200
    assert "东岭镇" in response.content.decode()
