"""附件存储核对: do the files under PRIVATE_FILES_ROOT and the attachment rows agree?

For operators (``manage.py check_attachments``), not scoped by a user: a row
whose file is gone, a file whose bytes no longer give the SHA-256 its row
recorded, and a file no row names (an upload whose transaction was rolled back
by a caller after the file was written, or a copy put there by hand).
"""

import hashlib
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from cases.models import CaseAttachment


@dataclass
class StoreReport:
    checked: int = 0
    missing: list[CaseAttachment] = field(default_factory=list)
    altered: list[CaseAttachment] = field(default_factory=list)
    orphans: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not (self.missing or self.altered or self.orphans)


def _digest(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def attachment_store_check(*, orphan_age_seconds: int = 3600) -> StoreReport:
    """Compare the rows with the files. A file younger than ``orphan_age_seconds``
    is not called an orphan: its upload may still be committing."""
    report = StoreReport()
    storage = CaseAttachment._meta.get_field("file").storage
    named = set()
    for attachment in CaseAttachment.objects.order_by("pk").iterator():
        report.checked += 1
        named.add(attachment.file.name)
        path = storage.path(attachment.file.name)
        if not os.path.isfile(path):
            report.missing.append(attachment)
        elif _digest(path) != attachment.sha256:
            report.altered.append(attachment)
    root = Path(storage.location)
    if root.is_dir():
        now = time.time()
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            name = path.relative_to(root).as_posix()
            young = now - path.stat().st_mtime < orphan_age_seconds
            if name not in named and not young:
                report.orphans.append(name)
    return report
