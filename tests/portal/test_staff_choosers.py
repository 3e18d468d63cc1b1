"""人员按姓名选择: a window's A, B and substitute, and a township's head, are
chosen by name, post and township, not by login."""

import pytest

from portal.permissions import setup_groups
from portal.staff_choosers import StaffChoosingForm
from tests.factories import ServicePointFactory, TownshipFactory
from tests.factories.staff import clerk, reviewer

pytestmark = pytest.mark.django_db


def test_rules_window_staff_are_chosen_by_name_post_and_township():
    setup_groups()
    town = TownshipFactory(name="东岭镇")
    liu = clerk(town, username="clerk-liu", first_name="刘", last_name="海燕")
    chen = reviewer(username="county-chen", first_name="陈", last_name="立平")
    point = ServicePointFactory(township=town)
    form_class = type(point).get_edit_handler().get_form_class()
    assert issubclass(form_class, StaffChoosingForm)
    form = form_class(instance=point)
    shown = {str(v): str(label) for v, label in form.fields["staff_a"].choices}
    assert shown[str(liu.pk)] == "刘海燕（经办人·东岭镇）"
    assert shown[str(chen.pk)] == "陈立平（县级审批人）"
    assert "clerk-liu" not in "".join(shown.values())
