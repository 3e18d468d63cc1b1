"""Tamper evidence: keyed digests, chain heads, live records and daily anchors.

Each way of changing the record outside the application must be reported with
the table and the row; an untouched record must never raise an alarm.
"""

import hashlib
import json
import logging

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from cases.history import (
    chained_history_models,
    verify_all,
    verify_live,
    verify_model,
)
from cases.history.anchor import anchor_check, anchor_line, anchor_write
from cases.history.digest import NOT_HASHED, _canonical
from cases.models import Case, HistoryChainHead
from cases.services import case_transition
from tests.factories import TownshipFactory
from tests.factories.cases import received_case
from tests.factories.staff import clerk

pytestmark = pytest.mark.django_db

HistoricalCase = Case.history.model


@pytest.fixture
def town():
    return TownshipFactory()


@pytest.fixture
def cases(town):
    user = clerk(town)
    made = [received_case(user, town) for _ in range(3)]
    case_transition(by=user, case=made[0], action="accept")
    return made


def _problems(model=HistoricalCase) -> list[str]:
    return [b.describe() for b in verify_model(model)[1] + verify_live(model)]


def _sql(statement: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_untouched_history_verifies_clean(cases):
    total, breaks = verify_all()
    assert total > 0
    assert breaks == []
    call_command("verify_history")


def test_history_rows_are_sealed_with_a_key_id(cases):
    rows = list(HistoricalCase.objects.all())
    assert {r.key_id for r in rows} == {"test"}
    head = HistoryChainHead.objects.get(pk=HistoricalCase._meta.label)
    assert head.length == len(rows)
    assert head.last_digest == HistoricalCase.objects.latest("history_id").row_hash


def test_deleting_the_last_history_row_is_detected(cases):
    last = HistoricalCase.objects.latest("history_id")
    _sql("DELETE FROM cases_historicalcase WHERE history_id = %s", [last.history_id])
    problems = _problems()
    assert any("cases.HistoricalCase" in p and "末尾记录被删除" in p for p in problems)
    # The live case is now ahead of its newest remaining version as well.
    assert any(f"cases.Case id={last.id}" in p for p in problems)


def test_deleting_a_middle_history_row_is_detected(cases):
    rows = list(HistoricalCase.objects.order_by("history_id"))
    middle, after = rows[1], rows[2]
    _sql("DELETE FROM cases_historicalcase WHERE history_id = %s", [middle.history_id])
    problems = _problems()
    assert f"cases.HistoricalCase history_id={after.history_id}：前一记录" in "".join(
        problems
    )


def test_live_row_edited_with_sql_is_detected(cases):
    case = cases[1]
    _sql(
        "UPDATE cases_case SET description = %s WHERE id = %s", ["改过的事由", case.pk]
    )
    problems = _problems()
    assert problems == [
        f"cases.Case id={case.pk}：与最新历史记录不符（绕过应用改动）：description"
    ]


def test_row_rehashed_with_plain_sha256_is_detected(cases):
    """Someone who read the code edits a row and recomputes an unkeyed digest."""
    row = HistoricalCase.objects.order_by("history_id")[1]
    row.description = "篡改后的事由"
    payload = {
        f.attname: _canonical(getattr(row, f.attname))
        for f in row._meta.concrete_fields
        if f.attname not in NOT_HASHED and getattr(row, f.attname) is not None
    }
    text = json.dumps(
        {"prev": row.prev_hash, "row": payload},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    forged = hashlib.sha256(text.encode()).hexdigest()
    _sql(
        "UPDATE cases_historicalcase SET description = %s, row_hash = %s"
        " WHERE history_id = %s",
        [row.description, forged, row.history_id],
    )
    problems = _problems()
    assert f"cases.HistoricalCase history_id={row.history_id}：本记录内容" in "".join(
        problems
    )


def test_row_claiming_an_unknown_key_is_reported(cases):
    row = HistoricalCase.objects.earliest("history_id")
    _sql(
        "UPDATE cases_historicalcase SET key_id = 'forged' WHERE history_id = %s",
        [row.history_id],
    )
    assert any("密钥编号“forged”未配置" in p for p in _problems())


def test_edited_chain_head_is_detected(cases):
    HistoryChainHead.objects.filter(pk=HistoricalCase._meta.label).update(length=1)
    assert any("链头被改动" in p for p in _problems())


def test_record_deleted_with_sql_is_detected(cases):
    case = cases[2]
    _sql("DELETE FROM cases_notice WHERE case_id = %s", [case.pk])
    _sql("DELETE FROM cases_stagedeadline WHERE case_id = %s", [case.pk])
    _sql("DELETE FROM cases_receivedmaterial WHERE case_id = %s", [case.pk])
    _sql("DELETE FROM cases_case WHERE id = %s", [case.pk])
    assert f"cases.Case id={case.pk}：记录被删除而历史中没有删除" in _problems()


def test_verify_history_command_names_table_and_row(cases):
    case = cases[0]
    _sql("UPDATE cases_case SET description = %s WHERE id = %s", ["改", case.pk])
    with pytest.raises(CommandError, match="1 处异常"):
        call_command("verify_history")


def test_old_rows_verify_after_the_key_is_rotated(cases, settings, town):
    settings.HISTORY_KEYS = {"test": "test-only-history-key", "k2": "second-key"}
    settings.HISTORY_KEY_ID = "k2"
    received_case(clerk(town), town)
    assert {r.key_id for r in HistoricalCase.objects.all()} == {"test", "k2"}
    assert verify_all()[1] == []
    settings.HISTORY_KEYS = {"k2": "second-key"}  # the old key withdrawn
    assert any("未配置" in b.describe() for b in verify_all()[1])


def test_daily_anchor_goes_to_the_log_and_catches_a_rewritten_chain(cases, caplog):
    with caplog.at_level(logging.INFO, logger="cases.history.anchor"):
        anchor = anchor_write(__import__("datetime").date(2026, 12, 6))
    assert any("history-anchor" in r.getMessage() for r in caplog.records)
    record = json.loads(anchor_line(anchor))
    assert anchor_check(record) == []
    # Someone with the key rewrites the whole chain: the anchor still disagrees.
    last = HistoricalCase.objects.latest("history_id")
    _sql(
        "UPDATE cases_historicalcase SET row_hash = %s WHERE history_id = %s",
        ["f" * 64, last.history_id],
    )
    assert any("与 2026-12-06 的锚点不符" in b.describe() for b in anchor_check(record))
    record["heads"]["cases.HistoricalCase"][0] += 1
    assert "锚点本身的签名不符" in anchor_check(record)[0].describe()


def test_verify_history_reads_anchors_from_a_log_file(cases, tmp_path):
    import datetime

    anchor = anchor_write(datetime.date(2026, 12, 6))
    log = tmp_path / "portal.log"
    log.write_text(f"INFO 2026-12-06 history-anchor {anchor_line(anchor)}\n")
    call_command("verify_history", anchors=[str(log)])
    first = HistoricalCase.objects.earliest("history_id")
    _sql("DELETE FROM cases_historicalcase WHERE history_id = %s", [first.history_id])
    with pytest.raises(CommandError):
        call_command("verify_history", anchors=[str(log)])


def test_every_tracked_model_saves_together_with_its_history():
    from cases.history import TrackedModel

    models = [m.instance_type for m in chained_history_models()]
    assert models
    assert [m.__name__ for m in models if not issubclass(m, TrackedModel)] == []


def test_monthly_report_carries_the_days_anchors(cases):
    import datetime

    from cases.stats.periods import parse_period
    from cases.stats.report import build_report
    from cases.stats.scope import county_scope

    anchor = anchor_write(datetime.date(2026, 11, 3))
    report = build_report(county_scope(""), parse_period("2026-11"))
    tables = {t.key: t for t in report.tables()}
    assert tables["history_anchors"].rows[0][0] == "2026-11-03"
    assert tables["history_anchors"].rows[0][3] == anchor.seal
    heads = {row[0]: row[1:] for row in tables["history_heads"].rows}
    assert heads["cases.HistoricalCase"] == anchor.heads["cases.HistoricalCase"]
    other = build_report(county_scope(""), parse_period("2026-10"))
    assert "history_anchors" not in {t.key for t in other.tables()}
