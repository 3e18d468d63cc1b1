"""A rebuild spread over worker processes writes exactly what one process writes.

``archive_index rebuild`` on PostgreSQL hands the plan's chunks to forked workers
(search.parallel), each with its own connection: on the database backend they
write the tokens into the rebuild's new table and hand the document rows back to
the rebuild's transaction; on Elasticsearch they bulk-send into the new index.
Workers read what is committed, so these tests commit (transaction=True).
"""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from elasticsearch import helpers

from cases.services import case_transition
from search import parallel, sources
from search.backends import get_search_backend
from search.backends.database import SearchBackend as DatabaseBackend
from search.backends.database import postgresql
from search.indexing import drain
from search.models import SearchDocument
from search.query import SearchQuery
from tests.factories import AssistanceTypeFactory, TownshipFactory
from tests.factories.cases import received_case
from tests.factories.staff import clerk

from .conftest import es_backend

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="workers read committed data through connections of their own",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Tab, line breaks and backslashes are what COPY's text format escapes.
AWKWARD = "独居老人\t申请\\临时救助\r\n脑梗住院\\N 'x' \"y\" ²①Ｑｈ１ 醫療"


def _county(cases: int = 6) -> None:
    town = TownshipFactory()
    user = clerk(town)
    kind = AssistanceTypeFactory()
    for n in range(cases):
        case = received_case(
            user, town, assistance_type=kind, description=f"{AWKWARD} 第{n}户"
        )
        if n % 2:
            case_transition(by=user, case=case, action="accept")


def _documents() -> dict[str, tuple]:
    """Every document row and its tokens as text, by key (not the ids)."""
    fields = [f.attname for f in SearchDocument._meta.concrete_fields]
    fields = [name for name in fields if name not in ("id", "as_of")]
    rows = {
        row["key"]: tuple(row[name] for name in fields)
        for row in SearchDocument.objects.values(*fields)
    }
    columns = ", ".join(f't."{name}"' for name in postgresql.COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT d.key, t.tokens::text, {columns} FROM {postgresql.TABLE} t "  # noqa: S608
            f"JOIN {postgresql.DOCUMENTS} d ON d.id = t.doc_id"
        )
        tokens = {key: rest for key, *rest in cursor.fetchall()}
    assert rows.keys() == tokens.keys()
    return {key: (rows[key], tuple(tokens[key])) for key in rows}


def test_plan_chunks_are_disjoint_and_cover_every_document():
    _county(5)
    plan = sources.all_docs(batch=16)  # two objects of a history model a chunk
    assert len(plan.chunks) > 5
    built = [doc.key for batch in plan for doc in batch]
    assert len(built) == len(set(built)) == sources.count()
    # The last range of each kind is open: records added since the plan are in.
    ranges = [chunk for chunk in plan.chunks if chunk[0] == "case"]
    assert ranges[-1][-1] is None and all(last for *_, last in ranges[:-1])
    _county(1)
    assert len([doc for batch in plan for doc in batch]) == sources.count()


def test_database_rebuild_in_workers_writes_what_one_process_writes():
    _county()
    backend = DatabaseBackend({})
    one = backend.rebuild(sources.all_docs(batch=16), lambda n: None)
    expected = _documents()
    assert one == len(expected) == sources.count()
    shown = []
    many = backend.rebuild(sources.all_docs(batch=16), shown.append, workers=2)
    assert many == one and sum(shown) == many
    assert _documents() == expected
    # The rows' text came through COPY's escapes as the documents have it.
    bodies = {doc.key: doc.body for batch in sources.all_docs() for doc in batch}
    assert dict(SearchDocument.objects.values_list("key", "body")) == bodies
    assert any("\\" in body for body in bodies.values())
    assert backend.search(SearchQuery(text="申请\\临时救助")).total
    # The workers' table was swapped in, not left behind.
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [postgresql.NEW])
        assert cursor.fetchone()[0] is None
        # Indexed while the workers filled it: nothing waits in the index's
        # pending list, and autovacuum, kept off meanwhile, is back.
        cursor.execute(
            "SELECT gin_clean_pending_list(%s::regclass)", [postgresql.INDEX]
        )
        assert cursor.fetchone()[0] == 0
        cursor.execute(
            "SELECT reloptions FROM pg_class WHERE oid = %s::regclass",
            [postgresql.TABLE],
        )
        options = cursor.fetchone()[0] or []
        assert not [o for o in options if o.startswith("autovacuum")]


def test_a_failing_worker_leaves_the_index_as_it_was(monkeypatch):
    _county(3)
    backend = DatabaseBackend({})
    backend.rebuild(sources.all_docs(batch=16), lambda n: None)
    before = _documents()

    def broken(chunk, directory):
        raise RuntimeError("档案读取失败")

    monkeypatch.setattr(sources.Plan, "build", staticmethod(broken))
    with pytest.raises(RuntimeError, match="档案读取失败"):
        backend.rebuild(sources.all_docs(batch=16), lambda n: None, workers=2)
    assert _documents() == before
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [postgresql.NEW])
        assert cursor.fetchone()[0] is None


def test_the_command_uses_workers_and_says_how_many():
    _county(3)
    out, err = StringIO(), StringIO()
    call_command("archive_index", "rebuild", "--workers", "2", stdout=out, stderr=err)
    assert "2 个进程" in err.getvalue()
    assert re.search(r"已重建 [\d,]+ 条", out.getvalue())
    assert get_search_backend().count() == sources.count()


def test_inside_a_transaction_the_rebuild_stays_in_one_process():
    assert parallel.usable(2)
    with transaction.atomic():
        assert not parallel.usable(2)
    assert not parallel.usable(1)


def test_elasticsearch_rebuild_in_workers_indexes_what_one_process_does():
    _county()
    engine = es_backend()
    try:
        engine.rebuild(sources.all_docs(batch=16), lambda n: None)
        query = SearchQuery(sort="oldest", page_size=200)
        one = engine.search(query)
        engine.rebuild(sources.all_docs(batch=16), lambda n: None, workers=2)
        many = engine.search(query)
        assert many.total == one.total == sources.count()
        assert [h.__dict__ for h in many.hits] == [h.__dict__ for h in one.hits]
        assert many.facets == one.facets
        assert len(engine._current()) == 1  # the old index deleted
        assert engine.search(SearchQuery(text="申请\\临时救助")).total
    finally:
        engine.drop()


def _stored(engine) -> dict[str, dict]:
    """Every document Elasticsearch holds, by id: its stored source."""
    engine.client.indices.refresh(index=engine.alias)
    found = helpers.scan(engine.client, index=engine.alias, query={})
    return {hit["_id"]: hit["_source"] for hit in found}


def test_elasticsearch_rebuild_stores_what_the_outbox_applier_stores():
    """A rebuild's bulk bodies, written by the workers or in one process, hold
    every document's source as index() (the applier, through helpers.bulk)
    writes it."""
    _county()
    engine = es_backend()
    try:
        docs = [doc for batch in sources.all_docs() for doc in batch]
        engine.index(docs)
        applied = _stored(engine)
        assert len(applied) == sources.count()
        engine.rebuild(sources.all_docs(batch=16), lambda n: None, workers=2)
        assert _stored(engine) == applied
        engine.rebuild(sources.all_docs(batch=16), lambda n: None)
        assert _stored(engine) == applied
    finally:
        engine.drop()


def test_records_saved_after_a_parallel_rebuild_are_indexed_as_usual():
    _county(2)
    backend = get_search_backend()  # the one saves are applied to
    backend.rebuild(sources.all_docs(batch=16), lambda n: None, workers=2)
    _county(1)
    drain()
    assert backend.count() == sources.count()
    assert backend.search(SearchQuery(text="第0户", kind="case")).total == 2
