"""历史版本文档：案件模块每一条历史记录一条——谁、何时、为何、改了哪些字段。

Versions are read as plain rows, a whole object's history at a time, so each
version is compared with the one before it without a query per row. A version
belongs to a case (found through the record's case, notice, deadline or
applicant) and carries that case's current filter values, so township scoping and
filters treat a case and its history alike.
"""

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.apps import apps
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cases.history.words import words_for
from cases.identity import mask_id_number
from portal.models import Township, Village

from .base import CaseFacts, Directory, IndexDoc, id_ranges
from .cases import case_facts

KIND = "history"
HIDDEN = {"version", "row_hash", "prev_hash", "sort_order", "id"}
MASKED = {"id_number"}
CHANGE_KINDS = {"+": "新建", "~": "修改", "-": "删除"}
# Records whose case is found through a parent record rather than a case field.
PARENTS = {
    "onetimenoticeitem": ("notice_id", "cases.Notice"),
    "extension": ("deadline_id", "cases.StageDeadline"),
}
# Village coordinators may not read complaints (one may be about them): these
# documents carry no village, so a village's scope never reaches them.
VILLAGE_HIDDEN = {"complaint"}
APPLICANT_LINKED = {"applicant": "id", "householdmember": "applicant_id"}
FILED_AS = {"archiveentry"}


def tracked_models() -> list[type[models.Model]]:
    """Every model of the case module that keeps a history."""
    return [
        model
        for model in apps.get_app_config("cases").get_models()
        if hasattr(model._meta, "simple_history_manager_attribute")
    ]


def label(model) -> str:
    return model._meta.label_lower


def key(model, history_id) -> str:
    return f"{KIND}:{label(model)}:{history_id}"


def model_for(label_lower: str):
    app_label, model_name = label_lower.split(".", 1)
    return apps.get_model(app_label, model_name)


class _Links:
    """Which case each version belongs to, resolved in bulk for a batch."""

    def __init__(self, model, rows: list[dict]):
        name = model._meta.model_name
        self.case_by_row: dict[int, int | None] = {}
        if name == "case":
            self.case_by_row = {r["history_id"]: r["id"] for r in rows}
        elif name in APPLICANT_LINKED:
            # Each case has its own applicant (one per intake), so an applicant's
            # versions belong to exactly one case.
            field = APPLICANT_LINKED[name]
            case_of = dict(
                apps.get_model("cases", "Case")
                .objects.filter(applicant_id__in={r[field] for r in rows})
                .values_list("applicant_id", "pk")
            )
            self.case_by_row = {r["history_id"]: case_of.get(r[field]) for r in rows}
        elif name in PARENTS:
            field, parent = PARENTS[name]
            parent_case = dict(
                apps.get_model(parent)
                .objects.filter(pk__in={r[field] for r in rows})
                .values_list("pk", "case_id")
            )
            self.case_by_row = {
                r["history_id"]: parent_case.get(r[field]) for r in rows
            }
        elif rows and "case_id" in rows[0]:
            self.case_by_row = {r["history_id"]: r["case_id"] for r in rows}


@dataclass(frozen=True)
class _Field:
    """A tracked field with what its display needs, worked out once per model."""

    name: str
    attname: str
    label: str
    choices: dict | None
    related_model: type | None
    masked: bool
    words: Callable[[object], str] | None


@functools.cache
def _fields(model, language: str | None) -> tuple[_Field, ...]:
    return tuple(
        _Field(
            name=f.name,
            attname=f.attname,
            label=str(f.verbose_name),
            choices={k: str(v) for k, v in f.flatchoices} if f.choices else None,
            related_model=f.related_model if f.is_relation else None,
            masked=f.name in MASKED,
            words=words_for(model, f),
        )
        for f in model._meta.concrete_fields
        if f.name not in HIDDEN and not f.primary_key
    )


@functools.cache
def _record_name(model, language: str | None) -> str:
    return str(model._meta.verbose_name)


@functools.cache
def _words(language: str | None) -> dict[str, str]:
    """Fixed words of a history document, translated once, not once per version."""
    return {
        "yes": str(_("是")),
        "no": str(_("否")),
        "empty": str(_("（空）")),
        "system": str(_("系统")),
        "reason": str(_("原因")),
        **{change: str(_(label)) for change, label in CHANGE_KINDS.items()},
    }


def _display(value, spec: _Field, directory: Directory, words) -> str | None:
    if value is None or value == "":
        return ""
    if spec.masked:
        return mask_id_number(str(value))
    if spec.related_model is not None:
        return directory.display(spec.related_model, value)
    if spec.choices is not None:
        return spec.choices.get(value, str(value))
    if isinstance(value, bool):
        return words["yes"] if value else words["no"]
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return f"{value:%Y-%m-%d %H:%M}"
    if isinstance(value, date):
        return value.isoformat()
    if spec.words is not None:
        return directory.words(spec.words, value)
    return str(value)


def _change_lines(
    model, row, before, directory, words, language
) -> tuple[list[str], list[str]]:
    """Field-level changes as "label：old → new" lines, and identifiers seen."""
    lines, identifiers = [], []
    for spec in _fields(model, language):
        new = row.get(spec.attname)
        if spec.masked and new:
            identifiers.append(str(new))
        if before is None:
            shown = _display(new, spec, directory, words)
            if shown:
                lines.append(f"{spec.label}：{shown}")
            continue
        old = before.get(spec.attname)
        if old == new:
            continue
        old_shown = _display(old, spec, directory, words)
        new_shown = _display(new, spec, directory, words)
        if old_shown is None or new_shown is None:
            continue
        empty = words["empty"]
        lines.append(f"{spec.label}：{old_shown or empty} → {new_shown or empty}")
    return lines, identifiers


def _doc(model, row, before, facts: CaseFacts | None, directory, language) -> IndexDoc:
    words = _words(language)
    change = row["history_type"]
    reason = row["history_change_reason"] or ""
    who = directory.user_name(row["history_user_id"]) or words["system"]
    lines, identifiers = (
        _change_lines(
            model,
            row,
            before if change == "~" else None,
            directory,
            words,
            language,
        )
        if change != "-"
        else ([], [])
    )
    record = _record_name(model, language)
    number = facts.number if facts else ""
    change_label = words.get(change, change)
    body = [f"{words['reason']}：{reason}"] if reason else []
    township = (
        facts.township if facts else directory.code(Township, row.get("township_id"))
    )
    village = facts.village if facts else directory.code(Village, row.get("village_id"))
    if model._meta.model_name in VILLAGE_HIDDEN:
        village = ""
    # 档案目录: an entry's version is found by its archive number, whatever it
    # files (a lead or a registration entry has no document of its own).
    filed_as = row.get("number", "") if model._meta.model_name in FILED_AS else ""
    return IndexDoc(
        key=key(model, row["history_id"]),
        kind=KIND,
        at=row["history_date"],
        title=" ".join(filter(None, [number, record, change_label, "·", who])),
        body="\n".join(body + lines),
        case_number=number,
        number=filed_as,
        township=township,
        village=village,
        assistance_type=facts.assistance_type if facts else "",
        status=facts.status if facts else "",
        channel=facts.channel if facts else "",
        handler=facts.handler if facts else "",
        user=directory.username(row["history_user_id"]),
        record=record,
        identifiers=identifiers,
    )


def _rows(model, object_ids: Iterable) -> list[dict]:
    return list(
        model.history.model.objects.filter(id__in=set(object_ids))
        .order_by("id", "history_id")
        .values()
    )


def docs_for_objects(
    model, object_ids: Iterable, directory: Directory, only: set[int] | None = None
) -> list[IndexDoc]:
    """Documents for every version of these objects (or only the listed versions)."""
    return _docs_of_rows(model, _rows(model, object_ids), directory, only)


def _docs_of_rows(
    model, rows: list[dict], directory: Directory, only: set[int] | None = None
) -> list[IndexDoc]:
    links = _Links(model, rows)
    facts = case_facts(directory, {c for c in links.case_by_row.values() if c})
    language = get_language()  # looked up once, not three times a version
    docs, previous = [], {}
    for row in rows:
        before = previous.get(row["id"])
        previous[row["id"]] = row
        if only is not None and row["history_id"] not in only:
            continue
        case_id = links.case_by_row.get(row["history_id"])
        docs.append(_doc(model, row, before, facts.get(case_id), directory, language))
    return docs


def docs(
    refs: Iterable[str], directory: Directory
) -> tuple[dict[str, IndexDoc], list[str]]:
    """Documents for "label:history_id" references, and the keys that are gone."""
    wanted: dict[str, set[int]] = {}
    for ref in refs:
        model_label, _sep, history_id = ref.rpartition(":")
        wanted.setdefault(model_label, set()).add(int(history_id))
    found: dict[str, IndexDoc] = {}
    missing: list[str] = []
    for model_label, history_ids in wanted.items():
        model = model_for(model_label)
        object_ids = model.history.model.objects.filter(
            history_id__in=history_ids
        ).values_list("id", flat=True)
        for doc in docs_for_objects(model, object_ids, directory, only=history_ids):
            found[doc.key] = doc
        missing += [k for k in (key(model, h) for h in history_ids) if k not in found]
    return found, missing


def objects_of_case(case) -> dict[type, set]:
    """Every object whose history belongs to this case."""
    objects: dict[type, set] = {}
    for model in tracked_models():
        name = model._meta.model_name
        history = model.history.model.objects
        if name == "case":
            ids = {case.pk}
        elif name == "applicant":
            ids = {case.applicant_id}
        elif name == "householdmember":
            ids = set(
                history.filter(applicant_id=case.applicant_id).values_list(
                    "id", flat=True
                )
            )
        elif name in PARENTS:
            field, parent = PARENTS[name]
            parents = (
                apps.get_model(parent).objects.filter(case_id=case.pk).values("pk")
            )
            ids = set(
                history.filter(**{f"{field}__in": parents}).values_list("id", flat=True)
            )
        elif any(f.attname == "case_id" for f in model._meta.concrete_fields):
            ids = set(history.filter(case_id=case.pk).values_list("id", flat=True))
        else:
            continue
        if ids:
            objects[model] = ids
    return objects


def chunks(batch: int) -> list[tuple]:
    """Every version of every tracked model, a range of objects at a time."""
    found = []
    for model in tracked_models():
        ids = model.history.model.objects.order_by("id").values_list("id", flat=True)
        found += [
            (label(model), first, last)
            for first, last in id_ranges(list(ids.distinct()), max(1, batch // 8))
        ]
    return found


def chunk_docs(
    model_label: str, first, last, *, directory: Directory
) -> list[IndexDoc]:
    """Documents of every version of the objects with ids from first to last."""
    model = model_for(model_label)
    rows = list(
        model.history.model.objects.filter(id__gte=first)
        .filter(**({} if last is None else {"id__lte": last}))
        .order_by("id", "history_id")
        .values()
    )
    return _docs_of_rows(model, rows, directory)


def count() -> int:
    return sum(model.history.model.objects.count() for model in tracked_models())
