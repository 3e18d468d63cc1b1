"""The media storage: safe file names, and no partial file left by a full disk.

Uploaded names come from the visitor's computer. Django already keeps only the
base name and drops characters other than letters, digits, ``-``, ``_`` and
``.``; on top of that a stored name never starts with a dot (a hidden file),
never is a Windows device name (CON, NUL, COM1 …: media folders get copied to
Windows machines for backup) and keeps at most ``MAX_STEM`` characters before
its extension. The name as uploaded stays only where it is display text (a
document's title), escaped like any other text.

磁盘已满: when writing fails with ENOSPC (or a quota), the part already written
is removed before the error goes on, so the folder never holds a truncated file
that no record points to. The error itself becomes a clear message in
portal/errors.py.
"""

import contextlib
import errno
import os
import re

from django.core.files.storage import FileSystemStorage

MAX_STEM = 80
STORAGE_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
_WINDOWS_DEVICES = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])$", re.IGNORECASE)


def is_storage_full(error: BaseException) -> bool:
    return isinstance(error, OSError) and error.errno in STORAGE_FULL


class MediaStorage(FileSystemStorage):
    def get_valid_name(self, name: str) -> str:
        name = super().get_valid_name(name)
        stem, dot, extension = name.rpartition(".")
        if not dot:
            stem, extension = name, ""
        stem = stem.lstrip("._-")[:MAX_STEM] or "file"
        if _WINDOWS_DEVICES.match(stem):
            stem = f"_{stem}"
        extension = extension.lower()[:10]
        return f"{stem}.{extension}" if extension else stem

    def _save(self, name, content):
        existed = self.exists(name)
        try:
            return super()._save(name, content)
        except OSError as error:
            # Only a file this call created is removed: if the name was taken
            # meanwhile, Django wrote under another name we cannot know here.
            if is_storage_full(error) and not existed:
                with contextlib.suppress(OSError):
                    os.remove(self.path(name))
            raise
