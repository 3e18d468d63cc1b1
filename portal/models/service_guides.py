"""办事指南：one page per assistance item, with structured steps and materials.

Steps and materials are rows of their own, not rich text: the case module builds
its intake checklist from the materials and takes its stage time limits from the
steps, so what the public reads is what the system enforces.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import HttpResponse
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable
from wagtail.search import index

from core.stages import Stage
from core.text import CheckedText
from portal.blocks import BodyBlock

from .base import PortalPage
from .printable import PrintablePage


class ServiceGuideIndexPage(PortalPage):
    """办事指南栏目。"""

    parent_page_types = ["portal.HomePage"]
    subpage_types = ["portal.ServiceGuidePage"]
    max_count = 1

    class Meta:
        verbose_name = _("办事指南栏目")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["guides"] = (
            ServiceGuidePage.objects.child_of(self)
            .live()
            .public()
            .select_related("assistance_type")
            .order_by("assistance_type__sort_order", "title")
        )
        return context


class ServiceGuidePage(PrintablePage, RoutablePageMixin, PortalPage):
    """一个救助事项的办事指南。"""

    assistance_type = models.OneToOneField(
        "portal.AssistanceType",
        on_delete=models.PROTECT,
        related_name="service_guide",
        verbose_name=_("救助事项"),
    )
    eligibility = RichTextField(
        _("申请条件"), features=["bold", "ol", "ul", "link"], blank=True
    )
    total_time_limit_days = models.PositiveSmallIntegerField(
        _("法定办结时限"),
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_("单位：工作日"),
    )
    public_notice_days = models.PositiveSmallIntegerField(
        _("公示天数"),
        default=0,
        validators=[MaxValueValidator(60)],
        help_text=_("单位：自然日（节假日照常计入）；0 表示无需公示"),
    )
    # 定期复核: how often a recipient of this item is reviewed (在册对象).
    review_cycle_months = models.PositiveSmallIntegerField(
        _("复核周期（月）"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(36)],
        help_text=_("审批同意后成为在册对象，每隔该月数复核一次。"),
    )
    varying_income_review_months = models.PositiveSmallIntegerField(
        _("收入变动家庭复核周期（月）"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(36)],
        help_text=_("收入变动较大的家庭按此较短周期复核，如每半年。"),
    )
    fee = models.CharField(_("收费标准"), max_length=100, default="不收费")
    phone = models.CharField(_("咨询电话"), max_length=100, blank=True)
    online_application_url = models.URLField(_("网上申请地址"), blank=True)
    service_points = ParentalManyToManyField(
        "portal.ServicePoint",
        blank=True,
        related_name="service_guides",
        verbose_name=_("受理地点"),
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("补充说明"))

    content_panels = [
        *PortalPage.content_panels,
        FieldPanel("assistance_type"),
        InlinePanel("legal_bases", label=_("设定依据")),
        FieldPanel("eligibility"),
        InlinePanel("steps", label=_("办理流程"), min_num=1),
        InlinePanel("materials", label=_("申请材料")),
        MultiFieldPanel(
            [
                FieldPanel("total_time_limit_days"),
                FieldPanel("public_notice_days"),
                FieldPanel("review_cycle_months"),
                FieldPanel("varying_income_review_months"),
                FieldPanel("fee"),
                FieldPanel("phone"),
                FieldPanel("online_application_url"),
            ],
            heading=_("时限、收费与咨询"),
        ),
        FieldPanel("service_points", widget=forms.CheckboxSelectMultiple),
        FieldPanel("body"),
    ]
    search_fields = [
        *PortalPage.search_fields,
        index.FilterField("assistance_type"),
    ]

    parent_page_types = ["portal.ServiceGuideIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("办事指南")
        verbose_name_plural = _("办事指南")

    def ordered_steps(self) -> list["ServiceGuideStep"]:
        return list(self.steps.all())

    def steps_total_days(self) -> int:
        """工作日时限之和 (公示 counts calendar days and is not part of it)."""
        return sum(
            step.time_limit_days
            for step in self.steps.all()
            if not step.counts_calendar_days
        )

    def stage_limits(self) -> dict[str, int]:
        """工作日时限，按环节：案件办理按此计算期限。"""
        limits: dict[str, int] = {}
        for step in self.steps.all():
            if step.stage:
                limits[step.stage] = limits.get(step.stage, 0) + step.time_limit_days
        return limits

    def flowchart_svg(self, *, font_family: str = "", compact: bool = False) -> str:
        from portal.flowchart import render_flowchart_svg

        name = self.assistance_type.name if self.assistance_type_id else self.title
        return render_flowchart_svg(
            self.ordered_steps(), title=name, font_family=font_family, compact=compact
        )

    @path("flowchart/")
    def flowchart(self, request):
        """流程图单独成页，便于打印和上墙。"""
        return self.render(
            request,
            template="portal/service_guide_flowchart.html",
        )

    @path("flowchart/svg/")
    def flowchart_image(self, request):
        return HttpResponse(self.flowchart_svg(), content_type="image/svg+xml")

    def print_sections(self) -> list[tuple[str, str]]:
        steps = "\n".join(
            f"{n}. {s.title}（{s.get_level_display()}，{s.limit_text(self)}）"
            f"{s.description}"
            for n, s in enumerate(self.steps.all(), start=1)
        )
        materials = "\n".join(
            f"{m.name}（{m.get_form_display()}，{m.copies}份"
            + ("" if m.required else str(_("，视情况提供")))
            + f"）{m.note}"
            for m in self.materials.all()
        )
        return [
            (_("标题"), self.title),
            (
                _("救助事项"),
                self.assistance_type.name if self.assistance_type_id else "",
            ),
            (_("摘要"), self.summary),
            (_("设定依据"), "\n".join(b.label() for b in self.legal_bases.all())),
            (_("申请条件"), strip_tags(self.eligibility)),
            (_("办理流程"), steps),
            (_("申请材料"), materials),
            (_("法定办结时限"), _("%(d)s个工作日") % {"d": self.total_time_limit_days}),
            (
                _("公示"),
                _("%(d)s个自然日") % {"d": self.public_notice_days}
                if self.public_notice_days
                else "",
            ),
            (_("收费标准"), self.fee),
            (_("咨询电话"), self.phone),
            (_("受理地点"), "、".join(p.name for p in self.service_points.all())),
            (_("补充说明"), "\n".join(self.stream_text(self.body))),
        ]

    def search_subject(self) -> str:
        return self.assistance_type.name if self.assistance_type_id else ""

    def extra_text_parts(self) -> list[str]:
        """申请条件, every step with its level and 时限, every material, the limits,
        fee, phone, legal bases and the notes: all a reader may search for, under
        the headings the page shows them with (a resident asks for 申请材料)."""
        parts: list[str] = []
        if self.eligibility:
            parts += [str(_("申请条件")), self.rich_text(self.eligibility)]
        parts.append(str(_("办理流程")))
        parts.extend(
            f"{s.title} {s.get_level_display()} {s.limit_text(self)} {s.description}"
            for s in self.steps.all()
        )
        materials = [
            f"{m.name} {m.get_form_display()} {m.note}" for m in self.materials.all()
        ]
        if materials:
            parts += [str(_("申请材料")), *materials]
        parts.append(
            str(_("法定办结时限%(d)s个工作日")) % {"d": self.total_time_limit_days}
        )
        if self.public_notice_days:
            parts.append(str(_("公示%(d)s个自然日")) % {"d": self.public_notice_days})
        parts.append(f"{_('收费标准')} {self.fee}")
        if self.phone:
            parts.append(f"{_('咨询电话')} {self.phone}")
        bases = [basis.label() for basis in self.legal_bases.all()]
        if bases:
            parts += [str(_("设定依据")), *bases]
        parts.extend(self.stream_text(self.body))
        return parts


class ServiceGuideLegalBasis(CheckedText, Orderable):
    """设定依据：指向本站的政策文件，或写明站外法规名称。"""

    page = ParentalKey(
        ServiceGuidePage, on_delete=models.CASCADE, related_name="legal_bases"
    )
    policy = models.ForeignKey(
        "portal.PolicyPage",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("本站政策文件"),
    )
    citation = models.CharField(
        _("法规名称"),
        max_length=200,
        blank=True,
        help_text=_("例如：《社会救助暂行办法》第十一条"),
    )

    panels = [FieldPanel("policy"), FieldPanel("citation")]

    class Meta(Orderable.Meta):
        verbose_name = _("设定依据")

    def clean(self):
        super().clean()
        if not self.policy_id and not self.citation:
            raise ValidationError(_("请选择政策文件或填写法规名称。"))

    def label(self) -> str:
        if self.policy_id:
            return self.citation or self.policy.title
        return self.citation


class ServiceGuideStep(CheckedText, Orderable):
    """办理流程中的一步：由哪一级办理、时限几个工作日。"""

    class Level(models.TextChoices):
        APPLICANT = "applicant", _("申请人")
        VILLAGE = "village", _("村（社区）")
        TOWNSHIP = "township", _("乡镇（街道）")
        COUNTY = "county", _("县级民政部门")

    page = ParentalKey(ServiceGuidePage, on_delete=models.CASCADE, related_name="steps")
    title = models.CharField(_("环节名称"), max_length=60)
    stage = models.CharField(
        _("对应办理环节"),
        max_length=20,
        choices=Stage.choices,
        blank=True,
        help_text=_("案件按此环节计算期限。"),
    )
    level = models.CharField(_("办理层级"), max_length=10, choices=Level.choices)
    time_limit_days = models.PositiveSmallIntegerField(
        _("时限（工作日）"),
        default=0,
        validators=[MaxValueValidator(365)],
        help_text=_(
            "0 表示即时办理或不设时限。公示环节按指南的“公示天数”（自然日）计算，"
            "此处不填。"
        ),
    )
    max_extension_days = models.PositiveSmallIntegerField(
        _("延期上限"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(365)],
        help_text=_(
            "本环节经批准累计最多可延长的天数（公示为自然日，其余为工作日）；"
            "不填则按救助事项的默认延期上限。"
        ),
    )
    description = models.TextField(_("说明"), blank=True, max_length=1000)

    panels = [
        FieldPanel("title"),
        FieldPanel("stage"),
        FieldPanel("level"),
        FieldPanel("time_limit_days"),
        FieldPanel("max_extension_days"),
        FieldPanel("description"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("办理环节")

    @property
    def counts_calendar_days(self) -> bool:
        """公示 runs for days fixed by the rules (自然日); every other stage is
        counted in working days (工作日), which is how its deadline is computed."""
        return self.stage == Stage.PUBLIC_NOTICE

    def limit_days(self, page: "ServiceGuidePage | None" = None) -> int:
        """The step's limit; 公示 takes the guide's 公示天数, its one source."""
        if self.counts_calendar_days:
            page = page or self.page
            return page.public_notice_days if page else 0
        return self.time_limit_days

    def limit_text(self, page: "ServiceGuidePage | None" = None) -> str:
        """时限 as the public reads it, saying which days count."""
        days = self.limit_days(page)
        if not days:
            return str(_("即时办理"))
        if self.counts_calendar_days:
            return str(_("%(d)s个自然日") % {"d": days})
        return str(_("%(d)s个工作日") % {"d": days})


class ServiceGuideMaterial(CheckedText, Orderable):
    """申请材料清单中的一项；受理时的收件清单由此生成。"""

    class Form(models.TextChoices):
        ORIGINAL = "original", _("原件")
        COPY = "copy", _("复印件")
        ORIGINAL_AND_COPY = "both", _("原件及复印件")

    page = ParentalKey(
        ServiceGuidePage, on_delete=models.CASCADE, related_name="materials"
    )
    name = models.CharField(_("材料名称"), max_length=120)
    form = models.CharField(
        _("材料形式"), max_length=10, choices=Form.choices, default=Form.ORIGINAL
    )
    copies = models.PositiveSmallIntegerField(
        _("份数"), default=1, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    required = models.BooleanField(_("必须提交"), default=True)
    note = models.CharField(_("备注"), max_length=300, blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("form"),
        FieldPanel("copies"),
        FieldPanel("required"),
        FieldPanel("note"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("申请材料")
