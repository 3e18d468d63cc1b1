"""The embedded backend: documents in a table, tokens in the database's own engine.

SQLite uses FTS5 and PostgreSQL tsvector with GIN; both index the bigrams of
core.cjk, so a phrase from the middle of a Chinese sentence is found, and both
give the same hits as the Elasticsearch backend.
"""

from collections.abc import Iterable
from datetime import datetime, time, timedelta
from functools import partial

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connection, transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from core.cjk import bigrams, normalise, unigrams

from ... import parallel
from ...models import SearchDocument
from ...query import FACETS, NOT_BY_CASE_NUMBER, Hit, SearchQuery, SearchResults, tally
from ...snippets import snippet
from ...sources import IndexDoc, Plan
from ...sources.base import Directory
from ..base import BaseSearchBackend, Progress, database_now
from . import postgresql, sqlite
from .upsert import upsert

DIALECTS = {"sqlite": sqlite, "postgresql": postgresql}
FIELDS = (
    "kind", "case_number", "number", "title", "body", "township", "village",
    "assistance_type", "status", "channel", "handler", "user", "record", "at",
)  # fmt: skip


def dialect():
    try:
        return DIALECTS[connection.vendor]
    except KeyError:
        raise NotImplementedError(
            "The database search backend supports SQLite and PostgreSQL, "
            f"not {connection.vendor}."
        ) from None


def create_tables(schema_editor) -> None:
    module = DIALECTS.get(schema_editor.connection.vendor)
    for statement in module.CREATE if module else []:
        schema_editor.execute(statement)


def drop_tables(schema_editor) -> None:
    module = DIALECTS.get(schema_editor.connection.vendor)
    for statement in module.DROP if module else []:
        schema_editor.execute(statement)


def _tokens(row: SearchDocument) -> tuple[SearchDocument, str, str, str]:
    """A row with its bigram, unigram and identifier tokens (what engines store)."""
    text = normalise("\n".join([row.title, row.body, row.names]))
    return row, " ".join(bigrams(text)), " ".join(unigrams(text)), row.idents


def retokenise(
    documents: QuerySet, *, batch_size: int = 2000, progress: Progress | None = None
) -> int:
    """Write every document's tokens again from its stored text, by today's rule.

    For a change of the tokenizer (core.cjk): the rows keep their text, only the
    engine's table is rebuilt, one batch of rows in memory at a time.
    ``documents`` may be a migration's historical model's queryset.
    """
    engine = dialect()
    engine.reset()
    bulk = hasattr(engine, "begin_bulk")
    if bulk:
        engine.begin_bulk()
    done, last = 0, 0
    while rows := list(documents.filter(pk__gt=last).order_by("pk")[:batch_size]):
        if bulk:
            engine.add_bulk(rows)
        else:
            engine.add([_tokens(row) for row in rows])
        last = rows[-1].pk
        done += len(rows)
        if progress is not None:
            progress(len(rows))
    if bulk:
        engine.end_bulk()
    if hasattr(engine, "optimize"):
        engine.optimize()
    return done


def _row(doc: IndexDoc, *, as_of: datetime | None = None) -> SearchDocument:
    row = SearchDocument(key=doc.key, as_of=as_of)
    for name in FIELDS:
        setattr(row, name, getattr(doc, name))
    row.names = " ".join(doc.names)
    row.idents = " ".join(doc.idents)
    return row


def _bulk_worker(as_of: datetime):
    """A worker's part of a shared rebuild (search.parallel): build a chunk,
    draw its rows' ids, write their tokens through the worker's connection and
    hand the document rows back (COPY text)."""
    engine = dialect()
    directory = Directory()

    def work(chunk) -> tuple[int, bytes]:
        docs = Plan.build(chunk, directory)
        if not docs:
            return 0, b""
        documents, tokens = engine.bulk_lines(docs, engine.draw_ids(len(docs)), as_of)
        engine.copy_tokens(tokens)
        return len(docs), documents

    return work


def _scope(documents: QuerySet, query: SearchQuery) -> QuerySet:
    if query.townships is None and query.villages is None:
        return documents
    allowed = Q(pk__in=[])
    if query.townships:
        allowed |= Q(township__in=query.townships)
    if query.villages:
        allowed |= Q(village__in=query.villages)
    if query.cases:
        by_case = Q(case_number__in=query.cases)
        for prefix in NOT_BY_CASE_NUMBER:
            by_case &= ~Q(key__startswith=prefix)
        allowed |= by_case
    return documents.filter(allowed)


def filters_where(documents: QuerySet) -> tuple[str, list] | None:
    """The WHERE clause of a queryset of documents (its scope, filters and date
    bounds), "" for none, None when nothing can match."""
    query = documents.query
    try:
        sql, params = query.get_compiler(connection=connection).compile(query.where)
    except FullResultSet:
        return "", []
    except EmptyResultSet:
        return None
    return sql, list(params)


def _local_midnight(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _date_bounds(query: SearchQuery) -> tuple[datetime | None, datetime | None]:
    """The instants a query's local days run from and up to (excluded)."""
    start = end = None
    if query.date_from:
        start = _local_midnight(query.date_from)
    if query.date_to:
        end = _local_midnight(query.date_to + timedelta(days=1))
    return start, end


def _without_text(query: SearchQuery) -> QuerySet:
    """Scope, filters and dates: the part of a query the ``at`` indexes serve."""
    documents = _scope(SearchDocument.objects.all(), query).filter(**query.filters())
    # Bounds on the stored instant, not a date cast, so the index on ``at`` is used.
    start, end = _date_bounds(query)
    if start:
        documents = documents.filter(at__gte=start)
    if end:
        documents = documents.filter(at__lt=end)
    return documents


def _total_and_facets(documents: QuerySet) -> tuple[int, dict[str, dict[str, int]]]:
    """One grouped query for the total and every facet, instead of one per facet."""
    total = 0
    facets: dict[str, dict[str, int]] = {name: {} for name in FACETS}
    for row in documents.order_by().values(*FACETS).annotate(n=Count("pk")):
        total += row["n"]
        tally(facets, [row[name] for name in FACETS], row["n"])
    return total, facets


def _page_ids(documents: QuerySet, query: SearchQuery) -> list[int]:
    window = slice(query.offset, query.offset + query.page_size)
    order = ("at", "key") if query.sort == "oldest" else ("-at", "-key")
    return list(documents.order_by(*order).values_list("pk", flat=True)[window])


class SearchBackend(BaseSearchBackend):
    name = "database"

    def index(self, docs: list[IndexDoc], *, as_of: datetime | None = None) -> None:
        if not docs:
            return
        # One row per key: a key given twice would be written once, by one object.
        rows = list({doc.key: _row(doc, as_of=as_of) for doc in docs}.values())
        with transaction.atomic():
            engine = dialect()
            old = {}
            if not engine.ADD_REPLACES:
                old = SearchDocument.objects.in_bulk(
                    [row.key for row in rows], field_name="key"
                )
            written = upsert(rows)
            engine.remove([_tokens(old[key]) for key in written if key in old])
            engine.add([_tokens(row) for row in rows if row.key in written])

    def delete(self, keys: list[str], *, as_of: datetime | None = None) -> None:
        if not keys:
            return
        with transaction.atomic():
            # Locked in key order, as upsert writes, so appliers cannot deadlock.
            rows = SearchDocument.objects.filter(key__in=keys).order_by("key")
            rows = [
                row
                for row in rows.select_for_update()
                if as_of is None or row.as_of is None or row.as_of <= as_of
            ]
            dialect().remove([_tokens(row) for row in rows])
            SearchDocument.objects.filter(pk__in=[row.pk for row in rows]).delete()

    def search(self, query: SearchQuery) -> SearchResults:
        documents = _without_text(query)
        terms = query.terms
        engine = dialect()
        if terms:
            # One statement: the words' matches found once, counted and paged.
            where = filters_where(documents)
            if where is None:
                total, facets, ids = 0, {name: {} for name in FACETS}, []
            elif engine is sqlite:
                # One statement is consistent by itself; a transaction would
                # take SQLite's write lock (they begin IMMEDIATE).
                total, facets, ids = engine.search(query, where, *_date_bounds(query))
            else:
                with transaction.atomic():
                    total, facets, ids = engine.search(query, where)
        else:
            total, facets = _total_and_facets(documents)
            ids = [] if query.offset >= total else _page_ids(documents, query)
        rows = SearchDocument.objects.in_bulk(ids)
        terms = query.terms
        hits = []
        for pk in ids:
            row = rows.get(pk)
            if row is None:  # deleted (or rebuilt) since the match: gone
                continue
            hit = Hit(
                key=row.key,
                **{name: getattr(row, name) for name in FIELDS if name != "village"},
            )
            hit.snippet = snippet(row.title, row.body, terms)
            hits.append(hit)
        return SearchResults(total=total, hits=hits, facets=facets)

    def rebuild(
        self,
        batches: Iterable[list[IndexDoc]],
        progress: Progress,
        *,
        workers: int = 1,
    ) -> int:
        engine = dialect()
        bulk = hasattr(engine, "begin_bulk")  # PostgreSQL: COPY, tokens swapped in
        shared = bulk and isinstance(batches, Plan) and parallel.usable(workers)
        try:
            with transaction.atomic():
                # Appliers wait until the new rows are in, instead of racing them.
                engine.lock_documents()
                as_of = database_now()
                if bulk:
                    engine.begin_bulk(documents=True, shared=shared)
                else:
                    engine.clear()
                    SearchDocument.objects.all().delete()
                if shared:
                    done = self._rebuild_shared(batches, progress, as_of, workers)
                else:
                    done = self._rebuild_here(batches, progress, as_of, bulk)
                if bulk:
                    engine.end_bulk()
                if hasattr(engine, "optimize"):  # SQLite: the segments merged
                    engine.optimize()
        except BaseException:
            if shared:  # the workers' table was committed: not rolled back
                engine.drop_shared_bulk_table()
            raise
        return done

    def _rebuild_here(self, batches, progress, as_of, bulk: bool) -> int:
        engine = dialect()
        done = 0
        for docs in batches:
            if bulk:
                engine.write_bulk(docs, as_of)
                rows = docs
            else:
                rows = SearchDocument.objects.bulk_create(
                    [_row(doc, as_of=as_of) for doc in docs]
                )
                if rows and rows[0].pk is None:
                    rows = list(
                        SearchDocument.objects.filter(key__in=[d.key for d in docs])
                    )
                engine.add([_tokens(row) for row in rows])
            done += len(rows)
            progress(len(rows))
        return done

    def _rebuild_shared(self, plan, progress, as_of, workers: int) -> int:
        """Workers build the chunks, draw the rows' ids and write their tokens
        into the shared table; their document rows come back here, to be
        written in this transaction."""
        engine = dialect()
        done = 0
        setup = partial(_bulk_worker, as_of)
        for count, lines in parallel.imap(plan.chunks, setup, workers):
            engine.copy_documents(lines)
            done += count
            progress(count)
        return done

    def count(self) -> int:
        return SearchDocument.objects.count()

    def keys(self) -> set[str]:
        return set(SearchDocument.objects.values_list("key", flat=True))
