"""线上线下一致：版次、张贴登记、应上墙清单与换版任务。

Every window and village station displays paper copies of pages (上墙, 桌牌,
宣传彩页). A printed copy carries its edition (第N版) and a QR code to that
edition's verification page, so anyone can tell whether the copy on the wall is
still what the site says. Publishing a new edition makes older copies stale and
opens a replacement task at each service point that displays one.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from wagtail.admin.panels import FieldPanel, PageChooserPanel

from core.fields import staff_field

PRINTABLE_PAGE_TYPES = [
    "portal.PolicyPage",
    "portal.ServiceGuidePage",
    "portal.ComplaintChannelPage",
]


class PrintForm(models.TextChoices):
    """张贴形式。"""

    WALL = "wall", _("上墙")
    DESK_CARD = "desk_card", _("桌牌")
    LEAFLET = "leaflet", _("宣传彩页")


def _service_point(related_name: str) -> models.ForeignKey:
    return models.ForeignKey(
        "portal.ServicePoint",
        on_delete=models.PROTECT,
        related_name=related_name,
        verbose_name=_("服务网点"),
    )


def _page(related_name: str = "+", on_delete=models.SET_NULL) -> models.ForeignKey:
    """The page printed; a page deleted later leaves the paper record standing."""
    null = {"null": True} if on_delete == models.SET_NULL else {}
    return models.ForeignKey(
        "wagtailcore.Page",
        on_delete=on_delete,
        related_name=related_name,
        verbose_name=_("页面"),
        **null,
    )


class PrintEdition(models.Model):
    """版次：页面以不同的可打印内容发布一次，就是新的一版（第N版）。

    Republishing a page whose printable text did not change keeps the edition, so
    a correction to, say, the SEO title does not send every window to reprint.
    ``sections`` keeps the printed text of the edition, so the verification page
    can say what changed between any two editions without the revision store.
    """

    page = _page("print_editions")
    page_title = models.CharField(_("页面标题"), max_length=255)
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("页面修订"),
    )
    number = models.PositiveIntegerField(_("版次"))
    code = models.CharField(_("核验码"), max_length=16, unique=True)
    fingerprint = models.CharField(_("内容指纹"), max_length=64)
    sections = models.JSONField(_("可打印内容"), default=list)
    published_at = models.DateTimeField(_("发布时间"))
    published_by = staff_field(_("修订人"), optional=True, on_delete=models.SET_NULL)
    superseded_at = models.DateTimeField(_("失效时间"), null=True, blank=True)
    superseded_by = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("新版"),
    )
    withdrawn = models.BooleanField(
        _("已撤下"), default=False, help_text=_("页面已从网站撤下，不再有现行版本。")
    )

    class Meta:
        verbose_name = _("版次")
        verbose_name_plural = _("版次")
        ordering = ["page_id", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["page", "number"], name="print_edition_unique_number"
            ),
            models.UniqueConstraint(
                fields=["page"],
                condition=Q(superseded_at__isnull=True),
                name="print_edition_one_current",
            ),
        ]

    def __str__(self) -> str:
        return _("%(title)s 第%(n)s版") % {"title": self.page_title, "n": self.number}

    @property
    def is_current(self) -> bool:
        return self.superseded_at is None


class DisplayRequirement(models.Model):
    """应张贴清单：某一层级的每个网点必须张贴的材料（一明显三上墙）。"""

    class Category(models.TextChoices):
        POLICY = "policy", _("救助政策")
        DUTIES = "duties", _("工作职责")
        COMPLAINT = "complaint", _("监督投诉电话")
        GUIDE = "guide", _("服务事项与流程")

    level = models.CharField(
        _("网点层级"),
        max_length=10,
        choices=[
            ("county", _("县级")),
            ("township", _("乡镇（街道）")),
            ("village", _("村（社区）")),
        ],
    )
    category = models.CharField(_("类别"), max_length=10, choices=Category.choices)
    page = _page("display_requirements", on_delete=models.CASCADE)
    form = models.CharField(
        _("张贴形式"), max_length=10, choices=PrintForm.choices, default=PrintForm.WALL
    )
    sort_order = models.PositiveIntegerField(_("排序"), default=0)

    history = HistoricalRecords()

    panels = [
        FieldPanel("level"),
        FieldPanel("category"),
        PageChooserPanel("page", PRINTABLE_PAGE_TYPES),
        FieldPanel("form"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        verbose_name = _("应张贴材料")
        verbose_name_plural = _("应张贴清单")
        ordering = ["level", "sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["level", "page", "form"], name="display_requirement_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} · {self.page} · {self.get_form_display()}"

    def clean(self):
        from .printable import PrintablePage

        if self.page_id and not isinstance(self.page.specific, PrintablePage):
            raise ValidationError(
                {"page": _("只能选择政策文件、办事指南或监督投诉页面。")}
            )


class Posting(models.Model):
    """张贴登记：哪个网点以何种形式张贴了哪一页的第几版，自何时起，由谁登记。"""

    service_point = _service_point("postings")
    page = _page()
    edition = models.ForeignKey(
        PrintEdition,
        on_delete=models.PROTECT,
        related_name="postings",
        verbose_name=_("版次"),
    )
    form = models.CharField(_("张贴形式"), max_length=10, choices=PrintForm.choices)
    posted_on = models.DateField(_("张贴日期"))
    recorded_by = staff_field(_("登记人"))
    recorded_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    removed_on = models.DateField(_("撤下日期"), null=True, blank=True)
    removed_by = staff_field(_("撤下登记人"), optional=True)
    removal_reason = models.CharField(_("撤下原因"), max_length=200, blank=True)
    task = models.ForeignKey(
        "portal.ReplacementTask",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="new_postings",
        verbose_name=_("换版任务"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("张贴登记")
        verbose_name_plural = _("张贴登记")
        ordering = ["service_point_id", "page_id", "form", "-posted_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["service_point", "page", "form"],
                condition=Q(removed_on__isnull=True),
                name="posting_one_active_per_form",
            )
        ]
        indexes = [models.Index(fields=["page", "removed_on"])]

    def __str__(self) -> str:
        return f"{self.service_point} · {self.edition} · {self.get_form_display()}"

    @property
    def is_active(self) -> bool:
        return self.removed_on is None

    @property
    def is_stale(self) -> bool:
        return self.is_active and not self.edition.is_current


class ReplacementTask(models.Model):
    """换版任务：网点张贴的是旧版（或页面已撤下），须在期限内换上新版或撤除。"""

    class Kind(models.TextChoices):
        REPLACE = "replace", _("换新版")
        TAKE_DOWN = "take_down", _("撤除")

    class Status(models.TextChoices):
        OPEN = "open", _("待办")
        DONE = "done", _("已完成")

    service_point = _service_point("replacement_tasks")
    page = _page()
    page_title = models.CharField(_("页面标题"), max_length=255)
    kind = models.CharField(_("任务类型"), max_length=10, choices=Kind.choices)
    stale_edition = models.ForeignKey(
        PrintEdition,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("旧版"),
    )
    target_edition = models.ForeignKey(
        PrintEdition,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("应换上的版次"),
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    opened_at = models.DateTimeField(_("下达时间"))
    due_on = models.DateField(_("完成期限"))
    due_basis = models.TextField(_("期限计算"), blank=True)
    closed_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    closed_by = staff_field(_("确认人"), optional=True)
    note = models.CharField(_("备注"), max_length=500, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("换版任务")
        verbose_name_plural = _("换版任务")
        ordering = ["status", "due_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["service_point", "page"],
                condition=Q(status="open"),
                name="replacement_task_one_open",
            )
        ]

    def __str__(self) -> str:
        return f"{self.service_point} · {self.page_title} · {self.get_kind_display()}"
