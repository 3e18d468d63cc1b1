"""Page slots: a portal page names a place, another app fills it through a hook."""

import pytest
from django.template import Context
from wagtail import hooks

from portal.page_slots import COMPLAINT_FORM, render_slot


def test_an_empty_slot_renders_nothing():
    assert render_slot("portal_slot_nobody_fills", Context({})) == ""


def test_the_case_module_fills_the_complaint_form_slot():
    """Registered from cases/wagtail_hooks.py, so portal code imports no case code."""
    assert [fill.__module__ for fill in hooks.get_hooks(COMPLAINT_FORM)] == [
        "cases.public.forms"
    ]


@pytest.mark.django_db
def test_the_complaint_form_slot_posts_to_the_case_module_with_its_token():
    html = render_slot(COMPLAINT_FORM, Context({"csrf_token": "abc"}))
    assert 'action="/complaints/submit/"' in html
    assert 'name="csrfmiddlewaretoken" value="abc"' in html
    assert 'name="token"' in html
