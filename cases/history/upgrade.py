"""Sealing the chains written before keyed digests (migration 0006).

Every old row is checked against its unkeyed SHA-256 first: sealing a chain that
was already broken would hide the break, so the upgrade stops instead and says
where, unless the operator has looked and sets HISTORY_RESEAL_ACCEPT_BREAKS=1.
"""

import os
import sys

from .digest import GENESIS, current_key, legacy_digest, row_digest, seal

BATCH = 2000


def _history_models(registry):
    for model in registry.get_app_config("cases").get_models():
        names = {f.name for f in model._meta.fields}
        if {"prev_hash", "row_hash", "key_id", "history_id"} <= names:
            yield model


def reseal_chains(registry, using: str) -> dict[str, int]:
    """Re-seal every history table with the current key; the rows' content stays."""
    head_model = registry.get_model("cases", "HistoryChainHead")
    key_id, key = current_key()
    sealed, broken = {}, []
    for model in _history_models(registry):
        label = model._meta.label
        old_prev = new_prev = GENESIS
        batch, count = [], 0
        rows = model._default_manager.using(using).order_by("history_id")
        for row in rows.iterator(chunk_size=BATCH):
            if row.prev_hash != old_prev or legacy_digest(row, row.prev_hash) != (
                row.row_hash
            ):
                broken.append(f"{label} history_id={row.history_id}")
            old_prev = row.row_hash
            row.key_id = key_id
            row.prev_hash = new_prev
            row.row_hash = row_digest(row, new_prev, key)
            new_prev = row.row_hash
            batch.append(row)
            count += 1
            if len(batch) >= BATCH:
                model._default_manager.using(using).bulk_update(
                    batch, ["prev_hash", "row_hash", "key_id"]
                )
                batch = []
        if batch:
            model._default_manager.using(using).bulk_update(
                batch, ["prev_hash", "row_hash", "key_id"]
            )
        head_model._default_manager.using(using).update_or_create(
            table=label,
            defaults={
                "length": count,
                "last_digest": new_prev,
                "key_id": key_id,
                "seal": seal(key, label, count, new_prev),
            },
        )
        sealed[label] = count
    if broken and os.environ.get("HISTORY_RESEAL_ACCEPT_BREAKS") != "1":
        raise RuntimeError(
            "历史记录哈希链在升级前已有断点，未加密封存："
            + "；".join(broken[:20])
            + ("……" if len(broken) > 20 else "")
            + "。请先用旧版本运行 verify_history 查明原因；确认后设置 "
            "HISTORY_RESEAL_ACCEPT_BREAKS=1 重新迁移。"
        )
    if broken:
        sys.stderr.write(f"HISTORY_RESEAL_ACCEPT_BREAKS=1：{len(broken)} 处旧断点\n")
    return sealed
