"""What every public content page shares."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.rich_text import RichText, get_text_for_indexing
from wagtail.search import index

from core.cjk import index_text
from core.text import check_text, clean_fields_quietly, text_fields
from portal.page_forms import PortalPageForm
from portal.search_fields import CJKAutocompleteField
from portal.slugs import free_slug


class PortalPage(Page):
    """Abstract base: a summary shown in lists and search, and Chinese-aware search."""

    summary = models.TextField(
        _("摘要"),
        blank=True,
        max_length=500,
        help_text=_("列表和搜索结果中显示的简短说明。"),
    )

    # Wagtail's own fields that the page editor shows (the others are derived).
    PAGE_TEXT_FIELDS = ("title", "seo_title", "search_description")

    # 页面缓存 (portal/page_cache.py): the same for every anonymous reader.
    page_cache = True

    # 拼音网址: an empty or Chinese slug becomes the title's pinyin.
    base_form_class = PortalPageForm

    content_panels = [*Page.content_panels, FieldPanel("summary")]
    search_fields = [
        *Page.search_fields,
        # The page chooser and the pages listing find a title mid-word.
        CJKAutocompleteField("title"),
        index.SearchField("summary"),
        index.SearchField("cjk_search_text"),
    ]

    class Meta:
        abstract = True

    def _set_core_field_defaults(self):
        """拼音网址 whatever made the page (the editor, seed_demo, a command, an
        old revision published): an empty or non-ASCII slug becomes pinyin, free
        among the siblings, once the parent is known (Wagtail's own step would
        make it from the title in Chinese)."""
        parent_is_known = bool(self.path or getattr(self, "_cached_parent_obj", None))
        if parent_is_known and (not self.slug or not self.slug.isascii()):
            text = self.slug or self.title or ""
            if text:
                self.slug = free_slug(self.get_parent(), text, page=self)
        super()._set_core_field_defaults()

    def clean(self):
        super().clean()
        clean_fields_quietly(
            self,
            [
                *self.PAGE_TEXT_FIELDS,
                *(name for name, _v in text_fields(self, skip_inherited_from=Page)),
            ],
        )
        check_text(
            [
                *((name, getattr(self, name)) for name in self.PAGE_TEXT_FIELDS),
                *text_fields(self, skip_inherited_from=Page),
                *(
                    (field.name, text)
                    for field in self._meta.concrete_fields
                    if isinstance(field, StreamField)
                    for text in self.stream_text(getattr(self, field.name))
                ),
            ]
        )

    # 效力状态 of what a page says: pages other than policies are always current.
    IN_FORCE = "in_force"

    def plain_text(self) -> str:
        """All readable text of the page, for the Chinese index."""
        parts = [
            self.title,
            self.search_number(),
            self.search_subject(),
            self.summary,
            *self.extra_text_parts(),
        ]
        return "\n".join(part for part in parts if part)

    def search_number(self) -> str:
        """文号: weighed like the title by the public search."""
        return ""

    def search_subject(self) -> str:
        """The one item the page is about (a guide's 救助事项)."""
        return ""

    def search_status(self) -> str:
        """效力状态 as PolicyPage.Status values."""
        return self.IN_FORCE

    def extra_text_parts(self) -> list[str]:
        """The body text: what a reader sees besides title and summary, as plain
        text (rich text without tags, no block structure)."""
        return []

    @staticmethod
    def rich_text(html) -> str:
        """Plain text of rich text (a RichTextField's HTML or a RichText value)."""
        if isinstance(html, RichText):
            html = html.source
        return get_text_for_indexing(str(html or ""))

    @classmethod
    def stream_text(cls, stream) -> list[str]:
        """The readable text of a StreamField: the words a reader sees, never a
        block's settings (a heading's 二级标题, a choice's label) or its type."""
        parts: list[str] = []
        for child in stream:
            parts.extend(cls._block_text(child.block, child.value))
        return [part for part in parts if part]

    @classmethod
    def _block_text(cls, block, value) -> list[str]:
        if value is None:
            return []
        if isinstance(block, blocks.RichTextBlock):
            return [cls.rich_text(value)]
        if isinstance(block, (blocks.CharBlock, blocks.TextBlock)):
            return [str(value)]
        if isinstance(block, blocks.StructBlock):
            return [
                text
                for name, child in block.child_blocks.items()
                for text in cls._block_text(child, value.get(name))
            ]
        if isinstance(block, blocks.ListBlock):
            return [
                text
                for item in value
                for text in cls._block_text(block.child_block, item)
            ]
        if isinstance(block, blocks.StreamBlock):
            return cls.stream_text(value)
        # Choices, choosers, dates, booleans: settings, not text.
        return []

    def cjk_search_text(self) -> str:
        return index_text(self.plain_text())
