"""AB角 (issue 19, item 6): every window has an A and a B person, and may name a
third to take intake when both are away. Windows stored before the rule are
reported by ``check_windows``, never changed."""

from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from portal.models import ServicePoint
from tests.factories import ServicePointFactory, TownshipFactory
from tests.factories.staff import clerk

pytestmark = pytest.mark.django_db


def errors_of(point) -> dict:
    with pytest.raises(ValidationError) as excinfo:
        point.full_clean()
    return excinfo.value.message_dict


def test_every_window_needs_a_b_person():
    town = TownshipFactory()
    point = ServicePointFactory.build(township=town, staff_a=clerk(town))
    assert "B岗" in errors_of(point)["staff_b"][0]


def test_every_window_needs_an_a_person():
    town = TownshipFactory()
    point = ServicePointFactory.build(township=town, staff_b=clerk(town))
    assert "A岗" in errors_of(point)["staff_a"][0]


def test_window_with_a_and_b_is_valid():
    town = TownshipFactory()
    ServicePointFactory.build(
        township=town, staff_a=clerk(town), staff_b=clerk(town)
    ).full_clean()


def test_substitute_is_a_third_person_of_the_township():
    town, other = TownshipFactory(), TownshipFactory()
    a, b = clerk(town), clerk(town)
    point = ServicePointFactory.build(township=town, staff_a=a, staff_b=b)
    point.substitute = b
    assert "第三人" in errors_of(point)["substitute"][0]
    point.substitute = clerk(other)
    assert "本乡镇" in errors_of(point)["substitute"][0]
    point.substitute = clerk(town)
    point.full_clean()


def test_admin_refuses_a_window_without_b_in_chinese(admin_client):
    town = TownshipFactory()
    a = clerk(town)
    response = admin_client.post(
        "/admin/snippets/portal/servicepoint/add/",
        {
            "code": "new-window",
            "name": "新窗口",
            "level": "township",
            "township": town.pk,
            "address": "镇政府一楼",
            "staff_a": a.pk,
            "sort_order": 0,
        },
    )
    assert response.status_code == 200
    assert "每个窗口都须设B岗责任人" in response.content.decode()
    assert not ServicePoint.objects.filter(code="new-window").exists()


def test_check_windows_reports_windows_lacking_b_and_changes_nothing():
    town = TownshipFactory()
    a = clerk(town)
    lacking = ServicePointFactory(code="old-window", township=town, staff_a=a)
    ServicePointFactory(
        code="good-window", township=town, staff_a=clerk(town), staff_b=clerk(town)
    )
    out = StringIO()
    call_command("check_windows", stdout=out)
    text = out.getvalue()
    assert "old-window" in text and "未设B岗" in text
    assert "缺A岗或B岗的 1 个" in text
    lacking.refresh_from_db()
    assert lacking.staff_a == a and lacking.staff_b is None
    with pytest.raises(CommandError):
        call_command("check_windows", fail=True, stdout=StringIO())
