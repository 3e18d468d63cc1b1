"""Wagtail's inline start-up scripts become JSON blocks; nothing else is touched."""

import json
import re

import pytest
from django.contrib.auth import get_user_model
from wagtail.admin.widgets import AdminDateInput, AdminDateTimeInput, AdminPageChooser
from wagtail.admin.widgets.workflows import AdminTaskChooser

from portal.admin_scripts import convert_inline_scripts
from tests.factories.pages import make_guide

EXECUTABLE_INLINE_SCRIPT = re.compile(
    r"<script(?![^>]*\b(?:src=|type=\"application/json\"))[^>]*>"
)
BLOCK = re.compile(
    r'<script type="application/json" data-wagtail-init="(?P<name>\w+)">'
    r"(?P<data>.*?)</script>",
    re.DOTALL,
)


def blocks(html: str) -> list[tuple[str, list]]:
    return [(m["name"], json.loads(m["data"])) for m in BLOCK.finditer(html)]


def test_chooser_script_becomes_a_data_block():
    html = AdminPageChooser().render("policy", None, {"id": "id_policy"})
    assert "<script>new PageChooser(" in html
    converted = convert_inline_scripts(html)
    assert not EXECUTABLE_INLINE_SCRIPT.search(converted)
    [(name, args)] = blocks(converted)
    assert name == "PageChooser"
    assert args[0] == "id_policy"
    assert args[1]["modalUrl"] == "/admin/choose-page/"


def test_task_chooser_and_date_pickers_become_data_blocks():
    html = (
        AdminTaskChooser().render("task", None, {"id": "id_task"})
        + AdminDateInput().render("day", None, {"id": "id_day"})
        + AdminDateTimeInput().render("at", None, {"id": "id_at"})
    )
    converted = convert_inline_scripts(html)
    assert not EXECUTABLE_INLINE_SCRIPT.search(converted)
    assert [(name, args[0]) for name, args in blocks(converted)] == [
        ("createTaskChooser", "id_task"),
        ("initDateChooser", "id_day"),
        ("initDateTimeChooser", "id_at"),
    ]


def test_inline_panel_script_becomes_a_data_block():
    options = '{"type": "InlinePanel", "formsetPrefix": "id_steps", "maxForms": 1000}'
    escaped = "".join(f"\\u{ord(c):04X}" if c in '"-' else c for c in options)
    html = (
        "<script>\n  (function() {\n    var panel = new InlinePanel("
        f'JSON.parse("{escaped}"));\n  }})();\n</script>'
    )
    [(name, args)] = blocks(convert_inline_scripts(html))
    assert name == "InlinePanel"
    assert args == [json.loads(options)]


@pytest.mark.parametrize(
    "script",
    [
        "<script>alert(document.cookie)</script>",
        '<script>eval("1")</script>',
        '<script>new Function("alert(1)")</script>',
        '<script>new PageChooser("id_x", {}); alert(1);</script>',
        '<script>initDateChooser("id_x", window.name);</script>',
        '<script type="module">new PageChooser("id_x", {});</script>',
    ],
)
def test_any_other_script_is_left_for_the_browser_to_refuse(script):
    assert convert_inline_scripts(script) == script


def test_data_block_escapes_markup_in_its_json():
    html = '<script>new PageChooser("id_x", {"title": "<b>a & b</b>"});</script>'
    converted = convert_inline_scripts(html)
    data = BLOCK.search(converted)["data"]
    assert "<" not in data and ">" not in data and "&" not in data
    assert blocks(converted) == [("PageChooser", ["id_x", {"title": "<b>a & b</b>"}])]


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
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert not EXECUTABLE_INLINE_SCRIPT.search(html), url
    # The guide editor's widgets are all started from data blocks.
    names = {
        name
        for name, _ in blocks(
            client.get(f"/admin/pages/{guide.pk}/edit/").content.decode()
        )
    }
    assert {"InlinePanel", "initDateTimeChooser"} <= names


@pytest.mark.django_db
def test_image_screens_load_the_vendor_fix_after_the_libraries_it_fixes(
    client, settings, tmp_path
):
    """static/js/admin_vendor_csp.js sets options of Jcrop and load-image, so it
    must come after them; the e2e check sees what happens without it."""
    import io

    from django.core.files.base import ContentFile
    from PIL import Image as PILImage
    from wagtail.images import get_image_model

    settings.MEDIA_ROOT = tmp_path
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), "red").save(buffer, "PNG")
    image = get_image_model().objects.create(
        title="窗口照片", file=ContentFile(buffer.getvalue(), name="red.png")
    )
    user = get_user_model().objects.create_superuser(
        "images-admin", "i@example.gov.cn", "Images-Admin-2026!"
    )
    client.force_login(user)
    for url, library in [
        (f"/admin/images/{image.pk}/", "wagtailimages/js/vendor/jquery.Jcrop.min.js"),
        ("/admin/images/multiple/add/", "wagtailimages/js/vendor/load-image.min.js"),
    ]:
        html = client.get(url).content.decode()
        fix = html.find("js/admin_vendor_csp.js")
        assert html.find(library) != -1 and fix > html.find(library), url
        assert not EXECUTABLE_INLINE_SCRIPT.search(html), url
