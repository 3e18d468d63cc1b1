"""Importing redirects (重定向导入): a bad request or file gets a Chinese message,
never a 500, and a file imports whole or not at all."""

import io

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.signing import Signer
from django.test import Client
from openpyxl import Workbook
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import ModelLogEntry

from portal import redirect_import
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

START = "/admin/redirects/import/"
PROCESS = "/admin/redirects/import/process/"


@pytest.fixture(params=["superuser", "redirect-editor"])
def importer(request, site_tree) -> Client:
    if request.param == "superuser":
        user = UserFactory(is_superuser=True, is_staff=True)
    else:
        user = UserFactory()
        user.user_permissions.add(
            Permission.objects.get(codename="access_admin"),
            Permission.objects.get(codename="add_redirect"),
        )
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def said(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def upload(client, name: str, content: bytes):
    return client.post(START, {"import_file": SimpleUploadedFile(name, content)})


def confirm_fields(response) -> dict:
    """The signed hidden fields of the confirmation page."""
    form = response.context["form"]
    return {name: form[name].value() for name in ("import_file_name", "input_format")}


def xlsx(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def assert_started_over(response, message: str) -> None:
    assert response.status_code == 302
    assert response["Location"] == START
    assert message in said(response)


def assert_nothing_saved() -> None:
    assert not Redirect.objects.exists()
    assert not ModelLogEntry.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"import_file_name": "x", "input_format": "0"},
        {"import_file_name": Signer().sign("gone.csv"), "input_format": "0"},
        {"import_file_name": Signer().sign("../../etc/passwd"), "input_format": "0"},
        {"import_file_name": Signer().sign("gone.csv"), "input_format": "9"},
        {"from_index": "0", "to_index": "1", "permanent": "on"},
    ],
    ids=[
        "empty",
        "unsigned",
        "not-a-kept-file",
        "outside-the-temporary-folder",
        "no-such-format",
        "no-management-fields",
    ],
)
def test_redirect_import_confirmation_without_its_file_starts_over_with_a_message(
    importer, body
):
    response = importer.post(PROCESS, body)
    assert response.status_code == 302
    assert response["Location"] == START
    assert "请重新选择" in said(response)
    assert_nothing_saved()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("redirects.exe", b"MZ\x90\x00", "只能导入 CSV、TSV 或 XLSX 文件"),
        ("redirects.pdf", b"%PDF-1.4", "只能导入 CSV、TSV 或 XLSX 文件"),
        ("redirects", b"/a,/b\n", "只能导入 CSV、TSV 或 XLSX 文件"),
        ("redirects.csv", b"/a,/b\n" * 200_000, "文件超过 1 MB"),
        ("redirects.xlsx", b"PK\x03\x04 not really a zip", "不是有效的 Excel"),
        ("redirects.xlsx", b"from,to\n/a,/b\n", "不是有效的 Excel"),
        ("redirects.csv", "旧地址,新地址\n/旧,/新\n".encode("gbk"), "UTF-8"),
        ("redirects.csv", b"from,to\n/a\x00,/b\n", "控制字符"),
    ],
    ids=[
        "exe",
        "pdf",
        "no-extension",
        "oversized",
        "bad-zip",
        "csv-as-xlsx",
        "gbk",
        "nul",
    ],
)
def test_unusable_redirect_import_file_is_refused_with_a_message(
    importer, name, content, message
):
    response = upload(importer, name, content)
    assert_started_over(response, message)
    assert_nothing_saved()


def test_workbook_that_unpacks_to_too_much_is_refused(importer, monkeypatch):
    monkeypatch.setattr(redirect_import, "MAX_UNPACKED_BYTES", 1000)
    content = xlsx([("from", "to"), *[(f"/old-{n}", "/new") for n in range(200)]])
    response = upload(importer, "redirects.xlsx", content)
    assert_started_over(response, "内容过多")


def test_empty_post_to_redirect_import_shows_the_file_form(importer):
    response = importer.post(START, {})
    assert response.status_code == 200
    assert response.context["form"].is_bound is False


def test_redirect_import_saves_every_row_or_none(importer):
    content = (
        "from,to\n"
        "/old-one,https://mzj.example.gov.cn/one\n"
        "/old-two,https://mzj.example.gov.cn/two\n"
        "/old-one,https://mzj.example.gov.cn/again\n"
    )
    response = upload(importer, "redirects.csv", content.encode())
    assert response.status_code == 200
    fields = confirm_fields(response)
    answer = importer.post(
        PROCESS, {**fields, "from_index": "0", "to_index": "1", "permanent": "on"}
    )
    assert answer.status_code == 400
    page = answer.content.decode()
    assert "有 1 行有误，整个文件都没有导入" in page
    assert "https://mzj.example.gov.cn/again" in page
    assert_nothing_saved()
    # The kept file is gone: posting the confirmation again starts over.
    again = importer.post(
        PROCESS, {**fields, "from_index": "0", "to_index": "1", "permanent": "on"}
    )
    assert_started_over(again, "已失效")


def test_redirect_import_of_good_rows_saves_them_all(importer):
    content = xlsx(
        [
            ("旧地址", "新地址", "备注"),
            ("/old-one", "https://mzj.example.gov.cn/one", 1),
            ("/old-two", "https://mzj.example.gov.cn/two"),
        ]
    )
    response = upload(importer, "Redirects.XLSX", content)
    assert response.status_code == 200
    fields = confirm_fields(response)
    answer = importer.post(
        PROCESS, {**fields, "from_index": "0", "to_index": "1", "permanent": "on"}
    )
    assert answer.status_code == 302
    assert "已导入 2 条重定向" in said(answer)
    assert Redirect.objects.count() == 2


def test_redirect_import_with_short_rows_and_a_bad_column_choice_never_fails(
    importer,
):
    content = b"from,to,note\n/old-one\n/old-two,/new-two,x,extra\n"
    response = upload(importer, "redirects.csv", content)
    fields = confirm_fields(response)
    bad_choice = importer.post(
        PROCESS, {**fields, "from_index": "7", "to_index": "abc"}
    )
    assert bad_choice.status_code == 400
    assert bad_choice.context["form"].errors
    answer = importer.post(PROCESS, {**fields, "from_index": "0", "to_index": "1"})
    assert answer.status_code == 400
    assert "整个文件都没有导入" in answer.content.decode()
    assert_nothing_saved()


def test_redirect_import_of_a_header_only_file_says_there_is_nothing(importer):
    response = upload(importer, "redirects.tsv", b"from\tto\n")
    fields = confirm_fields(response)
    answer = importer.post(PROCESS, {**fields, "from_index": "0", "to_index": "1"})
    assert_started_over(answer, "没有可导入的行")


def test_redirect_import_is_still_refused_to_who_may_not_add_redirects(site_tree):
    client = Client()
    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    for path in (START, PROCESS):
        response = client.post(path, {})
        assert response.status_code == 302
        assert response["Location"] == "/admin/"
    assert_nothing_saved()
