"""历史记录的值，写成人读的中文：环节时限、文书内容等结构化字段不以原始数据示人。

The case timeline (admin and API) and the archive index both show history; they
read field values from different places (a history record, a plain row) but
word structured values here, once, so neither shows a raw ``{'accept': 1}``.
"""

from collections.abc import Callable

from django.db.models import JSONField
from django.utils.translation import gettext as _

from core.stages import Stage


def _unit(stage: str) -> str:
    return _("自然日") if stage == Stage.PUBLIC_NOTICE else _("工作日")


def stage_limits_words(value) -> str:
    """{"accept": 1, "investigate": 5} → 受理1个工作日；调查核实5个工作日。"""
    if not isinstance(value, dict):
        return _plain(value)
    labels = dict(Stage.choices)
    order = {stage.value: i for i, stage in enumerate(Stage)}
    parts = []
    for stage, days in sorted(value.items(), key=lambda kv: order.get(kv[0], 99)):
        name = str(labels.get(stage, stage))
        if not days:
            parts.append(_("%(stage)s不设时限") % {"stage": name})
        else:
            parts.append(
                _("%(stage)s%(days)s个%(unit)s")
                % {"stage": name, "days": days, "unit": _unit(stage)}
            )
    return "；".join(parts)


def notice_content_words(value) -> str:
    """A notice's frozen text is the document itself: the timeline names it."""
    if not isinstance(value, dict) or not value:
        return ""
    return _("文书正文已存档（%(n)s项），见该文书的打印页") % {"n": len(value)}


def archive_category_words(value) -> str:
    """ "dibao/2026" (type code / year, as stored) → 最低生活保障 2026年。"""
    from portal.models import AssistanceType

    code, _sep, year = str(value or "").partition("/")
    name = (
        AssistanceType.objects.filter(code=code).values_list("name", flat=True).first()
    )
    if name is None:
        return str(value or "")
    return _("%(type)s %(year)s年") % {"type": name, "year": year} if year else name


def attachment_file_words(value) -> str:
    """The stored name is random and internal: the history says it was kept."""
    return _("已存入附件存储") if value else ""


def content_type_words(value) -> str:
    """application/pdf → PDF: the type as people name it."""
    names = {
        "application/pdf": "PDF",
        "image/jpeg": "JPEG",
        "image/png": "PNG",
        "application/ofd": "OFD",
    }
    return names.get(str(value or ""), str(value or ""))


def archive_contents_words(value) -> str:
    """卷内文件 as a list a person reads: 收件回执单 GZ2026000001（2026-12-07）；
    授权书：授权委托书.pdf，SHA-256 …（2026-12-07）."""
    if not isinstance(value, list):
        return _plain(value)
    lines = []
    for item in value:
        if not isinstance(item, dict):
            lines.append(_plain(item))
            continue
        title = str(item.get("title", ""))
        if item.get("number"):
            title = f"{title} {item['number']}"
        if item.get("sha256"):
            title = _("%(title)s，SHA-256 %(digest)s") % {
                "title": title,
                "digest": item["sha256"],
            }
        if item.get("date"):
            title = f"{title}（{item['date']}）"
        lines.append(title)
    return "；".join(lines)


# model label (app.model) and field name → how its stored value reads.
FIELD_WORDS: dict[tuple[str, str], Callable[[object], str]] = {
    ("cases.case", "stage_limits"): stage_limits_words,
    ("cases.case", "archive_category"): archive_category_words,
    ("cases.notice", "content"): notice_content_words,
    ("cases.caseattachment", "file"): attachment_file_words,
    ("cases.caseattachment", "content_type"): content_type_words,
    ("cases.archiveentry", "contents"): archive_contents_words,
}


def words_for(model, field) -> Callable[[object], str] | None:
    """How this field's values read, where a stored value is a code or a structure:
    its own wording, or (any other JSON field) a plain listing."""
    words = FIELD_WORDS.get((model._meta.label_lower, field.name))
    if words is None and isinstance(field, JSONField):
        return _plain
    return words


def _plain(value) -> str:
    if isinstance(value, dict):
        return "；".join(f"{k}：{_plain(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return "、".join(_plain(v) for v in value)
    if value is None:
        return ""
    return str(value)
