"""Text typed into pages: no invisible control or text-direction characters.

A right-to-left override makes ``申请表\u202egpj.exe`` read as 申请表exe.jpg on
the site, on the print view and on every poster on a wall; other control
characters print as nothing or break the PDF. This is the one rule for typed
text: pages here, and the case module's services, forms and API (they import it):
C0 controls other than tab and line breaks, DEL, bidirectional overrides and
isolates, lone surrogates.
"""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

UNSAFE_CHARACTERS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
MESSAGE = _("含有不可见的控制字符或文字方向控制符，请删除后重新填写。")

# Django refuses NUL in every form field; its zh-hans catalogue words this as
# "empty strings are not allowed", which sends people looking for an empty box.
# Listed here so the project catalogue (which takes precedence) words it clearly.
gettext_noop("Null characters are not allowed.")


def has_unsafe_characters(value) -> bool:
    return isinstance(value, str) and bool(UNSAFE_CHARACTERS.search(value))


def text_fields(instance, *, skip_inherited_from=None):
    """The editable text fields of a model instance: (name, value) pairs.

    ``skip_inherited_from`` leaves out the fields of a base model (Wagtail's
    Page keeps tree paths and cached titles that no form shows).
    """
    for field in instance._meta.concrete_fields:
        if not field.editable or not isinstance(
            field, models.CharField | models.TextField
        ):
            continue
        if skip_inherited_from is not None and field.model is skip_inherited_from:
            continue
        yield field.name, getattr(instance, field.name)


def check_text(values) -> None:
    """Raise a ValidationError naming every (name, text) pair that has one."""
    problems = {name: MESSAGE for name, value in values if has_unsafe_characters(value)}
    if problems:
        raise ValidationError(problems)


class CheckedText:
    """Mixin for what the admin edits besides pages: the rows inside a page
    (steps, materials, phones …) and the directory (names, addresses)."""

    def clean(self):
        super().clean()
        check_text(text_fields(self))
