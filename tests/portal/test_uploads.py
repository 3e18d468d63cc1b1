"""Uploads to the admin (documents, images): bad files refused, a full disk handled.

Every case checks the three things that matter: the answer (a Chinese message,
never a 500), the database (no record for a refused or failed upload) and the
media folder (no stray or partial file, nothing already stored lost).
"""

import errno
import io
import os
from pathlib import Path
from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

from portal.storage import MediaStorage
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

Document = get_document_model()
Image = get_image_model()
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
FULL_MESSAGE = "服务器存储空间已满"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def admin_client():
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


def stored_files(media: Path) -> list[str]:
    return sorted(
        str(p.relative_to(media)) for p in Path(media).rglob("*") if p.is_file()
    )


def upload_document(client, name: str, content: bytes, title: str = "附件"):
    return client.post(
        "/admin/documents/add/",
        {
            "title": title,
            "file": SimpleUploadedFile(name, content),
            "collection": Collection.get_first_root_node().pk,
        },
    )


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (4, 4), "white").save(buffer, "PNG")
    return buffer.getvalue()


class DiskFullAfter:
    """os.fdopen whose file writes ``room`` bytes, then fails as a full disk does."""

    def __init__(self, room: int = 8):
        self.room = room
        self.real = os.fdopen

    def __call__(self, fd, *args, **kwargs):
        handle = self.real(fd, *args, **kwargs)
        room = self.room

        class Full:
            def write(self, data):
                nonlocal room
                handle.write(data[:room])
                handle.flush()
                if len(data) > room:
                    raise OSError(errno.ENOSPC, "No space left on device")
                room -= len(data)

            def close(self):
                handle.close()

        return Full()


def disk_full():
    return mock.patch(
        "django.core.files.storage.filesystem.os.fdopen", side_effect=DiskFullAfter()
    )


def test_document_whose_content_matches_its_extension_is_stored(admin_client, media):
    response = upload_document(admin_client, "低保政策.pdf", PDF)
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.file.read() == PDF
    assert stored_files(media) == [document.file.name]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("通知.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>"),
        ("通知.pdf", b"  <script>alert(1)</script>"),
        ("通知.pdf", b"MZ\x90\x00\x03\x00\x00\x00"),
        ("表格.xlsx", b"\x7fELF\x02\x01\x01"),
        ("照片.jpg", b"<svg onload=alert(1)>"),
        ("说明.txt", b"text\x00\x00binary"),
        ("材料.docx", PDF),
    ],
)
def test_document_whose_content_does_not_match_its_extension_is_refused(
    admin_client, media, name, content
):
    response = upload_document(admin_client, name, content)
    assert response.status_code == 200
    page = response.content.decode()
    assert "不能上传" in page or "不符" in page or "二进制" in page
    assert not Document.objects.exists()
    assert stored_files(media) == []


@pytest.mark.parametrize("name", ["setup.exe", "page.html", "run.sh", "noext"])
def test_document_with_an_extension_not_allowed_is_refused(admin_client, media, name):
    response = upload_document(admin_client, name, PDF)
    assert response.status_code == 200
    assert not Document.objects.exists()
    assert stored_files(media) == []


def test_oversized_document_is_refused_with_a_message(admin_client, media, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1024
    response = upload_document(admin_client, "大文件.pdf", PDF + b"0" * 2048)
    assert response.status_code == 200
    assert not Document.objects.exists()
    assert stored_files(media) == []


@pytest.mark.parametrize(
    "name",
    [
        "../../etc/passwd.pdf",
        "/etc/passwd.pdf",
        "..\\..\\windows\\win.pdf",
        "a\x00b.pdf",
        "报告\u202efdp.pdf",
        "CON.pdf",
        ".hidden.pdf",
        "x" * 240 + ".pdf",
        '"><img src=x onerror=alert(1)>.pdf',
    ],
)
def test_uploaded_file_name_is_stored_under_a_safe_name(admin_client, media, name):
    response = upload_document(admin_client, name, PDF, title=name.replace("\0", ""))
    assert response.status_code == 302
    stored = Document.objects.get().file.name
    folder, _, base = stored.rpartition("/")
    assert folder == "documents"
    assert ".." not in stored and "\\" not in stored and "\0" not in stored
    assert not base.startswith(".")
    assert "\u202e" not in base and "<" not in base and '"' not in base
    assert base.split(".")[0].upper() != "CON"
    assert len(base) <= 100 and base.endswith(".pdf")
    assert (Path(media) / stored).resolve().is_relative_to(Path(media).resolve())
    listing = admin_client.get("/admin/documents/").content.decode()
    assert "<img src=x" not in listing


def test_safe_name_keeps_chinese_and_never_is_empty():
    storage = MediaStorage()
    assert storage.get_valid_name("低保 政策.PDF") == "低保_政策.pdf"
    assert storage.get_valid_name("....pdf") == "file.pdf"
    assert storage.get_valid_name("lpt1.txt") == "_lpt1.txt"


def test_full_disk_refuses_a_document_upload_clearly_and_leaves_no_partial_file(
    admin_client, media
):
    kept = upload_document(admin_client, "已有.pdf", PDF)
    assert kept.status_code == 302
    before = stored_files(media)
    with disk_full():
        response = upload_document(admin_client, "新文件.pdf", PDF * 50)
    assert response.status_code == 507
    assert FULL_MESSAGE in response.content.decode()
    assert Document.objects.count() == 1
    assert stored_files(media) == before
    assert Document.objects.get().file.read() == PDF


def test_full_disk_while_replacing_a_document_keeps_the_old_file(admin_client, media):
    upload_document(admin_client, "政策.pdf", PDF)
    document = Document.objects.get()
    old_name = document.file.name
    with disk_full():
        response = admin_client.post(
            f"/admin/documents/edit/{document.pk}/",
            {
                "title": "政策（新）",
                "file": SimpleUploadedFile("政策新.pdf", PDF * 50),
                "collection": document.collection_id,
            },
        )
    assert response.status_code == 507
    document.refresh_from_db()
    assert document.file.name == old_name and document.title == "附件"
    assert document.file.read() == PDF
    assert stored_files(media) == [old_name]


def test_replacing_a_document_file_deletes_the_old_one_after_the_new_is_stored(
    admin_client, media
):
    upload_document(admin_client, "政策.pdf", PDF)
    document = Document.objects.get()
    response = admin_client.post(
        f"/admin/documents/edit/{document.pk}/",
        {
            "title": "政策（新）",
            "file": SimpleUploadedFile("政策新.pdf", PDF + b"%new"),
            "collection": document.collection_id,
        },
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.file.read() == PDF + b"%new"
    assert stored_files(media) == [document.file.name]


def test_full_disk_refuses_an_image_upload_clearly(admin_client, media):
    with disk_full():
        response = admin_client.post(
            "/admin/images/add/",
            {
                "title": "照片",
                "file": SimpleUploadedFile("photo.png", png_bytes() * 4),
                "collection": Collection.get_first_root_node().pk,
            },
        )
    assert response.status_code == 507
    assert FULL_MESSAGE in response.content.decode()
    assert not Image.objects.exists()
    assert stored_files(media) == []


def test_image_whose_content_is_not_an_image_is_refused(admin_client, media):
    response = admin_client.post(
        "/admin/images/add/",
        {
            "title": "照片",
            "file": SimpleUploadedFile("photo.jpg", b"<html><script>x</script>"),
            "collection": Collection.get_first_root_node().pk,
        },
    )
    assert response.status_code == 200
    assert not Image.objects.exists()
    assert stored_files(media) == []


def test_storage_full_save_removes_only_what_it_wrote(media):
    storage = MediaStorage(location=media)
    storage.save("documents/a.pdf", ContentFile(PDF))
    with disk_full(), pytest.raises(OSError, match="No space"):
        storage.save("documents/b.pdf", ContentFile(PDF * 10))
    assert stored_files(media) == ["documents/a.pdf"]


def test_document_held_by_the_multiple_uploader_can_be_completed(media):
    """The multiple uploader keeps a file whose other fields fail as an
    UploadedFile and completes it with a second form; Wagtail's extension check
    on the new document (no file yet) made that second step a server error."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import UploadedFile

    user = UserFactory(is_superuser=True, is_staff=True)
    client = Client(raise_request_exception=False)
    client.force_login(user)
    upload = UploadedFile.objects.create(
        for_content_type=ContentType.objects.get_for_model(Document),
        file=ContentFile(PDF, name="救助政策.pdf"),
        uploaded_by_user=user,
    )
    prefix = f"uploaded-document-{upload.pk}"
    response = client.post(
        f"/admin/documents/multiple/create_from_uploaded_document/{upload.pk}/",
        {
            f"{prefix}-title": "救助政策",
            f"{prefix}-collection": Collection.get_first_root_node().pk,
        },
    )
    assert response.status_code == 200
    assert response.json()["success"] is True
    document = Document.objects.get()
    assert (document.title, document.file.read()) == ("救助政策", PDF)
    assert not UploadedFile.objects.exists()
