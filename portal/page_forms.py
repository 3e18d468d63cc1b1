"""The page editor's form: the address (slug) is filled in from the title.

Wagtail's editor fills the slug in the browser; with Unicode slugs off
(WAGTAIL_ALLOW_UNICODE_SLUGS) a Chinese title leaves it empty. Here an empty
slug, or one typed in Chinese, becomes the title's (or its own) pinyin, free
among the page's siblings (portal/slugs.py); a Latin slug typed by the editor is
kept as typed, within the length limit.
"""

from django import forms
from django.core.validators import validate_slug
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from .slugs import MAX_LENGTH, free_slug


class PortalPageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("slug")
        if field is not None:
            # Chinese or nothing is accepted here and made pinyin in clean_slug.
            self.fields["slug"] = forms.CharField(
                label=field.label,
                help_text=_(
                    "页面网址中的名称，只用小写字母、数字和连字符，不超过60个字符；"
                    "留空则按标题的拼音自动生成。"
                ),
                required=False,
                max_length=255,
                widget=field.widget,
            )

    def clean_slug(self) -> str:
        slug = (self.cleaned_data.get("slug") or "").strip()
        if slug and slug.isascii():
            try:
                validate_slug(slug)
            except forms.ValidationError:
                raise forms.ValidationError(
                    _("网址名称只能包含字母、数字、连字符和下划线。")
                ) from None
            if len(slug) > MAX_LENGTH:
                raise forms.ValidationError(
                    _("网址名称不能超过%(n)s个字符。") % {"n": MAX_LENGTH}
                )
            return slug
        title = self.cleaned_data.get("title") or self.data.get("title") or ""
        parent = self.parent_page
        page = self.instance if self.instance.pk else None
        return free_slug(parent, slug or title, page=page) if (slug or title) else ""
