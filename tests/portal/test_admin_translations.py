"""Wagtail's own admin strings reach editors in Chinese.

Wagtail 8's zh_Hans catalogue lacks a few hundred of them; the project catalogue
fills the gaps (portal/wagtail_messages.py, locale/zh_Hans/LC_MESSAGES/
djangojs.po) and labels the link dialogs' fields, which Wagtail leaves unlabelled.
Each screen is checked for a chosen set of the English it used to show and the
Chinese that replaced it.
"""

import json

import pytest
from django.urls import reverse

from portal.permissions import setup_groups
from tests.factories import make_guide
from tests.factories.staff import editor

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, site_tree):
    setup_groups(content_root=site_tree.home)
    client.force_login(editor())
    return client


def _html(response) -> str:
    assert response.status_code == 200
    if response["Content-Type"].startswith("application/json"):
        return json.loads(response.content)["html"]  # a chooser dialog
    return response.content.decode()


def _assert_chinese(html: str, replaced: dict[str, str]) -> None:
    english = [text for text in replaced if text in html]
    assert not english, f"still in English: {english}"
    chinese = [text for text in replaced.values() if text not in html]
    assert not chinese, f"missing: {chinese}"


def test_guide_page_editor_shows_wagtails_strings_in_chinese(editor_client, site_tree):
    guide = make_guide(site_tree, title="临时救助办事指南")
    html = _html(editor_client.get(reverse("wagtailadmin_pages:edit", args=[guide.pk])))
    _assert_chinese(
        html,
        {
            # Side panels: content checks, status, scheduling.
            "Content metrics": "内容统计",
            "Reading time": "阅读时长",
            "Readability": "可读性",
            "Choose when this page should go live and/or expire": (
                "设置该页面的上线和/或过期时间"
            ),
            "Choose who can view the live version of this page": (
                "设置谁可以查看该页面的线上版本"
            ),
            "Anyone with editing permissions can create schedules": (
                "有编辑权限的人都可以设置发布计划"
            ),
            # Autosave and editing sessions.
            "Autosave is paused": "自动保存已暂停",
            "View latest version": "查看最新版本",
            # Keyboard shortcuts dialog (rich text and comments).
            "Insert or edit a link": "插入或编辑链接",
            "Add or show comments": "添加或显示评论",
            "Paste without formatting": "粘贴为纯文本",
            "Strike-through": "删除线",
            "Toggle minimap": "显示/隐藏小地图",
        },
    )


def test_streamfield_and_draftail_strings_come_in_chinese(editor_client):
    """The editor's JavaScript reads them from Wagtail's catalogue at /admin/jsi18n/."""
    script = _html(editor_client.get(reverse("wagtailadmin_javascript_catalog")))
    for english, chinese in {
        "Insert a block": "插入内容块",
        "Write something or type ‘/’ to insert a block": (
            "输入内容，或键入“/”插入内容块"
        ),
        "Split block": "拆分内容块",
        "Changes have been autosaved.": "修改已自动保存。",
    }.items():
        # The catalogue is JSON with non-ASCII escaped.
        assert f"{json.dumps(english)}: {json.dumps(chinese)}" in script, english


@pytest.mark.parametrize(
    ("url_name", "replaced"),
    [
        (
            "wagtailadmin_choose_page_external_link",
            {"Link text": "链接文字"},
        ),
        (
            "wagtailadmin_choose_page_email_link",
            {
                "Link text": "链接文字",
                "Email address": "电子邮箱地址",
                "Subject": "邮件主题",
            },
        ),
        ("wagtailadmin_choose_page_phone_link", {"Phone number": "电话号码"}),
        (
            "wagtailimages_chooser:choose",
            {
                "Grid layout": "网格布局",
                "You haven't uploaded any images.": "您还没有上传任何图片。",
            },
        ),
        ("wagtaildocs_chooser:choose", {"Maximum filesize": "文件大小上限"}),
    ],
    ids=["external link", "email link", "phone link", "image", "document"],
)
def test_chooser_dialogs_speak_chinese(editor_client, url_name, replaced):
    _assert_chinese(_html(editor_client.get(reverse(url_name))), replaced)


def test_listings_dashboard_and_account_speak_chinese(editor_client, site_tree):
    make_guide(site_tree, title="临时救助办事指南")
    explore = reverse("wagtailadmin_explore", args=[site_tree.guides.pk])
    _assert_chinese(
        _html(editor_client.get(explore)),
        {
            "Date updated": "更新日期",
            "Has child pages": "有子页面",
            "Page type": "页面类型",
        },
    )
    _assert_chinese(
        _html(editor_client.get(reverse("wagtailadmin_home"))),
        {"Search all pages…": "搜索全部页面…", "Edit account avatar": "编辑账号头像"},
    )
    _assert_chinese(
        _html(editor_client.get(reverse("wagtailadmin_account"))),
        {"Theme preferences": "主题偏好", "More contrast": "更高对比度"},
    )
