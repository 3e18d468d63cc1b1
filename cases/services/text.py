"""Free text from staff and the public: cleaned (core/text.py), trimmed, bounded.

Markup is not removed: it is kept as typed and shown escaped everywhere (no
template marks it safe), so ``<script>`` in a complaint is only text.
"""

from django.db.models import Model
from django.utils.translation import gettext as _

from core import limits
from core.limits import too_long
from core.text import quiet_clean, refused_character

from .errors import CaseError


def clean_text(
    value: str | None,
    *,
    field: str,
    label: str,
    model: type[Model] | None = None,
    stored: str | None = None,
    max_length: int | None = None,
    required: bool = True,
) -> str:
    """``value`` cleaned and trimmed, or a CaseError naming ``field``.

    The limit is the ``max_length`` of the model field the text is stored in
    (``model``'s ``stored``, by default named as ``field``); ``max_length``
    only for text no model field holds.
    """
    if max_length is None:
        max_length = limits.max_length(model, stored or field)
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
        raise CaseError(f"{label}{too_long(max_length, len(text))}", field=field)
    return text


def clean_texts(
    data, model: type[Model], required: tuple = (), optional: tuple = ()
) -> dict[str, str]:
    """The named attributes of ``data`` through :func:`clean_text`, each named,
    labelled and bounded by the ``model`` field of the same name."""
    return {
        name: clean_text(
            getattr(data, name),
            field=name,
            label=str(model._meta.get_field(name).verbose_name),
            model=model,
            required=name in required,
        )
        for name in (*required, *optional)
    }
