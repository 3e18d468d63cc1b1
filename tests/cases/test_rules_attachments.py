"""案件附件 (issue 20, item 1): the type is the content's, the file is kept out
of the public media path and given only to those who may read the case, its
digest is in the case history, and a refused upload leaves nothing behind."""

import hashlib
import os
import socket
import struct
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from cases.demo_files import tiny_jpeg, tiny_ofd, tiny_pdf, tiny_png
from cases.models import CaseAttachment
from cases.services import CaseError, attachment_upload
from cases.services.attachments import safe_name
from tests.factories.api import ApiClient, county, token_for
from tests.factories.cases import received_case
from tests.factories.clock import on_day
from tests.factories.records import replied_case
from tests.factories.staff import auditor, clerk, editor, reviewer, village_coordinator

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_root(tmp_path, settings):
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    settings.CLAMD_SOCKET = ""
    return settings.PRIVATE_FILES_ROOT


@pytest.fixture
def world():
    place = county()
    place.clerk = clerk(place.east, username="clerk-east")
    place.case = received_case(place.clerk, place.east, assistance_type=place.dibao)
    return place


def upload(user, number, content: bytes, name="扫描件.pdf", material="居民身份证"):
    client = Client()
    data = {"file": SimpleUploadedFile(name, content), "material": material}
    return client.post(
        f"/api/v1/cases/{number}/attachments",
        data,
        headers={"Authorization": f"Bearer {token_for(user)}"},
    )


def stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


# ---- the type is the content's


@pytest.mark.parametrize(
    ("content", "name", "kind", "content_type"),
    [
        (tiny_pdf(), "身份证.png", "pdf", "application/pdf"),
        (tiny_png(), "户口簿.pdf", "png", "image/png"),
        (tiny_jpeg(), "照片", "jpeg", "image/jpeg"),
        (tiny_ofd(), "证明.zip", "ofd", "application/ofd"),
    ],
)
def test_rules_attachment_type_is_decided_by_content(
    world, content, name, kind, content_type
):
    response = upload(world.clerk, world.case.number, content, name=name)
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["content_type"] == content_type
    assert data["size"] == len(content)
    assert data["sha256"] == hashlib.sha256(content).hexdigest()
    assert data["material"] == "居民身份证"
    assert set(data) >= {"id", "name", "material", "size", "sha256", "content_type"}
    attachment = CaseAttachment.objects.get(pk=data["id"])
    assert attachment.kind == kind
    # The display name ends in the extension of what the file is.
    assert data["name"].endswith(attachment.file.name.rsplit(".", 1)[-1]) or (
        kind == "jpeg" and data["name"].endswith(".jpg")
    )


@pytest.mark.parametrize(
    "content",
    [
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64,
        b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 64,
        b"#!/bin/sh\nrm -rf /\n",
    ],
    ids=["windows-exe", "elf", "script"],
)
def test_rules_attachment_disguised_executable_is_refused(world, content, private_root):
    response = upload(world.clerk, world.case.number, content, name="低保证明.pdf")
    assert response.status_code == 415
    assert "可执行程序" in response.json()["message"]
    assert not CaseAttachment.objects.exists()
    assert stored_files(private_root) == []


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"just some text, not a scan", "PDF、JPEG、PNG 或 OFD"),
        (b"<html><script>alert(1)</script></html>", "PDF、JPEG、PNG 或 OFD"),
        (b"GIF89a\x01\x00\x01\x00\x00\x00\x00", "image/gif"),
    ],
)
def test_rules_attachment_unknown_type_is_refused(world, content, words):
    response = upload(world.clerk, world.case.number, content, name="a.pdf")
    assert response.status_code == 415
    assert words in response.json()["message"]
    assert response.json()["errors"][0]["field"] == "file"


def test_rules_attachment_zip_without_ofd_xml_is_not_ofd(world):
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("word/document.xml", "<w/>")
    response = upload(world.clerk, world.case.number, buffer.getvalue(), "x.ofd")
    assert response.status_code == 415
    assert "OFD.xml" in response.json()["message"]


# ---- size


def test_rules_attachment_over_the_size_limit_is_413(world, settings, private_root):
    settings.ATTACHMENT_MAX_BYTES = 1024
    big = tiny_pdf() + b"%" * 2048
    response = upload(world.clerk, world.case.number, big)
    assert response.status_code == 413
    assert "不能超过" in response.json()["message"]
    assert not CaseAttachment.objects.exists()
    assert stored_files(private_root) == []


def test_rules_attachment_announced_oversize_is_refused_before_reading(world, settings):
    settings.ATTACHMENT_MAX_BYTES = 1024
    response = Client().post(
        f"/api/v1/cases/{world.case.number}/attachments",
        data=b"x" * 10,
        content_type="multipart/form-data; boundary=zzz",
        headers={"Authorization": f"Bearer {token_for(world.clerk)}"},
        CONTENT_LENGTH="999999999",
    )
    assert response.status_code == 413


def test_rules_attachment_empty_file_is_refused(world):
    response = upload(world.clerk, world.case.number, b"")
    assert response.status_code == 422
    assert "空" in response.json()["message"]


def test_rules_attachment_without_a_file_or_material_is_refused(world):
    client = ApiClient(world.clerk)
    response = client.client.post(
        f"/api/v1/cases/{world.case.number}/attachments",
        {"material": "居民身份证"},
        headers=client.headers,
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "file"
    response = upload(world.clerk, world.case.number, tiny_pdf(), material="  ")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "material"


def test_rules_attachment_json_body_is_415(world):
    response = ApiClient(world.clerk).post(
        f"/cases/{world.case.number}/attachments", {"file": "x", "material": "y"}
    )
    assert response.status_code == 415
    assert "multipart/form-data" in response.json()["message"]


# ---- names


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\windows\\system32\\a.pdf", "a.pdf"),
        ("身份\x00证\x1b[31m.pdf", "身份 证 [31m.pdf"),
        ("..", "附件.pdf"),
        ("", "附件.pdf"),
        ("报告.exe", "报告.exe.pdf"),
        ("  .hidden.PDF  ", "hidden.pdf"),
    ],
)
def test_rules_attachment_name_loses_path_tricks(given, expected):
    from cases.services.attachments import TYPES

    assert safe_name(given, TYPES["pdf"]) == expected


def test_rules_attachment_very_long_name_is_bounded(world):
    response = upload(
        world.clerk, world.case.number, tiny_pdf(), name="长" * 500 + ".pdf"
    )
    assert response.status_code == 201
    name = response.json()["name"]
    assert len(name) == 200 and name.endswith(".pdf")


def test_rules_attachment_is_stored_outside_media_under_a_random_name(
    world, private_root
):
    response = upload(world.clerk, world.case.number, tiny_pdf(), "../../x.pdf")
    attachment = CaseAttachment.objects.get(pk=response.json()["id"])
    path = Path(attachment.file.path)
    assert path.is_file()
    assert path.is_relative_to(private_root)
    assert not path.is_relative_to(Path(settings.MEDIA_ROOT))
    assert "x" not in path.stem and len(path.stem) == 32
    assert oct(path.stat().st_mode & 0o777) == oct(0o600)
    with pytest.raises(ValueError):
        attachment.file.url  # noqa: B018 - no URL serves it
    assert Client().get(f"/media/{attachment.file.name}").status_code == 404


# ---- history


def test_rules_attachment_digest_is_in_the_case_history(world):
    content = tiny_png()
    digest = hashlib.sha256(content).hexdigest()
    upload(world.clerk, world.case.number, content, name="照片.png")
    versions = ApiClient(world.clerk).get(f"/cases/{world.case.number}/history").json()
    [entry] = [v for v in versions if v["record"] == "案件附件"]
    assert digest in entry["reason"]
    assert {c["field"]: c["new"] for c in entry["changes"]}["sha256"] == digest


def test_rules_attachment_is_listed_in_the_case_detail(world):
    upload(
        world.clerk, world.case.number, tiny_pdf(), name="授权书.pdf", material="授权书"
    )
    data = ApiClient(world.clerk).get(f"/cases/{world.case.number}").json()
    [listed] = data["attachments"]
    assert listed["name"] == "授权书.pdf" and listed["material"] == "授权书"


def test_rules_attachment_links_the_checklist_item_of_that_name(world):
    world.case.materials.create(name="户口簿")
    upload(world.clerk, world.case.number, tiny_pdf(), material="户口簿")
    assert CaseAttachment.objects.get().material.name == "户口簿"


# ---- who may read and upload


def test_rules_attachment_served_only_to_readers(world):
    content = tiny_pdf("secret")
    response = upload(world.clerk, world.case.number, content, name="授权书.pdf")
    path = f"/cases/{world.case.number}/attachments/{response.json()['id']}"
    # Readers: the township's clerk, the county reviewer, the auditor.
    for user in (world.clerk, reviewer(), auditor()):
        got = ApiClient(user).get(path)
        assert got.status_code == 200
        assert b"".join(got.streaming_content) == content
        assert got["Content-Type"] == "application/pdf"
        assert got["X-Content-Type-Options"] == "nosniff"
        assert got["Content-Disposition"].startswith("attachment;")
        assert "filename" in got["Content-Disposition"]
    # Another township's clerk, an editor: as if it did not exist.
    for user in (clerk(world.west), editor()):
        got = ApiClient(user).get(path)
        assert got.status_code == 404
        assert got["Content-Type"].startswith("application/json")
    assert ApiClient().get(path).status_code == 401
    assert (
        ApiClient(world.clerk)
        .get(path.replace("/attachments/", "/attachments/9"))
        .status_code
        == 404
    )


def test_rules_attachment_of_another_case_is_404_under_this_number(world):
    other = received_case(world.clerk, world.east, assistance_type=world.dibao)
    response = upload(world.clerk, other.number, tiny_pdf())
    path = f"/cases/{world.case.number}/attachments/{response.json()['id']}"
    assert ApiClient(world.clerk).get(path).status_code == 404


def test_rules_attachment_upload_refused_to_readers_and_other_townships(world):
    assert upload(auditor(), world.case.number, tiny_pdf()).status_code == 403
    assert upload(clerk(world.west), world.case.number, tiny_pdf()).status_code == 404
    coordinator = village_coordinator(world.village)
    assert upload(coordinator, world.case.number, tiny_pdf()).status_code == 404
    anonymous = Client().post(
        f"/api/v1/cases/{world.case.number}/attachments",
        {"file": SimpleUploadedFile("a.pdf", tiny_pdf()), "material": "x"},
    )
    assert anonymous.status_code == 401
    assert not CaseAttachment.objects.exists()


def test_rules_attachment_on_a_closed_case_is_refused(db, private_root):
    place = county()
    user = clerk(place.east)
    with on_day(__import__("datetime").date(2026, 11, 2)):
        case = replied_case(user, reviewer(), place.east, assistance_type=place.dibao)
    response = upload(user, case.number, tiny_pdf())
    assert response.status_code == 409
    assert "办结" in response.json()["message"]
    assert stored_files(private_root) == []


# ---- nothing half-saved


def test_rules_attachment_no_file_is_left_when_the_row_fails(
    world, private_root, monkeypatch
):
    from cases.services import attachments

    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(attachments, "save_with_reason", broken)
    with pytest.raises(RuntimeError):
        attachment_upload(
            by=world.clerk,
            case=world.case,
            upload=SimpleUploadedFile("a.pdf", tiny_pdf()),
            material="授权书",
        )
    assert stored_files(private_root) == []
    assert not CaseAttachment.objects.exists()


def test_rules_attachment_no_row_is_left_when_the_disk_is_full(world, monkeypatch):
    import errno

    storage = CaseAttachment._meta.get_field("file").storage

    def full(name, content, max_length=None):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(storage, "save", full)
    with pytest.raises(OSError):
        attachment_upload(
            by=world.clerk,
            case=world.case,
            upload=SimpleUploadedFile("a.pdf", tiny_pdf()),
            material="授权书",
        )
    assert not CaseAttachment.objects.exists()
    assert not CaseAttachment.history.exists()


# ---- virus scanning (clamd, INSTREAM over a unix socket)


class FakeClamd:
    """A clamd that answers INSTREAM on a real unix socket, in a thread."""

    def __init__(self, path: str, answer: bytes):
        self.path, self.answer, self.received = path, answer, b""
        self.server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.server.bind(path)
        self.server.listen(1)
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self):
        connection, _ = self.server.accept()
        with connection:
            stream = connection.makefile("rb")
            command = stream.readline()
            assert command == b"nINSTREAM\n", command
            while True:
                (size,) = struct.unpack("!L", stream.read(4))
                if not size:
                    break
                self.received += stream.read(size)
            connection.sendall(self.answer)

    def close(self):
        self.thread.join(timeout=5)
        self.server.close()


@pytest.fixture
def clamd(settings, tmp_path):
    servers = []

    def start(answer: bytes) -> FakeClamd:
        path = str(tmp_path / "clamd.sock")
        settings.CLAMD_SOCKET = path
        servers.append(FakeClamd(path, answer))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


def test_rules_attachment_is_scanned_by_clamd_when_configured(world, clamd):
    server = clamd(b"stream: OK\n")
    content = tiny_pdf()
    response = upload(world.clerk, world.case.number, content)
    assert response.status_code == 201
    server.close()
    assert server.received == content
    assert "未发现病毒" in CaseAttachment.objects.get().virus_scan


def test_rules_attachment_infected_is_refused_with_the_virus_name(
    world, clamd, private_root
):
    clamd(b"stream: Eicar-Signature FOUND\n")
    response = upload(world.clerk, world.case.number, tiny_pdf())
    assert response.status_code == 422
    assert "Eicar-Signature" in response.json()["message"]
    assert not CaseAttachment.objects.exists()
    assert stored_files(private_root) == []


def test_rules_attachment_refused_when_clamd_is_unreachable(world, settings, tmp_path):
    settings.CLAMD_SOCKET = str(tmp_path / "nobody-listens.sock")
    response = upload(world.clerk, world.case.number, tiny_pdf())
    assert response.status_code == 503
    assert "病毒扫描服务暂不可用" in response.json()["message"]
    assert not CaseAttachment.objects.exists()


def test_rules_attachment_without_clamd_says_it_was_not_scanned(world):
    upload(world.clerk, world.case.number, tiny_pdf())
    assert "未扫描" in CaseAttachment.objects.get().virus_scan


def test_rules_attachment_refusal_is_a_case_error_for_the_admin_too(world):
    with pytest.raises(CaseError) as refused:
        attachment_upload(
            by=world.clerk,
            case=world.case,
            upload=SimpleUploadedFile("a.pdf", b"MZ" + os.urandom(32)),
            material="授权书",
        )
    assert refused.value.status == 415


# ---- the store and the rows agree (manage.py check_attachments)


def test_rules_attachment_store_check_finds_missing_altered_and_orphan_files(
    world, private_root
):
    import io
    import time as clock

    from django.core.management import CommandError, call_command

    kept, lost, changed = (
        attachment_upload(
            by=world.clerk,
            case=world.case,
            upload=SimpleUploadedFile(f"{n}.pdf", tiny_pdf(n)),
            material="授权书",
        )
        for n in ("kept", "lost", "changed")
    )
    Path(lost.file.path).unlink()
    Path(changed.file.path).write_bytes(tiny_pdf("edited"))
    stray = private_root / "stray.pdf"
    stray.write_bytes(tiny_pdf("stray"))
    old = clock.time() - 7200
    os.utime(stray, (old, old))
    out = io.StringIO()
    call_command("check_attachments", stdout=out)
    text = out.getvalue()
    assert f"附件 {lost.pk}" in text and "不在存储中" in text
    assert f"附件 {changed.pk}" in text and "SHA-256 不符" in text
    assert "无主文件：stray.pdf" in text
    assert f"附件 {kept.pk}" not in text
    with pytest.raises(CommandError):
        call_command("check_attachments", "--fail", stdout=io.StringIO())
    call_command("check_attachments", "--remove-orphans", stdout=io.StringIO())
    assert not stray.exists() and Path(kept.file.path).exists()
