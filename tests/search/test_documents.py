"""What the backend writes to Elasticsearch is what the mapping declares."""

from datetime import UTC, datetime

from search.backends.elasticsearch import source
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
