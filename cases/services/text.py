"""Free text from staff and the public: trimmed, bounded, free of control characters.

Markup is not removed: it is kept as typed and shown escaped everywhere (no
template marks it safe), so ``<script>`` in a complaint is only text.
"""

from django.utils.translation import gettext as _

from portal.text import UNSAFE_CHARACTERS as BAD_CHARS

from .errors import CaseError


def clean_text(
    value: str | None,
    *,
    field: str,
    label: str,
    max_length: int,
    required: bool = True,
) -> str:
    text = (value or "").replace("\r\n", "\n").strip()
    if required and not text:
        raise CaseError(_("请填写%(label)s。") % {"label": label}, field=field)
    if len(text) > max_length:
        raise CaseError(
            _("%(label)s不能超过%(n)s个字（现有%(len)s个字）。")
            % {"label": label, "n": max_length, "len": len(text)},
            field=field,
        )
    if BAD_CHARS.search(text):
        raise CaseError(
            _("%(label)s含有不可见的控制字符，请删除后重试。") % {"label": label},
            field=field,
        )
    return text
