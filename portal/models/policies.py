"""政策法规：policy documents with their 文号, issuer, dates and validity."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable
from wagtail.search import index

from core.text import CheckedText
from portal.blocks import BodyBlock
from portal.search_fields import CJKAutocompleteField

from .base import PortalPage
from .directory import AssistanceType
from .printable import PrintablePage

POLICIES_PER_PAGE = 20


class PolicyIndexPage(PortalPage):
    """政策法规栏目。"""

    parent_page_types = ["portal.HomePage"]
    subpage_types = ["portal.PolicyPage"]
    max_count = 1

    class Meta:
        verbose_name = _("政策法规栏目")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(filtered_policies(self, request))
        return context


class PolicyPage(PrintablePage, PortalPage):
    """一件政策文件。文号、发文机关、日期与效力状态是独立字段，不写在正文里。"""

    class Status(models.TextChoices):
        IN_FORCE = "in_force", _("现行有效")
        AMENDED = "amended", _("已修订")
        REPEALED = "repealed", _("已废止")

    document_number = models.CharField(
        _("文号"),
        max_length=60,
        blank=True,
        help_text=_("例如：某民函〔2019〕1号。无文号的文件留空。"),
    )
    issuing_body = models.CharField(_("发文机关"), max_length=200, blank=True)
    issue_date = models.DateField(_("成文日期"), null=True, blank=True)
    effective_date = models.DateField(_("施行日期"), null=True, blank=True)
    status = models.CharField(
        _("效力状态"),
        max_length=10,
        choices=Status.choices,
        default=Status.IN_FORCE,
    )
    superseded_by = models.ForeignKey(
        "portal.PolicyPage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supersedes",
        verbose_name=_("替代文件"),
        help_text=_("已修订或已废止时，指向现行的文件。"),
    )
    forwards = models.ForeignKey(
        "portal.PolicyPage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="forwarded_by",
        verbose_name=_("所转发的文件"),
        help_text=_("本文件是转发通知时，选择被转发的上级文件。"),
    )
    forwarded_document_number = models.CharField(
        _("被转发文件文号"),
        max_length=60,
        blank=True,
        help_text=_("被转发文件未在本站发布时，填写其文号。"),
    )
    forwarded_document_title = models.CharField(
        _("被转发文件标题"),
        max_length=255,
        blank=True,
        help_text=_("被转发文件未在本站发布时，填写其标题（许多上级文件没有文号）。"),
    )
    assistance_types = ParentalManyToManyField(
        "portal.AssistanceType",
        blank=True,
        related_name="policies",
        verbose_name=_("涉及救助事项"),
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("正文"))

    content_panels = [
        *PortalPage.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("document_number"),
                FieldPanel("issuing_body"),
                FieldPanel("issue_date"),
                FieldPanel("effective_date"),
            ],
            heading=_("文件信息"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("status"),
                FieldPanel("superseded_by"),
                FieldPanel("forwards"),
                FieldPanel("forwarded_document_number"),
                FieldPanel("forwarded_document_title"),
            ],
            heading=_("效力与转发"),
        ),
        FieldPanel("assistance_types", widget=forms.CheckboxSelectMultiple),
        FieldPanel("body"),
        InlinePanel("attachments", label=_("附件")),
    ]
    search_fields = [
        *PortalPage.search_fields,
        index.SearchField("document_number", boost=3),
        # 文号 typed in the page chooser: 45号 finds 青民发〔2026〕45号.
        CJKAutocompleteField("document_number"),
        index.SearchField("issuing_body"),
        index.FilterField("status"),
        index.FilterField("issue_date"),
    ]

    parent_page_types = ["portal.PolicyIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("政策文件")
        verbose_name_plural = _("政策文件")

    def clean(self):
        super().clean()
        if self.superseded_by_id and self.status == self.Status.IN_FORCE:
            raise ValidationError(
                {"status": _("已指定替代文件的政策不能标为现行有效。")}
            )
        if self.pk and self.superseded_by_id == self.pk:
            raise ValidationError({"superseded_by": _("文件不能替代自身。")})
        if self.pk and self.forwards_id == self.pk:
            raise ValidationError({"forwards": _("文件不能转发自身。")})
        if (
            self.issue_date
            and self.effective_date
            and self.effective_date < self.issue_date
        ):
            raise ValidationError({"effective_date": _("施行日期不能早于成文日期。")})

    def forwarding_chain(self) -> list["PolicyPage"]:
        """转发链：本文件转发的文件，及其再转发的文件，由近及远。"""
        chain: list[PolicyPage] = []
        seen = {self.pk}
        current = self.forwards
        while current is not None and current.pk not in seen:
            chain.append(current)
            seen.add(current.pk)
            current = current.forwards
        return chain

    def print_sections(self) -> list[tuple[str, str]]:
        return [
            (_("标题"), self.title),
            (_("文号"), self.document_number),
            (_("发文机关"), self.issuing_body),
            (_("成文日期"), self.issue_date.isoformat() if self.issue_date else ""),
            (
                _("施行日期"),
                self.effective_date.isoformat() if self.effective_date else "",
            ),
            (_("效力状态"), self.get_status_display()),
            (_("摘要"), self.summary),
            (_("正文"), "\n".join(self.stream_text(self.body))),
        ]

    def search_number(self) -> str:
        return self.document_number

    def search_status(self) -> str:
        return self.status

    def extra_text_parts(self) -> list[str]:
        return [
            self.issuing_body,
            self.forwarded_document_number,
            self.forwarded_document_title,
            *self.stream_text(self.body),
        ]


class PolicyAttachment(CheckedText, Orderable):
    page = ParentalKey(PolicyPage, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey(
        "wagtaildocs.Document",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("文件"),
    )
    title = models.CharField(_("显示名称"), max_length=200, blank=True)

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("附件")

    def display_title(self) -> str:
        return self.title or self.document.title


def filtered_policies(index_page, request) -> dict:
    """The policy list: filtered by status and assistance type, with paging."""
    policies = (
        PolicyPage.objects.child_of(index_page)
        .live()
        .public()
        .order_by("-issue_date", "-first_published_at")
    )
    status = request.GET.get("status", "")
    if status in PolicyPage.Status.values:
        policies = policies.filter(status=status)
    else:
        status = ""
    type_code = request.GET.get("type", "")
    types = list(AssistanceType.objects.all())
    if any(t.code == type_code for t in types):
        policies = policies.filter(assistance_types__code=type_code)
    else:
        type_code = ""
    paginator = Paginator(policies, POLICIES_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    return {
        "policies": page,
        "statuses": PolicyPage.Status.choices,
        "selected_status": status,
        "assistance_types": types,
        "selected_type": type_code,
    }
