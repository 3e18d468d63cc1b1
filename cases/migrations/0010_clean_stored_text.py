"""输入文本规范化 for what was stored before the rule (core/text.py) existed.

Every text field of every case record with a history (cases, applicants,
household members, notices, referrals, complaints, leads, the village book …)
is brought to NFC without invisible characters: zero-width spaces and joiners,
direction marks, embeddings, overrides and isolates, the Arabic letter mark,
the byte-order mark, the soft hyphen and the word joiner. Line and paragraph
separators become line breaks. Nothing a reader sees changes; what changes is
that a search for the name now finds it.

Each changed record gets a chained history row ('~', no user) with the reason
below, so the history says who (the migration), when and why. History rows
themselves are never rewritten: they keep what was stored at the time.

Control characters are left as they are (nothing can say what was meant);
``verify_history`` and the admin show them, and the next edit refuses them.
A value that NFC would make longer than its column is left unchanged.

The cleaning is written out here rather than imported, so that this migration
does the same thing whatever the rule becomes later.
"""

import re
import unicodedata

from django.db import migrations, models
from django.utils import timezone

REASON = "数据迁移：输入文本规范化（去除不可见字符，统一为NFC）"
INVISIBLE = re.compile(
    "[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)
LINE_SEPARATORS = re.compile("[\u2028\u2029]")
HISTORY_ONLY = {
    "history_id",
    "history_date",
    "history_change_reason",
    "history_type",
    "history_user_id",
    "prev_hash",
    "row_hash",
}


def cleaned(value: str) -> str:
    if value.isascii():
        return value
    value = LINE_SEPARATORS.sub("\n", INVISIBLE.sub("", value))
    return unicodedata.normalize("NFC", value)


def _text_fields(model):
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField)
    ]


def _tracked(model, history_model) -> list[str]:
    kept = {f.attname for f in history_model._meta.concrete_fields} - HISTORY_ONLY
    return [f.attname for f in model._meta.concrete_fields if f.attname in kept]


def _changes(obj, fields) -> dict:
    changes = {}
    for field in fields:
        value = getattr(obj, field.attname)
        if not isinstance(value, str):
            continue
        new = cleaned(value)
        if new != value and (field.max_length is None or len(new) <= field.max_length):
            changes[field.attname] = new
    return changes


def clean_stored_text(apps, schema_editor):
    from cases.history import insert_chained

    now = timezone.now()
    for model in apps.get_app_config("cases").get_models():
        if model.__name__.startswith("Historical"):
            continue
        try:
            history_model = apps.get_model("cases", f"Historical{model.__name__}")
        except LookupError:
            continue
        fields = _text_fields(model)
        if not fields:
            continue
        tracked = _tracked(model, history_model)
        rows = []
        for obj in model._default_manager.order_by("pk").iterator(chunk_size=2000):
            changes = _changes(obj, fields)
            if not changes:
                continue
            model._default_manager.filter(pk=obj.pk).update(**changes)
            for name, value in changes.items():
                setattr(obj, name, value)
            rows.append(
                history_model(
                    history_date=now,
                    history_type="~",
                    history_user=None,
                    history_change_reason=REASON,
                    **{name: getattr(obj, name) for name in tracked},
                )
            )
        insert_chained(history_model, rows)


class Migration(migrations.Migration):
    dependencies = [("cases", "0009_applicant_per_case")]

    operations = [
        migrations.RunPython(clean_stored_text, migrations.RunPython.noop),
    ]
