"""Wagtail's inline start-up scripts are written as JSON data blocks at the
source (template overrides, one chooser method), exactly as the regular
expressions of the former portal/admin_scripts.py turned them into blocks."""

import json
import re

import pytest
import wagtail
from django.contrib.auth import get_user_model
from django.forms.renderers import DjangoTemplates as AppTemplatesRenderer
from django.template.backends.django import DjangoTemplates
from django.test import RequestFactory
from wagtail.admin.panels import InlinePanel
from wagtail.admin.widgets import (
    AdminDateInput,
    AdminDateTimeInput,
    AdminPageChooser,
    AdminTimeInput,
    BaseChooser,
)
from wagtail.admin.widgets.workflows import AdminTaskChooser
from wagtail.documents.widgets import AdminDocumentChooser
from wagtail.images.widgets import AdminImageChooser
from wagtail.snippets.widgets import AdminSnippetChooser

from portal import admin_init
from portal.models import ServiceGuidePage, Township
from tests.factories.pages import make_guide

EXECUTABLE_INLINE_SCRIPT = re.compile(
    r"<script(?![^>]*\b(?:src=|type=\"application/json\"))[^>]*>"
)
BLOCK = re.compile(
    r'<script type="application/json" data-wagtail-init="(?P<name>\w+)">'
    r"(?P<data>.*?)</script>",
    re.DOTALL,
)

# The former conversion, kept here as the oracle: what Wagtail writes inline,
# turned into the block the site wrote before.
_SCRIPT = re.compile(r"<script>(?P<body>.*?)</script>", re.DOTALL)
_CALL = re.compile(r"(?P<new>new\s+)?(?P<name>[A-Za-z]+)\((?P<args>.*)\);?", re.DOTALL)
_PANEL = re.compile(
    r"\(function\(\)\s*\{\s*var panel = new (?P<name>InlinePanel|MultipleChooserPanel)"
    r'\(JSON\.parse\((?P<options>"[^"\\]*(?:\\.[^"\\]*)*")\)\);\s*\}\)\(\);',
    re.DOTALL,
)


def former_conversion(html: str) -> str:
    def replace(match: re.Match) -> str:
        body = match["body"].strip()
        if panel := _PANEL.fullmatch(body):
            args = [json.loads(json.loads(panel["options"]))]
            return admin_init.data_block(panel["name"], args)
        call = _CALL.fullmatch(body)
        return admin_init.data_block(call["name"], json.loads(f"[{call['args']}]"))

    return _SCRIPT.sub(replace, html)


def squeeze(html: str) -> str:
    """Whitespace between tags is not what either wrote."""
    return re.sub(r">\s+<", "><", html).strip()


def blocks(html: str) -> list[tuple[str, list]]:
    return [(m["name"], json.loads(m["data"])) for m in BLOCK.finditer(html)]


# Wagtail's own templates only: what the admin would render without templates/.
WAGTAIL_TEMPLATES = DjangoTemplates(
    {"NAME": "wagtail_only", "DIRS": [], "APP_DIRS": True, "OPTIONS": {}}
)


def test_replacement_is_pinned_to_the_wagtail_version_it_copies():
    """BaseChooser.render is replaced with a copy of Wagtail 8.0's. On another
    Wagtail, read its render again (or drop the copy if choosers no longer
    write inline scripts) and then move WRITTEN_FOR."""
    assert wagtail.VERSION[:2] == admin_init.WRITTEN_FOR
    assert BaseChooser.render.writes_data_block


@pytest.mark.django_db
@pytest.mark.parametrize(
    "widget",
    [
        AdminPageChooser(),
        AdminTaskChooser(),
        AdminImageChooser(),
        AdminDocumentChooser(),
        AdminSnippetChooser(Township),
    ],
    ids=lambda widget: type(widget).__name__,
)
def test_chooser_writes_the_block_the_regex_made(widget):
    attrs = {"id": "id_chosen"}
    wagtail_html = BaseChooser.render.wagtail_render(widget, "chosen", None, attrs)
    assert "<script>" in wagtail_html
    html = widget.render("chosen", None, attrs)
    assert html == former_conversion(wagtail_html)
    assert not EXECUTABLE_INLINE_SCRIPT.search(html)


def test_page_chooser_block_carries_its_modal_address():
    [(name, args)] = blocks(AdminPageChooser().render("p", None, {"id": "id_p"}))
    assert (name, args[0], args[1]["modalUrl"]) == (
        "PageChooser",
        "id_p",
        "/admin/choose-page/",
    )


def test_chooser_of_another_kind_keeps_wagtails_output():
    class Unknown(AdminPageChooser):
        js_constructor = "SomeoneElsesChooser"

    html = Unknown().render("x", None, {"id": "id_x"})
    assert '<script>new SomeoneElsesChooser("id_x"' in html


@pytest.mark.parametrize(
    ("widget", "name"),
    [
        (AdminDateInput(), "initDateChooser"),
        (AdminTimeInput(), "initTimeChooser"),
        (AdminDateTimeInput(), "initDateTimeChooser"),
    ],
)
def test_date_and_time_pickers_write_the_block_the_regex_made(widget, name):
    attrs = {"id": "id_day"}
    wagtail_html = widget.render("day", None, attrs, renderer=AppTemplatesRenderer())
    assert f'<script>{name}("id_day"' in wagtail_html
    html = widget.render("day", None, attrs)
    assert squeeze(html) == squeeze(former_conversion(wagtail_html))
    [(block_name, args)] = blocks(html)
    assert (block_name, args[0]) == (name, "id_day")
    assert "format" in args[1]


def test_data_block_escapes_markup_in_its_json():
    block = admin_init.data_block("PageChooser", ["id_x", {"title": "<b>a & b</b>"}])
    data = BLOCK.search(block)["data"]
    assert "<" not in data and ">" not in data and "&" not in data
    assert blocks(block) == [("PageChooser", ["id_x", {"title": "<b>a & b</b>"}])]


def test_data_block_is_only_written_for_what_admin_init_js_starts():
    with pytest.raises(ValueError, match="eval"):
        admin_init.data_block("eval", ["1"])


def inline_panels(panel):
    if isinstance(panel, InlinePanel.BoundPanel):
        yield panel
    for child in getattr(panel, "visible_children", []):
        yield from inline_panels(child)


@pytest.mark.django_db
def test_inline_panel_writes_the_block_the_regex_made(site_tree, admin_user):
    guide = make_guide(
        site_tree,
        title="临时救助办事指南",
        steps=[("提出申请", "apply", "applicant", 0)],
        materials=["居民身份证"],
    )
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    edit_handler = ServiceGuidePage.get_edit_handler()
    form = edit_handler.get_form_class()(instance=guide, for_user=admin_user)
    bound = edit_handler.get_bound_panel(instance=guide, form=form, request=request)
    panels = list(inline_panels(bound))
    assert panels
    for panel in panels:
        wagtail_html = WAGTAIL_TEMPLATES.get_template(panel.template_name).render(
            panel.get_context_data()
        )
        assert "new InlinePanel(" in wagtail_html
        html = panel.render_html()
        assert squeeze(html) == squeeze(former_conversion(wagtail_html))
        assert not EXECUTABLE_INLINE_SCRIPT.search(html)


@pytest.mark.django_db
def test_admin_pages_carry_no_executable_inline_script(client, site_tree):
    guide = make_guide(
        site_tree,
        title="临时救助办事指南",
        steps=[("提出申请", "apply", "applicant", 0)],
        materials=["居民身份证"],
        phone="0768-1234567",
    )
    user = get_user_model().objects.create_superuser(
        "scripts-admin", "s@example.gov.cn", "Scripts-Admin-2026!"
    )
    client.force_login(user)
    for url in [
        f"/admin/pages/{guide.pk}/edit/",
        f"/admin/pages/{guide.get_parent().pk}/",
        "/admin/users/",
        "/admin/cases/case/create/",
        "/admin/workflows/add/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert not EXECUTABLE_INLINE_SCRIPT.search(html), url
    # The guide editor's widgets are all started from data blocks, the new
    # row's template of an inline panel too.
    html = client.get(f"/admin/pages/{guide.pk}/edit/").content.decode()
    names = {name for name, _ in blocks(html)}
    assert {"InlinePanel", "initDateTimeChooser"} <= names
    template = re.search(
        r'<template id="id_\w+-EMPTY_FORM_TEMPLATE">(.*?)</template>', html, re.DOTALL
    )
    assert template and not EXECUTABLE_INLINE_SCRIPT.search(template[1])
