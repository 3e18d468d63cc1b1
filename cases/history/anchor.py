"""每日锚点: the heads of every chain, copied out of the database once a day.

Someone who holds the database and the key could rewrite a whole chain; the
anchor lines in the log and on the monthly report are copies they cannot reach,
and ``verify_history --anchors`` checks the chains still pass through them.
"""

import json
import logging
from datetime import date

from django.apps import apps
from django.db import transaction

from .chain import chained_history_models
from .digest import current_key, key_for, seal
from .verify import ChainBreak

logger = logging.getLogger("cases.history.anchor")
PREFIX = "history-anchor "


def _heads() -> dict[str, list]:
    head_model = apps.get_model("cases", "HistoryChainHead")
    labels = [m._meta.label for m in chained_history_models()]
    found = {
        h.pk: [h.length, h.last_digest]
        for h in head_model.objects.filter(pk__in=labels)
    }
    return {label: found.get(label, [0, ""]) for label in sorted(labels)}


def anchor_seal(key: bytes, day: date, heads: dict) -> str:
    return seal(key, f"{day:%Y-%m-%d}", json.dumps(heads, sort_keys=True))


@transaction.atomic
def anchor_write(day: date):
    """Record today's heads (again, if run twice the same day) and log them."""
    anchor_model = apps.get_model("cases", "HistoryAnchor")
    heads = _heads()
    key_id, key = current_key()
    anchor, _ = anchor_model.objects.update_or_create(
        day=day,
        defaults={
            "heads": heads,
            "key_id": key_id,
            "seal": anchor_seal(key, day, heads),
        },
    )
    logger.info("%s%s", PREFIX, anchor_line(anchor))
    return anchor


def anchor_line(anchor) -> str:
    return json.dumps(
        {
            "day": f"{anchor.day:%Y-%m-%d}",
            "heads": anchor.heads,
            "key_id": anchor.key_id,
            "seal": anchor.seal,
        },
        sort_keys=True,
        ensure_ascii=False,
    )


def parse_anchor_lines(text: str) -> list[dict]:
    """Anchor records from log text (lines carrying the prefix) or JSON lines."""
    found = []
    for line in text.splitlines():
        start = line.find(PREFIX)
        body = line[start + len(PREFIX) :] if start >= 0 else line.strip()
        if not body.startswith("{"):
            continue
        try:
            record = json.loads(body)
        except ValueError:
            continue
        if isinstance(record, dict) and {"day", "heads", "seal"} <= record.keys():
            found.append(record)
    return found


def anchor_check(record: dict) -> list[ChainBreak]:
    """Does each chain still pass through the digest the anchor recorded?"""
    by_label = {m._meta.label: m for m in chained_history_models()}
    breaks = []
    day = record.get("day", "?")
    try:
        key = key_for(record.get("key_id", ""))
        valid = record["seal"] == anchor_seal(
            key, date.fromisoformat(day), record["heads"]
        )
    except (LookupError, ValueError, TypeError):
        valid = False
    if not valid:
        breaks.append(ChainBreak(f"锚点 {day}", None, "锚点本身的签名不符", ""))
        return breaks
    for label, (length, last) in record["heads"].items():
        model = by_label.get(label)
        if model is None or not length:
            continue
        rows = model._default_manager.order_by("history_id").values_list(
            "history_id", "row_hash"
        )[length - 1 : length]
        row = next(iter(rows), None)
        if row is None or row[1] != last:
            breaks.append(
                ChainBreak(
                    label,
                    row[0] if row else None,
                    f"与 {day} 的锚点不符：该日第 {length} 条记录已被改动或删除",
                    "history_id" if row else "",
                )
            )
    return breaks
