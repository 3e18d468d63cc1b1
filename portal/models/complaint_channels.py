"""监督投诉渠道：热线、来信、网上投诉与答复承诺。"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable

from core.text import CheckedText
from portal.blocks import BodyBlock

from .base import PortalPage
from .printable import PrintablePage


class ComplaintChannelPage(PrintablePage, PortalPage):
    """监督投诉：12349 民政服务热线、本地电话、来信地址、网上投诉。"""

    hotline = models.CharField(_("民政服务热线"), max_length=20, default="12349")
    letter_address = models.CharField(_("来信地址"), max_length=200, blank=True)
    letter_recipient = models.CharField(_("收信单位"), max_length=100, blank=True)
    postcode = models.CharField(_("邮政编码"), max_length=6, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    visit_address = models.CharField(_("来访地址"), max_length=200, blank=True)
    visit_hours = models.CharField(_("来访接待时间"), max_length=100, blank=True)
    response_days = models.PositiveSmallIntegerField(
        _("答复时限"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("署名投诉自收到次日起多少个工作日内反馈查办情况。"),
    )
    online_form_intro = models.TextField(_("网上投诉说明"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("正文"))

    content_panels = [
        *PortalPage.content_panels,
        FieldPanel("hotline"),
        InlinePanel("phones", label=_("本地投诉电话")),
        MultiFieldPanel(
            [
                FieldPanel("letter_recipient"),
                FieldPanel("letter_address"),
                FieldPanel("postcode"),
                FieldPanel("email"),
            ],
            heading=_("来信"),
        ),
        MultiFieldPanel(
            [FieldPanel("visit_address"), FieldPanel("visit_hours")],
            heading=_("来访"),
        ),
        FieldPanel("response_days"),
        FieldPanel("online_form_intro"),
        FieldPanel("body"),
    ]

    parent_page_types = ["portal.HomePage"]
    subpage_types: list[str] = []
    max_count = 1
    # The online form carries a CSRF token: a fragment cache keeps the rest.
    page_cache = False

    class Meta:
        verbose_name = _("监督投诉")
        verbose_name_plural = _("监督投诉")

    def print_sections(self) -> list[tuple[str, str]]:
        phones = "\n".join(
            " ".join(filter(None, (p.label, p.number, p.hours)))
            for p in self.phones.all()
        )
        letter = " ".join(
            filter(
                None,
                (self.letter_recipient, self.letter_address, self.postcode, self.email),
            )
        )
        visit = " ".join(filter(None, (self.visit_address, self.visit_hours)))
        return [
            (_("标题"), self.title),
            (_("民政服务热线"), self.hotline),
            (_("本地投诉电话"), phones),
            (_("来信"), letter),
            (_("来访"), visit),
            (_("答复时限"), _("%(n)s个工作日") % {"n": self.response_days}),
            (_("摘要"), self.summary),
            (_("网上投诉说明"), self.online_form_intro),
            (_("正文"), "\n".join(self.stream_text(self.body))),
        ]

    def extra_text_parts(self) -> list[str]:
        parts = [
            self.hotline,
            self.letter_recipient,
            self.letter_address,
            self.visit_address,
            self.visit_hours,
            self.online_form_intro,
        ]
        parts.extend(f"{p.label} {p.number} {p.hours}" for p in self.phones.all())
        parts.extend(self.stream_text(self.body))
        return parts


class ComplaintPhone(CheckedText, Orderable):
    page = ParentalKey(
        ComplaintChannelPage, on_delete=models.CASCADE, related_name="phones"
    )
    label = models.CharField(_("名称"), max_length=100)
    number = models.CharField(_("号码"), max_length=40)
    hours = models.CharField(_("接听时间"), max_length=100, blank=True)

    panels = [FieldPanel("label"), FieldPanel("number"), FieldPanel("hours")]

    class Meta(Orderable.Meta):
        verbose_name = _("投诉电话")
