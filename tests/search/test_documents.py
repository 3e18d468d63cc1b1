"""What the backend writes to Elasticsearch is what the mapping declares."""

import json
from datetime import UTC, datetime

from elasticsearch import helpers

from search.backends.elasticsearch import SearchBackend, bulk_body, source
from search.documents import ArchiveDocument
from search.sources import IndexDoc


def test_bulk_source_has_exactly_the_mapped_fields():
    doc = IndexDoc(
        key="case:1",
        kind="case",
        at=datetime(2026, 10, 8, 1, 30, tzinfo=UTC),
        title="JZ2026000001 张秀英 临时救助",
        body="申请事由：房屋倒塌",
        case_number="JZ2026000001",
        number="JZ2026000001",
        township="dongling",
        names=["张秀英"],
        identifiers=["11010519491231002X"],
    )
    mapped = ArchiveDocument.from_doc(doc, "archive").to_dict()
    written = source(doc)
    properties = ArchiveDocument._doc_type.mapping.properties._params["properties"]
    assert set(written) == set(properties)
    assert written["at"] == mapped.pop("at").isoformat()
    for name, value in written.items():
        if name in mapped:
            assert value == mapped[name], name
        elif name != "at":
            assert value in ("", []), name  # elasticsearch-dsl leaves empty ones out


def test_a_rebuilds_bulk_body_is_what_helpers_bulk_sends():
    """bulk_body writes the request helpers.bulk makes of _actions: one action
    line and one source line per document, the same JSON (awkward text too)."""
    awkward = "独居老人\t申请\\临时救助\r\n\"引号\" 'x' ²①Ｑｈ１ 醫療\u2028\x00end"
    docs = [
        IndexDoc(
            key=f"history:cases.case:{n}",
            kind="history",
            at=datetime(2026, 1, n + 1, 16, 5, tzinfo=UTC),
            title=f"JZ202600000{n} 案件 修改",
            body=awkward * n,
            names=["张三", awkward][: n % 3],
            identifiers=["110101199003077777", "13800000000"][: n % 3],
        )
        for n in range(5)
    ]
    version = {"version": 1796666000000000, "version_type": "external_gte"}
    body = bulk_body(docs, "archive_v1", version)
    assert body.endswith(b"\n")
    lines = [json.loads(line) for line in body.decode().split("\n")[:-1]]
    expected = []
    for action in SearchBackend._actions(None, docs, "archive_v1", version):
        expected += helpers.expand_action(action)  # the action line, the source
    assert lines == expected
    assert bulk_body([], "archive_v1", version) == b""
