"""What every public content page shares."""

from django.db import models
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from core.cjk import index_text
from core.text import check_text, clean_fields_quietly, text_fields
from portal.search_fields import CJKAutocompleteField


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

    def plain_text(self) -> str:
        """All readable text of the page, for snippets and the Chinese index."""
        parts = [self.title, self.summary, *self.extra_text_parts()]
        return "\n".join(strip_tags(str(p)) for p in parts if p)

    def extra_text_parts(self) -> list[str]:
        return []

    @staticmethod
    def stream_text(stream) -> list[str]:
        """The readable text of a StreamField, without block structure."""
        parts: list[str] = []
        for block in stream:
            parts.extend(
                str(text) for text in block.block.get_searchable_content(block.value)
            )
        return parts

    def cjk_search_text(self) -> str:
        return index_text(self.plain_text())
