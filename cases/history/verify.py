"""Checking the history: every row's digest, each chain against its head, and
each live record against its newest history row."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import groupby

from django.db import models

from .chain import _head_model, chained_history_models
from .digest import GENESIS, UnknownHistoryKey, canonical, key_for, row_digest, seal


@dataclass(frozen=True)
class ChainBreak:
    model: str
    history_id: int | None
    problem: str
    # "history_id" for a history row, "id" for a live record, "" for a whole table.
    row_kind: str = "history_id"

    def describe(self) -> str:
        where = f" {self.row_kind}={self.history_id}" if self.row_kind else ""
        return f"{self.model}{where}：{self.problem}"


Progress = Callable[[int], None] | None


def _check_head(model, count: int, last: str) -> list[ChainBreak]:
    label = model._meta.label
    head = _head_model(model)._default_manager.filter(pk=label).first()
    if head is None:
        if count:
            return [ChainBreak(label, None, "链头缺失（链头被删除）", "")]
        return []
    problems = []
    try:
        expected = seal(key_for(head.key_id), label, head.length, head.last_digest)
    except UnknownHistoryKey:
        expected = None
    if head.length and expected != head.seal:
        problems.append(ChainBreak(label, None, "链头被改动（签名不符）", ""))
    if count < head.length:
        problems.append(
            ChainBreak(
                label,
                None,
                f"记录数 {count} 少于链头记载的 {head.length}：末尾记录被删除",
                "",
            )
        )
    elif count > head.length:
        problems.append(
            ChainBreak(
                label,
                None,
                f"记录数 {count} 多于链头记载的 {head.length}：有记录绕过应用写入",
                "",
            )
        )
    elif last != head.last_digest:
        problems.append(
            ChainBreak(label, None, "最后一条记录与链头不符：末尾记录被替换", "")
        )
    return problems


def verify_model(model, *, progress: Progress = None) -> tuple[int, list[ChainBreak]]:
    """Walk one history table in order; report every row whose digests do not fit."""
    breaks: list[ChainBreak] = []
    expected_prev = GENESIS
    count = 0
    label = model._meta.label
    for row in model._default_manager.order_by("history_id").iterator(chunk_size=2000):
        count += 1
        if row.prev_hash != expected_prev:
            breaks.append(
                ChainBreak(label, row.history_id, "前一记录被删除或改动（链断开）")
            )
        try:
            key = key_for(row.key_id)
        except UnknownHistoryKey:
            breaks.append(
                ChainBreak(
                    label, row.history_id, f"密钥编号“{row.key_id}”未配置，无法校验"
                )
            )
        else:
            if row_digest(row, row.prev_hash, key) != row.row_hash:
                breaks.append(
                    ChainBreak(label, row.history_id, "本记录内容被改动或摘要被重算")
                )
        expected_prev = row.row_hash
        if progress is not None:
            progress(count)
    breaks.extend(_check_head(model, count, expected_prev if count else GENESIS))
    return count, breaks


def _newest_versions(history_model) -> Iterator[tuple[int, object]]:
    rows = history_model._default_manager.order_by("id", "history_id").iterator(
        chunk_size=2000
    )
    for pk, versions in groupby(rows, key=lambda r: r.id):
        *_, newest = versions
        yield pk, newest


def verify_live(history_model, *, progress: Progress = None) -> list[ChainBreak]:
    """Compare each live record with its newest history row, field by field.

    A record changed with SQL (or a queryset update) behind the application's
    back has no history row saying so; this is where it shows.
    """
    live_model: type[models.Model] = history_model.instance_type
    label = live_model._meta.label
    fields = [f.attname for f in history_model.tracked_fields]
    breaks: list[ChainBreak] = []
    live = live_model._base_manager.order_by("pk").iterator(chunk_size=2000)
    versions = _newest_versions(history_model)
    record = next(live, None)
    version = next(versions, None)
    done = 0
    while record is not None or version is not None:
        if version is None or (record is not None and record.pk < version[0]):
            breaks.append(ChainBreak(label, record.pk, "没有任何历史记录", "id"))
            record = next(live, None)
        elif record is None or version[0] < record.pk:
            if version[1].history_type != "-":
                breaks.append(
                    ChainBreak(label, version[0], "记录被删除而历史中没有删除", "id")
                )
            version = next(versions, None)
        else:
            newest = version[1]
            if newest.history_type == "-":
                breaks.append(
                    ChainBreak(label, record.pk, "历史记为已删除，记录却仍在", "id")
                )
            else:
                changed = [
                    name
                    for name in fields
                    if canonical(getattr(record, name))
                    != canonical(getattr(newest, name))
                ]
                if changed:
                    breaks.append(
                        ChainBreak(
                            label,
                            record.pk,
                            "与最新历史记录不符（绕过应用改动）：" + "、".join(changed),
                            "id",
                        )
                    )
            record, version = next(live, None), next(versions, None)
        done += 1
        if progress is not None:
            progress(done)
    return breaks


def verify_all(*, progress_for=None) -> tuple[int, list[ChainBreak]]:
    """Every chain, every head, every live record; the number of rows read."""
    total, breaks = 0, []
    for model in chained_history_models():
        progress = progress_for(model) if progress_for else None
        checked, found = verify_model(model, progress=progress)
        total += checked
        breaks.extend(found)
        breaks.extend(verify_live(model))
    return total, breaks
