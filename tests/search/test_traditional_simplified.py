"""繁体 and 简体 are one text to every search: one tokenizer (core.cjk) for both."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone

from core.cjk import bigrams, fold, normalise, unigrams
from search.backends.database import DIALECTS
from search.backends.database import SearchBackend as DatabaseBackend
from search.backends.database.postgresql import vector
from search.query import SearchQuery, parse_query
from search.snippets import snippet
from tests.factories import AssistanceTypeFactory, TownshipFactory, make_policy
from tests.factories.cases import received_case
from tests.factories.staff import clerk

from .conftest import load


def test_normalising_folds_width_case_and_traditional_characters():
    assert normalise("醫療救助ＡＢ１") == "医疗救助ab1"
    assert bigrams(normalise("臨時救助")) == ["临时", "时救", "救助"]


def test_snippet_marks_the_traditional_text_a_simplified_query_matched():
    terms = SearchQuery(text="医疗救助").terms
    shown = snippet("", "因病申請醫療救助，住院費用較高。", terms)
    assert "<mark>醫療救助</mark>" in shown


@pytest.fixture
def records(db):
    township = TownshipFactory(name="东岭镇")
    relief = AssistanceTypeFactory(name="临时救助")
    staff = clerk(township)
    simplified = received_case(
        staff, township, assistance_type=relief, description="房屋倒塌后暂住亲戚家。"
    )
    traditional = received_case(
        staff,
        township,
        assistance_type=relief,
        description="因病申請醫療救助，住院費用較高。",
    )
    return {"simplified": simplified, "traditional": traditional}


def keys(backend, q):
    return {
        hit.key for hit in backend.search(parse_query({"q": q, "kind": "case"})).hits
    }


@pytest.mark.django_db
def test_archive_traditional_query_finds_simplified_record(backend, records):
    load(backend)
    expected = {f"case:{records['simplified'].pk}"}
    assert keys(backend, "暂住亲戚") == expected
    assert keys(backend, "暫住親戚") == {f"case:{records['simplified'].pk}"}


@pytest.mark.django_db
def test_archive_simplified_query_finds_traditional_record(backend, records):
    load(backend)
    assert keys(backend, "医疗救助") == {f"case:{records['traditional'].pk}"}
    assert keys(backend, "住院费用") == keys(backend, "住院費用")


@pytest.mark.django_db
def test_page_search_traditional_query_finds_simplified_page(client, site_tree):
    make_policy(
        site_tree, title="窗口服务通知", body_text="对困难家庭及时给予临时救助。"
    )
    content = client.get(reverse("portal:search"), {"q": "臨時救助"}).content.decode()
    assert "窗口服务通知" in content


@pytest.mark.django_db
def test_page_search_simplified_query_finds_traditional_page(client, site_tree):
    make_policy(
        site_tree, title="醫療救助辦法", body_text="因病致貧的家庭可申請醫療救助。"
    )
    response = client.get(reverse("portal:search"), {"q": "因病致贫"})
    assert response.context["search"].total == 1
    assert "<mark>因病致贫</mark>" in response.content.decode()


# --- migration 0003: tokens written by the earlier rule are written again ----

BEFORE = [("archive_search", "0002_searchdocument_as_of")]
AFTER = [("archive_search", "0003_retokenise_simplified")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.fixture
def old_index():
    """Two documents with tokens as the earlier rule cut them (no 繁→简)."""
    old = _migrate(BEFORE)
    document = old.get_model("archive_search", "SearchDocument")
    engine = DIALECTS.get(connection.vendor)
    rows = [
        document.objects.create(
            key=f"case:{900 + n}",
            kind="case",
            title=f"案件 {n}",
            body=body,
            at=timezone.now(),
        )
        for n, body in enumerate(["申請醫療救助，住院費用較高", "房屋倒塌后暂住亲戚家"])
    ]
    entries = [
        (
            row,
            " ".join(bigrams(fold(f"{row.title}\n{row.body}\n"))),
            " ".join(unigrams(fold(f"{row.title}\n{row.body}\n"))),
            "",
        )
        for row in rows
    ]
    if connection.vendor == "postgresql":
        # The table as it was at 0002: three vectors (search migration 0004).
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO archive_search_pgfts (doc_id, bi, uni, ident) "
                "VALUES (%s, %s::tsvector, %s::tsvector, %s::tsvector)",
                [(row.pk, vector(bi), vector(uni), "") for row, bi, uni, _ in entries],
            )
    else:
        # The FTS5 table as it was at 0002: three columns (search migration 0007).
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO archive_search_fts(rowid, bi, uni, ident) "
                "VALUES (%s, %s, %s, %s)",
                [(row.pk, bi, uni, ident) for row, bi, uni, ident in entries],
            )
    yield rows
    engine.reset()
    document.objects.all().delete()
    _migrate(_latest())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_migration_retokenises_stored_documents_as_simplified(old_index):
    backend = DatabaseBackend({})
    query = SearchQuery(text="医疗救助", page_size=10)
    # Before: the traditional record is out of reach of a simplified query.
    if connection.vendor == "postgresql":  # the table as it was (migration 0004)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM archive_search_pgfts "
                "WHERE bi @@ '医疗 <-> 疗救 <-> 救助'::tsquery"
            )
            assert cursor.fetchone()[0] == 0
    else:
        assert backend.search(query).total == 0
    _migrate(AFTER)
    found = backend.search(query)
    assert [hit.key for hit in found.hits] == [old_index[0].key]
    assert backend.search(SearchQuery(text="房屋倒塌", page_size=10)).total == 1
    assert backend.search(SearchQuery(text="住院費用", page_size=10)).total == 1
