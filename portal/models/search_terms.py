"""站内搜索同义词：群众口头的简称与文件里的全称是同一件事。

居民搜“低保”，文件写的是“最低生活保障”；搜“临救”，指南写的是“临时救助”。
每一行是一组说法，搜其中任何一个，就同时找其余的（portal.search.query）。
编辑在后台维护，改动即时生效，无需重建索引：扩展发生在查询时，不在索引里。
"""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from wagtail.admin.panels import FieldPanel

from core.cjk import normalise, query_terms
from core.text import CheckedText

MAX_TERMS = 10
MAX_TERM_LENGTH = 20
_SEPARATORS = re.compile(r"[/、,，;；|\s]+")


def split_terms(text: str) -> list[str]:
    """The group as typed, split on “/”, “、”, commas or spaces, each term in
    the form queries are compared in (normalised), repeats dropped."""
    terms = (normalise(part) for part in _SEPARATORS.split(text or ""))
    return list(dict.fromkeys(term for term in terms if term))


class SearchSynonym(CheckedText, models.Model):
    """一组同义词或简称（如：低保/最低生活保障）。"""

    terms = models.CharField(
        _("同义词"),
        max_length=200,
        help_text=_(
            "同一件事的几种说法，用“/”或“、”分隔，例如：低保/最低生活保障。"
            "搜索其中任何一个词，会同时查找其余的词。"
        ),
    )
    note = models.CharField(_("说明"), max_length=200, blank=True)

    history = HistoricalRecords()

    panels = [FieldPanel("terms"), FieldPanel("note")]

    class Meta:
        verbose_name = _("搜索同义词")
        verbose_name_plural = _("搜索同义词")
        ordering = ["pk"]

    def __str__(self) -> str:
        return " / ".join(self.term_list()) or self.terms

    def term_list(self) -> list[str]:
        return split_terms(self.terms)

    def clean(self):
        super().clean()
        terms = self.term_list()
        if len(terms) < 2:
            raise ValidationError(
                {"terms": _("请至少填写两个说法，用“/”分隔，例如：低保/最低生活保障。")}
            )
        if len(terms) > MAX_TERMS:
            raise ValidationError(
                {"terms": _("一组最多%(n)s个说法。") % {"n": MAX_TERMS}}
            )
        for term in terms:
            if len(term) > MAX_TERM_LENGTH or query_terms(term) != [term]:
                raise ValidationError(
                    {
                        "terms": _(
                            "“%(term)s”不能作为搜索词：每个说法只能由汉字，"
                            "或由字母和数字组成，且不超过%(n)s个字。"
                        )
                        % {"term": term, "n": MAX_TERM_LENGTH}
                    }
                )
        taken = {
            term: group
            for group in SearchSynonym.objects.exclude(pk=self.pk)
            for term in group.term_list()
        }
        clash = next((term for term in terms if term in taken), None)
        if clash is not None:
            raise ValidationError(
                {
                    "terms": _("“%(term)s”已在同义词组“%(group)s”中。")
                    % {"term": clash, "group": taken[clash]}
                }
            )
