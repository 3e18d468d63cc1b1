"""Free text from staff and the public: cleaned (core/text.py), trimmed, bounded.

Markup is not removed: it is kept as typed and shown escaped everywhere (no
template marks it safe), so ``<script>`` in a complaint is only text.
"""

from django.utils.translation import gettext as _

from core.text import quiet_clean, refused_character

from .errors import CaseError


def clean_text(
    value: str | None,
    *,
    field: str,
    label: str,
    max_length: int,
    required: bool = True,
) -> str:
    problem = refused_character(value)
    if problem is not None:
        raise CaseError(
            _("%(label)s含有不可见的控制字符（%(code)s），请删除后重试。")
            % {"label": label, "code": problem.code},
            field=field,
        )
    text = quiet_clean(value or "").replace("\r\n", "\n").strip()
    if required and not text:
        raise CaseError(_("请填写%(label)s。") % {"label": label}, field=field)
    if len(text) > max_length:
        raise CaseError(
            _("%(label)s不能超过%(n)s个字（现有%(len)s个字）。")
            % {"label": label, "n": max_length, "len": len(text)},
            field=field,
        )
    return text
