"""The outbox, the database backend's document table and the auditors' search log."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.fields import staff_field


class OutboxEntry(models.Model):
    """An index update waiting to be applied, written in the saving transaction.

    The worker applies entries after commit and deletes them only once the backend
    has taken them, so nothing is lost while Elasticsearch is down.
    """

    key = models.CharField(_("索引键"), max_length=160)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    attempts = models.PositiveIntegerField(_("尝试次数"), default=0)
    last_error = models.TextField(_("最近错误"), blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("待更新索引")
        verbose_name_plural = _("待更新索引")

    def __str__(self) -> str:
        return self.key


class SearchDocument(models.Model):
    """One record in the database backend's index; tokens live in the engine's table."""

    key = models.CharField(max_length=160, unique=True)
    kind = models.CharField(max_length=20)
    case_number = models.CharField(max_length=40, blank=True, db_index=True)
    number = models.CharField(max_length=40, blank=True)
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    names = models.TextField(blank=True)
    idents = models.TextField(blank=True)
    township = models.CharField(max_length=40, blank=True)
    village = models.CharField(max_length=40, blank=True)
    assistance_type = models.CharField(max_length=40, blank=True)
    status = models.CharField(max_length=40, blank=True)
    channel = models.CharField(max_length=40, blank=True)
    handler = models.CharField(max_length=150, blank=True)
    user = models.CharField(max_length=150, blank=True)
    record = models.CharField(max_length=60, blank=True)
    at = models.DateTimeField()
    # When the record was read to build this row (the database's clock); a write
    # built from an earlier read never replaces it, so appliers that race each
    # other leave the newest version. Null: written without a stamp.
    as_of = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["at"]),
            models.Index(fields=["kind", "at"]),
            models.Index(fields=["township", "at"]),
            models.Index(fields=["user", "at"]),
            models.Index(fields=["handler", "at"]),
            models.Index(fields=["assistance_type", "at"]),
            models.Index(fields=["status", "at"]),
        ]

    def __str__(self) -> str:
        return self.key


class SearchLog(models.Model):
    """审计留痕：谁在何时检索了什么、得到多少条、是否导出。"""

    class Via(models.TextChoices):
        ADMIN = "admin", _("管理后台")
        API = "api", _("接口")
        EXPORT = "export", _("导出")

    user = staff_field(_("检索人"), related_name="archive_searches")
    at = models.DateTimeField(_("检索时间"), auto_now_add=True, db_index=True)
    via = models.CharField(_("途径"), max_length=10, choices=Via.choices)
    query = models.JSONField(_("检索条件"), default=dict)
    total = models.PositiveIntegerField(_("命中数"), default=0)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("档案检索记录")
        verbose_name_plural = _("档案检索记录")

    def __str__(self) -> str:
        return f"{self.user} {self.at:%Y-%m-%d %H:%M} {self.query.get('q', '')}"
