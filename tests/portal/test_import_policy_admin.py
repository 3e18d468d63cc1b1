"""导入公文 in the admin: upload, preview (nothing saved), then save a draft.

The files are made here from the test's own text, in the encoding under test.
"""

import re

import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile

from portal.middleware import to_traditional
from portal.models import PolicyPage
from portal.permissions import setup_groups
from portal.policy_import_admin import SALT
from tests.factories import UserFactory, make_policy
from tests.factories.staff import clerk, editor

pytestmark = pytest.mark.django_db
URL = "/admin/policies/import/"

NOTICE = (
    "青禾县民政局\n关于转发《市民政局关于规范低保审核确认的通知》的通知\n"
    "各乡镇人民政府：\n现将该通知转发给你们，请逐户核实、按时上报。\n"
    "一、工作要求\n各乡镇要在三月底前完成复核。\n青禾县民政局\n2026年3月2日\n"
)


@pytest.fixture
def staff_client(client, site_tree):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


def _upload(client, raw: bytes, name="notice.txt", **fields):
    return client.post(
        URL, {"file": SimpleUploadedFile(name, raw, "text/plain"), **fields}
    )


def _payload(html: str) -> str:
    return re.search(r'name="payload" value="([^"]+)"', html)[1]


def test_rules_import_upload_form_is_offered_in_chinese(staff_client):
    response = staff_client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "导入公文" in html and 'type="file"' in html
    assert "自动识别" in html and 'enctype="multipart/form-data"' in html


def test_rules_import_preview_shows_what_was_found_and_saves_nothing(staff_client):
    response = _upload(staff_client, NOTICE.encode("gb18030"))
    html = response.content.decode()
    assert response.status_code == 200
    assert not PolicyPage.objects.exists()
    assert "青禾县民政局关于转发" in html
    assert "GB18030" in html
    assert "《市民政局关于规范低保审核确认的通知》" in html
    assert "本站还没有该文件" in html
    assert "逐户核实" in html  # the body preview
    assert "保存为草稿" in html and 'name="payload"' in html


def test_rules_import_preview_warns_of_big5_conversion(staff_client):
    html = _upload(
        staff_client, to_traditional(NOTICE).encode("cp950")
    ).content.decode()
    assert "Big5" in html and "已转换为简体字" in html
    assert re.search(r'class="help-block help-warning"', html)
    assert "逐户核实" in html  # shown in 简体


def test_rules_import_confirm_saves_the_draft_shown(staff_client, site_tree):
    source = make_policy(site_tree, title="市民政局关于规范低保审核确认的通知")
    preview = _upload(staff_client, NOTICE.encode("utf-16")).content.decode()
    assert "本站已有该文件" in preview
    response = staff_client.post(URL, {"payload": _payload(preview)})
    page = PolicyPage.objects.exclude(pk=source.pk).get()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/pages/{page.pk}/edit/"
    assert not page.live and page.latest_revision is not None
    assert page.forwards_id == source.pk
    assert page.forwarded_document_title == source.title
    assert page.get_parent().pk == site_tree.policies.pk


def test_rules_import_the_same_file_twice_needs_allow_duplicate(staff_client):
    preview = _upload(staff_client, NOTICE.encode()).content.decode()
    payload = _payload(preview)
    staff_client.post(URL, {"payload": payload})
    again = _upload(staff_client, NOTICE.encode()).content.decode()
    assert "本站已有相同的文件" in again
    refused = staff_client.post(URL, {"payload": payload})
    assert refused.status_code == 400
    assert "仍然导入" in refused.content.decode()
    assert PolicyPage.objects.count() == 1
    staff_client.post(URL, {"payload": payload, "allow_duplicate": "1"})
    assert PolicyPage.objects.count() == 2


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"", "请选择要导入的文件|文件为空"),
        ("한국어 문서입니다. 기초생활보장 신청 안내.".encode("euc_kr") * 4, "不是中文"),
        (b"%PDF-1.4\n\x00\x01binary", "PDF"),
        ("😀" * 400, "没有可识别的中文"),
        (NOTICE.encode().decode("latin-1").encode(), "控制字符|乱码"),
    ],
    ids=["empty", "korean", "pdf", "emoji", "mojibake"],
)
def test_rules_import_unreadable_uploads_are_refused_with_a_message(
    staff_client, raw, reason
):
    raw = raw.encode() if isinstance(raw, str) else raw
    response = _upload(staff_client, raw)
    html = response.content.decode()
    assert response.status_code == 400
    assert re.search(reason, html)
    assert 'name="payload"' not in html
    assert not PolicyPage.objects.exists()


def test_rules_import_huge_upload_is_refused(staff_client):
    response = _upload(staff_client, b"a" * (5 * 1024 * 1024 + 1))
    assert response.status_code == 400
    assert "5 MB" in response.content.decode()


@pytest.mark.parametrize(
    "payload",
    [
        "",
        "not-signed",
        signing.dumps({"text": NOTICE}, salt="another.salt", compress=True),
        signing.dumps({"text": NOTICE}, salt=SALT, compress=True),  # fields missing
        signing.dumps(["a list"], salt=SALT),
    ],
    ids=["empty", "unsigned", "other-salt", "incomplete", "wrong-shape"],
)
def test_rules_import_tampered_or_stale_confirmation_starts_over(staff_client, payload):
    response = staff_client.post(URL, {"payload": payload})
    assert response.status_code == 400
    assert "预览已失效" in response.content.decode()
    assert not PolicyPage.objects.exists()


def test_rules_import_expired_preview_starts_over(staff_client, monkeypatch):
    payload = _payload(_upload(staff_client, NOTICE.encode()).content.decode())
    monkeypatch.setattr("portal.policy_import_admin.PREVIEW_MAX_AGE", -1)
    response = staff_client.post(URL, {"payload": payload})
    assert response.status_code == 400
    assert not PolicyPage.objects.exists()


def test_rules_import_editor_may_import_and_case_staff_may_not(client, site_tree):
    setup_groups(content_root=site_tree.home)
    client.force_login(editor())
    assert client.get(URL).status_code == 200
    client.force_login(clerk(None))
    response = client.get(URL)
    assert response.status_code in (302, 403)
    assert _upload(client, NOTICE.encode()).status_code in (302, 403)
    assert not PolicyPage.objects.exists()


def test_rules_import_menu_item_is_shown_to_editors(client, site_tree):
    setup_groups(content_root=site_tree.home)
    client.force_login(editor())
    assert URL in client.get("/admin/").content.decode()
