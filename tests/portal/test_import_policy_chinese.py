"""导入公文 speaks Chinese: every refusal, warning and report of the import_policy
command and of the admin's import screen, for the files an editor brings (PDF,
DOCX, an old DOC, RTF, binary, Korean, 乱码, Big5, UTF-16, a folder, a missing or
unreadable file, a database that fails). Encoding names (UTF-8, GB18030, Big5)
are standards' names; the scan is strays() of tests/test_chinese_everywhere.py.
"""

import os
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import DatabaseError

from portal.middleware import to_traditional
from tests.factories import UserFactory
from tests.test_chinese_everywhere import (
    TERMS,
    _allowed_data,
    strays,
    text_strays,
)

pytestmark = pytest.mark.django_db
URL = "/admin/policies/import/"
NOTICE = (
    "青禾县民政局\n关于做好冬春临时救助工作的通知\n青民〔2026〕3号\n"
    "各乡镇人民政府：\n请逐户核实困难群众情况，按时上报。\n"
    "一、工作要求\n各乡镇要在三月底前完成复核。\n青禾县民政局\n2026年3月2日\n"
)
KOREAN = "한국어 문서입니다. 기초생활보장 신청 안내. 읍면동 주민센터에 방문하세요."
FILES = {
    "pdf.txt": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + os.urandom(256),
    "docx.txt": b"PK\x03\x04" + os.urandom(256),
    "doc.txt": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + os.urandom(256),
    "rtf.txt": b"{\\rtf1\\ansi " + NOTICE.encode("gbk"),
    "binary.txt": os.urandom(2048),
    "empty.txt": b"",
    "korean.txt": KOREAN.encode("euc_kr") * 4,
    "mojibake.txt": NOTICE.encode().decode("latin-1").encode(),
    "big5.txt": to_traditional(NOTICE).encode("cp950"),
    "utf16.txt": NOTICE.encode("utf-16"),
    "gbk.txt": NOTICE.encode("gbk"),
}


@pytest.fixture
def notices(tmp_path) -> list[str]:
    for name, raw in FILES.items():
        (tmp_path / name).write_bytes(raw)
    (tmp_path / "folder.txt").mkdir()
    return [str(tmp_path / name) for name in [*FILES, "folder.txt", "missing.txt"]]


def _import(*args, capsys) -> str:
    try:
        call_command("import_policy", *args)
        failure = ""
    except CommandError as error:
        failure = str(error)
    out = capsys.readouterr()
    return "\n".join((out.out, out.err, failure))


def _scan(text: str, paths: list[str]) -> list[str]:
    for path in sorted(paths, key=len, reverse=True):
        text = text.replace(path, " ")
    return text_strays(text, TERMS | _allowed_data())


def test_import_policy_command_reports_in_chinese(site_tree, notices, capsys):
    text = _import(*notices, capsys=capsys)
    assert "繁体" in text and "UTF-16" in text, text
    found = _scan(text, notices)
    assert not found, (found, text)
    # The same files again: each saved one is a duplicate now.
    text = _import(*notices, capsys=capsys)
    assert "已存在相同的文件" in text, text
    assert not _scan(text, notices), text


def test_import_policy_unreadable_and_unsaved_files_in_chinese(
    site_tree, notices, capsys, monkeypatch
):
    import portal.management.commands.import_policy as command

    def refuse(self):
        raise PermissionError(13, "Permission denied", str(self))

    def locked(*args, **kwargs):
        raise DatabaseError("database is locked")

    gbk = [path for path in notices if path.endswith("gbk.txt")]
    monkeypatch.setattr(Path, "read_bytes", refuse)
    text = _import(*gbk, capsys=capsys)
    assert "没有读取这个文件的权限" in text, text
    assert not _scan(text, gbk), text
    monkeypatch.undo()
    monkeypatch.setattr(command, "create_draft", locked)
    text = _import(*gbk, capsys=capsys)
    assert "数据库暂时不可用" in text, text
    assert not _scan(text, gbk), text


def test_admin_import_screen_answers_every_file_in_chinese(client, site_tree):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    allowed = TERMS | _allowed_data()
    found = {"form": strays(client.get(URL).content.decode(), allowed)}
    for name, raw in FILES.items():
        upload = SimpleUploadedFile(name, raw, "text/plain")
        response = client.post(URL, {"file": upload})
        found[name] = strays(response.content.decode(), allowed)
    found = {name: words for name, words in found.items() if words}
    assert not found, found
