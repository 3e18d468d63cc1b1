"""档案目录：每条办结的记录分门别类归档，一档一号，保管期限随类别。

业务审批类、日常管理类、财务与统计类由数据迁移建立，县里可以再加类别。
An entry's number is the year the record closed, the category's code and a
serial that never repeats within the year and category (2026-YW-000123); the
retention period is copied from the category when the record is filed, so a
later change to the category does not change what was filed under it.
"""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.history import HashChainedHistory, ReasonRequiredOnChange
from core.fields import staff_field

from .fields import township_field

CATEGORY_CODE = RegexValidator(
    r"^[A-Z]{2,6}$", _("类别代码为2至6个大写英文字母，例如 YW。")
)


def retention_label(years: int | None) -> str:
    return str(_("永久")) if years is None else str(_("%s年")) % years


class ArchiveCategory(ReasonRequiredOnChange):
    """档案类别。代码进入档案号，一经使用不再更改。"""

    code = models.CharField(
        _("类别代码"),
        max_length=6,
        unique=True,
        validators=[CATEGORY_CODE],
        help_text=_("2至6个大写英文字母，写入档案号，例如 YW。"),
    )
    name = models.CharField(_("类别名称"), max_length=40, unique=True)
    retention_years = models.PositiveSmallIntegerField(
        _("保管期限（年）"),
        null=True,
        blank=True,
        help_text=_("留空为永久保管。"),
    )
    description = models.TextField(_("说明"), max_length=1000, blank=True)

    history = HistoricalRecords(bases=[HashChainedHistory])

    class Meta:
        ordering = ["code"]
        verbose_name = _("档案类别")
        verbose_name_plural = _("档案类别")

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"

    @property
    def retention_display(self) -> str:
        return retention_label(self.retention_years)


# Each kind of record and the entry's link to it.
RECORD_FIELDS = {
    "case": "case",
    "complaint": "complaint",
    "lead": "lead",
    "referral": "referral",
    "registration": "registration_entry",
    "benefit_change": "benefit_change",
}


def _one_record_of_its_kind() -> models.Q:
    """The kind's link is set and every other link is empty."""
    condition = models.Q()
    for kind, field in RECORD_FIELDS.items():
        condition |= models.Q(
            kind=kind,
            **{f"{other}__isnull": other != field for other in RECORD_FIELDS.values()},
        )
    return condition


class ArchiveEntry(ReasonRequiredOnChange):
    """One filed record in the catalogue (档案目录), with what it contains."""

    class Kind(models.TextChoices):
        CASE = "case", _("救助案件")
        COMPLAINT = "complaint", _("投诉举报")
        LEAD = "lead", _("主动发现线索")
        REFERRAL = "referral", _("分办转办")
        REGISTRATION = "registration", _("工作登记簿")
        BENEFIT_CHANGE = "benefit_change", _("待遇调整")

    number = models.CharField(_("档案号"), max_length=24, unique=True, editable=False)
    year = models.PositiveSmallIntegerField(_("归档年度"), editable=False)
    serial = models.PositiveIntegerField(_("顺序号"), editable=False)
    category = models.ForeignKey(
        ArchiveCategory,
        on_delete=models.PROTECT,
        related_name="entries",
        verbose_name=_("档案类别"),
    )
    kind = models.CharField(_("记录类型"), max_length=20, choices=Kind.choices)
    record_number = models.CharField(_("记录编号"), max_length=24)
    title = models.CharField(_("题名"), max_length=200)
    township = township_field("archive_entries", null=True, blank=True)
    retention_years = models.PositiveSmallIntegerField(
        _("保管期限（年）"), null=True, blank=True, editable=False
    )
    closed_at = models.DateTimeField(_("办结时间"))
    filed_at = models.DateTimeField(_("归档时间"), editable=False)
    filed_by = staff_field(_("归档人"), optional=True)
    # 卷内目录: the notices and attachments filed with a case, as they were then.
    contents = models.JSONField(_("卷内文件"), default=list, blank=True)

    # The filed record: exactly one of these, each filed once.
    case = models.OneToOneField(
        "cases.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="archive_entry",
        verbose_name=_("案件"),
    )
    complaint = models.OneToOneField(
        "cases.Complaint",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="archive_entry",
        verbose_name=_("投诉举报"),
    )
    lead = models.OneToOneField(
        "cases.Lead",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="archive_entry",
        verbose_name=_("线索"),
    )
    referral = models.OneToOneField(
        "cases.Referral",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="archive_entry",
        verbose_name=_("转办事项"),
    )
    registration_entry = models.OneToOneField(
        "cases.RegistrationEntry",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="archive_entry",
        verbose_name=_("登记簿登记"),
    )
    benefit_change = models.OneToOneField(
        "cases.BenefitChange",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="archive_entry",
        verbose_name=_("待遇调整"),
    )

    history = HistoricalRecords(bases=[HashChainedHistory])

    RECORD_FIELDS = RECORD_FIELDS

    class Meta:
        ordering = ["-filed_at", "-pk"]
        verbose_name = _("档案")
        verbose_name_plural = _("档案目录")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "category", "serial"],
                name="archive_serial_per_year_category",
            ),
            models.CheckConstraint(
                condition=_one_record_of_its_kind(),
                name="archive_entry_files_one_record_of_its_kind",
            ),
        ]
        indexes = [
            models.Index(fields=["year", "category"], name="archive_year_category"),
            models.Index(fields=["township", "year"], name="archive_township_year"),
            models.Index(fields=["kind", "year"], name="archive_kind_year"),
        ]

    def __str__(self) -> str:
        return self.number

    def save(self, *args, **kwargs):
        # 归档后只读: an entry is written once; nothing of it changes later.
        if self.pk is not None and not self._state.adding:
            from cases.errors import CaseArchived

            raise CaseArchived(str(_("档案目录的条目一经归档不能修改。")))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        from cases.errors import CaseArchived

        raise CaseArchived(str(_("档案目录的条目不能删除。")))

    @property
    def record(self):
        return getattr(self, self.RECORD_FIELDS[self.kind])

    @property
    def retention_display(self) -> str:
        return retention_label(self.retention_years)
