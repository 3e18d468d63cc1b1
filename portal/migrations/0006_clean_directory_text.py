"""输入文本规范化 for the directory as stored before the rule (core/text.py).

Township, village, department, assistance-type and service-point names and
addresses are printed on every case document and poster and matched by
searches: each is brought to NFC without invisible characters (zero-width
spaces and joiners, direction marks and overrides, isolates, the Arabic letter
mark, the byte-order mark, the soft hyphen, the word joiner). Nothing a reader
sees changes.

The directory keeps no history table; the change is logged in Wagtail's log
(``wagtail.edit`` on each changed entry, with the reason as its comment) so the
admin's history view of the entry shows who, when and why.

Pages are left alone: their text is fingerprinted by the editions of the posted
paper copies (portal/models/printable.py), and a silent change would announce a
new edition that nobody made. The next edit of a page cleans it.

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
DIRECTORY = ("Township", "Village", "Department", "AssistanceType", "ServicePoint")


def cleaned(value: str) -> str:
    if value.isascii():
        return value
    value = LINE_SEPARATORS.sub("\n", INVISIBLE.sub("", value))
    return unicodedata.normalize("NFC", value)


def clean_directory_text(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    LogEntry = apps.get_model("wagtailcore", "ModelLogEntry")
    now = timezone.now()
    for name in DIRECTORY:
        model = apps.get_model("portal", name)
        fields = [
            f
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField)
        ]
        content_type = None
        for obj in model._default_manager.order_by("pk").iterator(chunk_size=2000):
            changes = {}
            for field in fields:
                value = getattr(obj, field.attname)
                if not isinstance(value, str):
                    continue
                new = cleaned(value)
                if new != value and (
                    field.max_length is None or len(new) <= field.max_length
                ):
                    changes[field.attname] = new
            if not changes:
                continue
            model._default_manager.filter(pk=obj.pk).update(**changes)
            if content_type is None:
                content_type, _created = ContentType.objects.get_or_create(
                    app_label="portal", model=name.lower()
                )
            LogEntry.objects.create(
                content_type=content_type,
                label=str(changes.get("name") or getattr(obj, "name", obj.pk))[:255],
                action="wagtail.edit",
                timestamp=now,
                object_id=str(obj.pk),
                data={"comment": REASON, "fields": sorted(changes)},
                content_changed=True,
            )


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0005_shared_cache_table"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunPython(clean_directory_text, migrations.RunPython.noop),
    ]
