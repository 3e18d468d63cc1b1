"""案件附件：扫描的授权书、材料和照片，类型由内容决定，存于公开目录之外。

The type is what the bytes are (PDF, JPEG, PNG, OFD), read by ``filetype``
and, for OFD (a ZIP package holding OFD.xml), by opening the package; the
name the file came with decides nothing, so a program called ``证明.pdf`` is
refused. Each file's SHA-256 goes into the attachment's chained history (the
reason names it), which the case's timeline shows.

Nothing half-saved: the file is written before the row, and removed again if
the row cannot be saved; a refusal writes nothing at all.
"""

import hashlib
import logging
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from cases.access import require
from cases.models import Case, CaseAttachment

from .errors import CaseArchived, CaseError
from .guard import require_change
from .history import save_with_reason
from .text import clean_text
from .virus_scan import scan_upload

logger = logging.getLogger(__name__)

HEAD_BYTES = 8192
NAME_LIMIT = CaseAttachment._meta.get_field("name").max_length


@dataclass(frozen=True)
class FileType:
    kind: str
    content_type: str
    extensions: tuple[str, ...]  # the first is the one a stored name gets


TYPES = {
    "pdf": FileType(CaseAttachment.Kind.PDF, "application/pdf", ("pdf",)),
    "jpg": FileType(CaseAttachment.Kind.JPEG, "image/jpeg", ("jpg", "jpeg")),
    "png": FileType(CaseAttachment.Kind.PNG, "image/png", ("png",)),
    "ofd": FileType(CaseAttachment.Kind.OFD, "application/ofd", ("ofd",)),
}
EXECUTABLES = {"exe", "elf", "dex", "dmg", "macho", "wasm", "deb", "rpm", "msi"}
ACCEPTED = _("只接受 PDF、JPEG、PNG 或 OFD 格式的扫描件、照片")


def max_bytes() -> int:
    return int(settings.ATTACHMENT_MAX_BYTES)


def _unsupported(message: str) -> CaseError:
    return CaseError(message, field="file", status=415)


def _is_ofd(upload) -> bool:
    """OFD (GB/T 33190): a ZIP package whose root holds OFD.xml."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as package:
            names = {name.lower() for name in package.namelist()}
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False
    finally:
        upload.seek(0)
    return "ofd.xml" in names


def detect_type(upload) -> FileType:
    """What the content is, or a 415 saying what is accepted."""
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    guessed = filetype.guess(head)
    extension = guessed.extension if guessed else None
    if extension in EXECUTABLES or head.startswith((b"MZ", b"\x7fELF", b"#!")):
        raise _unsupported(
            _("文件内容是可执行程序，不是扫描件，不能上传（无论文件名如何）。")
        )
    if head.startswith(b"PK\x03\x04"):
        if _is_ofd(upload):
            return TYPES["ofd"]
        raise _unsupported(
            _("该压缩包不是 OFD 版式文件（缺少 OFD.xml）。%(accepted)s。")
            % {"accepted": ACCEPTED}
        )
    if extension in TYPES:
        return TYPES[extension]
    found = guessed.mime if guessed else _("无法识别")
    raise _unsupported(
        _("%(accepted)s；该文件的内容是“%(found)s”。")
        % {"accepted": ACCEPTED, "found": found}
    )


def safe_name(name: str | None, file_type: FileType) -> str:
    """The uploaded name as display text: the last path part only, without
    control characters, bounded, and ending in the extension of its content."""
    text = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    text = "".join(
        " " if unicodedata.category(c).startswith(("C", "Z")) else c for c in text
    )
    text = " ".join(text.split()).strip(" .")
    stem, dot, extension = text.rpartition(".")
    if not dot:
        stem, extension = text, ""
    if extension.lower() not in file_type.extensions:
        stem = text
    stem = stem.strip(" .") or _("附件")
    suffix = f".{file_type.extensions[0]}"
    if extension.lower() in file_type.extensions:
        suffix = f".{extension.lower()}"
    return stem[: NAME_LIMIT - len(suffix)] + suffix


def _digest(upload) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
        size += len(chunk)
    upload.seek(0)
    return digest.hexdigest(), size


def _check_size(upload) -> None:
    size = upload.size
    if size is None or size <= 0:
        raise CaseError(_("文件是空的，请重新选择要上传的文件。"), field="file")
    limit = max_bytes()
    if size > limit:
        raise CaseError(
            _("文件过大（%(size)s），单个附件不能超过%(limit)s。")
            % {"size": _megabytes(size), "limit": _megabytes(limit)},
            field="file",
            status=413,
        )


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


def _material(case: Case, name: str):
    """The checklist item of that name, if the case has one (收件清单)."""
    return case.materials.filter(name=name).first()


def attachment_upload(
    *, by, case: Case, upload, material: str | None
) -> CaseAttachment:
    """上传附件：检查权限、大小、类型与病毒后存入私有目录，摘要记入历史。"""
    require_change(by, case, "attachment.upload")
    if case.is_closed:
        raise CaseArchived(_("案件已办结，不能再添加附件。"))
    material_name = clean_text(
        material,
        field="material",
        label=_("材料名称"),
        model=CaseAttachment,
        stored="material_name",
    )
    if upload is None:
        raise CaseError(_("请选择要上传的文件。"), field="file")
    _check_size(upload)
    file_type = detect_type(upload)
    sha256, size = _digest(upload)
    scanned = scan_upload(upload)
    storage = CaseAttachment._meta.get_field("file").storage
    stored = storage.save(
        f"{case.pk}/{uuid.uuid4().hex}.{file_type.extensions[0]}", upload
    )
    try:
        with transaction.atomic():
            attachment = CaseAttachment(
                case=case,
                material=_material(case, material_name),
                material_name=material_name,
                name=safe_name(upload.name, file_type),
                kind=file_type.kind,
                content_type=file_type.content_type,
                size=size,
                sha256=sha256,
                virus_scan=scanned,
                file=stored,
                uploaded_by=by,
            )
            save_with_reason(
                attachment,
                by=by,
                reason=_("上传附件，SHA-256 %(digest)s") % {"digest": sha256},
            )
    except BaseException:
        # The row was not saved: the file it would have named goes too.
        try:
            storage.delete(stored)
        except OSError:
            logger.exception("could not remove %s after a failed save", stored)
        raise
    return attachment


def attachment_for_reader(*, by, case: Case, attachment_id: int) -> CaseAttachment:
    """An attachment of a case the user may read (case.view), or CaseNotFound."""
    from .errors import CaseNotFound

    require(by, "case.view", case)
    found = None
    if 0 < attachment_id < 2**31:
        found = case.attachments.filter(pk=attachment_id).first()
    if found is None:
        raise CaseNotFound(_("该案件没有这个附件。"))
    return found


def evidence_from_case(case: Case, ids) -> list[CaseAttachment]:
    """Attachments named as evidence: each must be one of this case's own."""
    wanted = sorted({int(i) for i in ids or []})
    found = list(case.attachments.filter(pk__in=wanted))
    missing = sorted(set(wanted) - {a.pk for a in found})
    if missing:
        raise CaseError(
            _("附件 %(ids)s 不是本案件的附件，不能作为佐证。")
            % {"ids": "、".join(str(i) for i in missing)},
            field="evidence_attachments",
        )
    return found
