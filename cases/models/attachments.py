"""案件附件：扫描的授权书、证明材料和照片，存在公开媒体目录之外。

The stored file is named at random, never by the name it was uploaded under;
that name is kept as display text only. The folder (settings.PRIVATE_FILES_ROOT)
is served by no URL: a file leaves the server only through a view that checks
who may read the case.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.history import HashChainedHistory, TrackedModel
from core.fields import staff_field

from .case import Case
from .filing import PartOfFiledCase
from .materials import ReceivedMaterial


@deconstructible(path="cases.models.attachments.PrivateStorage")
class PrivateStorage(FileSystemStorage):
    """Files under settings.PRIVATE_FILES_ROOT, readable by the server only.

    The location is read on each use, so a test (or a deployment) can move it
    with a setting; there is no URL: ``url()`` refuses.
    """

    def __init__(self):
        super().__init__(file_permissions_mode=0o600, directory_permissions_mode=0o700)

    @property
    def base_location(self):
        return str(settings.PRIVATE_FILES_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("private files have no URL; serve them through a view")


class CaseAttachment(PartOfFiledCase, TrackedModel):
    """一份附件：所属案件、对应的收件材料、摘要（SHA-256）与存储的文件。"""

    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        JPEG = "jpeg", "JPEG"
        PNG = "png", "PNG"
        OFD = "ofd", "OFD"

    case = models.ForeignKey(
        Case,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("案件"),
    )
    material = models.ForeignKey(
        ReceivedMaterial,
        on_delete=models.PROTECT,
        related_name="attachments",
        null=True,
        blank=True,
        verbose_name=_("收件材料"),
    )
    material_name = models.CharField(_("材料名称"), max_length=120)
    name = models.CharField(_("文件名"), max_length=200)
    kind = models.CharField(_("文件类型"), max_length=8, choices=Kind.choices)
    content_type = models.CharField(_("内容类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("SHA-256 摘要"), max_length=64, db_index=True)
    virus_scan = models.CharField(_("病毒扫描"), max_length=200, blank=True)
    file = models.FileField(
        _("文件"), storage=PrivateStorage(), max_length=200, editable=False
    )
    uploaded_by = staff_field(_("上传人"))
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    history = HistoricalRecords(bases=[HashChainedHistory])

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("案件附件")
        verbose_name_plural = _("案件附件")

    def __str__(self) -> str:
        return f"{self.material_name}：{self.name}"
