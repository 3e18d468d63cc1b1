"""Uploaded documents (政策附件等): the content must be what the extension says.

Wagtail checks the extension (WAGTAILDOCS_EXTENSIONS) and the size
(WAGTAILDOCS_MAX_UPLOAD_SIZE); an HTML page or a program renamed ``通知.pdf``
would pass both and be served to the public as that document. The first bytes
decide: each allowed extension names the signatures its files start with, and
markup or an executable is refused whatever it is called.

Replacing a document's file writes the new file before the old one is deleted,
so a full disk leaves the old file (and the record pointing to it) intact.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from wagtail.documents.forms import BaseDocumentForm

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, .xls
_ZIP = b"PK\x03\x04"  # .docx, .xlsx, .ofd
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF-",),
    "doc": (_OLE2,),
    "xls": (_OLE2,),
    "docx": (_ZIP,),
    "xlsx": (_ZIP,),
    "ofd": (_ZIP,),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
}
# Never a document, whatever the name: programs and markup a browser would run.
FORBIDDEN_STARTS = (b"MZ", b"\x7fELF", b"#!", b"\xca\xfe\xba\xbe")
MARKUP = (b"<!doctype", b"<html", b"<script", b"<svg", b"<?xml", b"<body", b"<iframe")
HEAD_BYTES = 1024


def content_problem(name: str, head: bytes) -> str | None:
    """Why a file's first bytes do not fit its extension, or None."""
    extension = name.rpartition(".")[2].lower()
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(FORBIDDEN_STARTS) or stripped.startswith(MARKUP):
        return _("文件内容是程序或网页，不是文档，不能上传。")
    if extension == "txt":
        if b"\x00" in head:
            return _("文本文件中含有二进制内容，请确认文件是否正确。")
        return None
    expected = SIGNATURES.get(extension)
    if expected and not head.startswith(expected):
        return _("文件内容与扩展名“.%(ext)s”不符，请上传真实的%(ext)s文件。") % {
            "ext": extension
        }
    return None


class DocumentForm(BaseDocumentForm):
    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and "file" in self.changed_data:
            upload.seek(0)
            head = upload.read(HEAD_BYTES)
            upload.seek(0)
            problem = content_problem(upload.name, head)
            if problem:
                raise ValidationError(problem, code="content_mismatch")
        return upload

    def _update_errors(self, errors):
        # The multiple uploader completes a stored upload (UploadedFile) with a
        # form that has no file field: the file was checked when uploaded, but
        # Wagtail's model clean() checks the extension of a file the new
        # document does not have yet, and Django cannot put an error on a field
        # the form lacks (ValueError, a 500).
        if "file" not in self.fields and hasattr(errors, "error_dict"):
            errors.error_dict.pop("file", None)
            if not errors.error_dict:
                return
        super()._update_errors(errors)

    def save(self, commit=True):
        replaced = None
        if commit and "file" in self.changed_data and self.original_file:
            # Wagtail deletes the old file first; keep it until the new one is stored.
            replaced, self.original_file = self.original_file, None
        instance = super().save(commit=commit)
        if replaced is not None and replaced.name != instance.file.name:
            replaced.storage.delete(replaced.name)
        return instance
