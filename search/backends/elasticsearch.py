"""The scale-out backend: Elasticsearch 8 through elasticsearch-dsl.

Documents live in a versioned index (``<alias>_v<timestamp>``) behind an alias, so
a rebuild fills a new index and swaps the alias in one atomic step: searches
never see a half-built index. Queries are built from parsed terms only; nothing
typed by a person is passed to Elasticsearch as query syntax.
"""

import json
import time
from collections import deque
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import suppress
from datetime import datetime, timedelta
from datetime import time as dtime
from functools import partial
from operator import attrgetter

from django.utils import timezone
from elasticsearch import (
    ApiError,
    BadRequestError,
    Elasticsearch,
    NotFoundError,
    TransportError,
    helpers,
)
from elasticsearch_dsl import Index

from core.cjk import Term

from .. import parallel
from ..documents import ArchiveDocument
from ..errors import BackendUnavailable
from ..query import FACETS, NOT_BY_CASE_NUMBER, Hit, SearchQuery, SearchResults
from ..snippets import snippet
from ..sources import IndexDoc, Plan
from ..sources.base import Directory
from .base import BaseSearchBackend, Progress, database_now

MAX_WINDOW = 10_000
# Seconds a rebuild's bulk request may take (a search's TIMEOUT is a few).
REBUILD_TIMEOUT = 120
# An index being filled by a rebuild: not refreshed, its translog not synced
# after every bulk request; both back to the defaults before the swap.
LOADING_SETTINGS = {"refresh_interval": "-1", "translog.durability": "async"}
HIT_FIELDS = (
    "kind", "case_number", "number", "title", "body", "township",
    "assistance_type", "status", "channel", "handler", "user", "record",
)  # fmt: skip
SOURCE_INCLUDES = ["at", *HIT_FIELDS]

SOURCE_FIELDS = (
    "key", "kind", "case_number", "number", "title", "body", "names", "township",
    "village", "assistance_type", "status", "channel", "handler", "user", "record",
)  # fmt: skip


_SOURCE_VALUES = attrgetter(*SOURCE_FIELDS)


def source(doc: IndexDoc) -> dict:
    """A record as ArchiveDocument stores it (tests check the two agree)."""
    body = dict(zip(SOURCE_FIELDS, _SOURCE_VALUES(doc), strict=True))
    body.update(text=doc.text, idents=doc.idents, at=doc.at.isoformat())
    return body


# JSON as the client's serializer writes it (UTF-8, no spaces), by one encoder
# made once: json.dumps with options makes a new encoder every call.
_json = json.JSONEncoder(
    ensure_ascii=False, separators=(",", ":"), check_circular=False
).encode


def bulk_body(docs: Iterable[IndexDoc], index: str, version: dict) -> bytes:
    """A bulk request indexing these documents into ``index`` by their keys,
    as the newline-delimited JSON Elasticsearch reads: what helpers.bulk sends
    for _actions, written in one pass without an action object per document."""
    head = _json({"index": {"_index": index, "_id": ""}})
    head = head[: head.rindex('""')]  # {"index":{"_index":"…","_id":
    tail = "".join(f",{_json(k)}:{_json(v)}" for k, v in version.items()) + "}}"
    lines = []
    for doc in docs:
        lines.append(f"{head}{_json(doc.key)}{tail}\n{_json(source(doc))}\n")
    return "".join(lines).encode()


def _local_midnight(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, dtime.min))


def _version(as_of: datetime | None) -> dict:
    """Index-by-id with the read's time as an external version: idempotent, and a
    write built from an earlier read than the stored one is refused (409)."""
    if as_of is None:
        return {}
    return {
        "version": int(as_of.timestamp() * 1_000_000),
        "version_type": "external_gte",
    }


def _rebuild_worker(name: str, version: dict):
    """A worker's part of a parallel rebuild (search.parallel): build a chunk
    and write it as one bulk request's body, which the rebuild sends."""
    directory = Directory()

    def work(chunk) -> tuple[int, bytes]:
        docs = Plan.build(chunk, directory)
        return len(docs), bulk_body(docs, name, version)

    return work


def _send(client, body: bytes) -> None:
    """One bulk request of a rebuild; any document refused fails the rebuild.
    Only the errors come back (a rebuild's new index has nothing to conflict
    with), not an item per document for the client to parse."""
    if not body:
        return
    response = client.bulk(operations=body, filter_path="errors,items.*.error")
    if response.get("errors"):
        failed = [item for item in response.get("items", []) if item]
        raise helpers.BulkIndexError(
            f"{len(failed)} document(s) failed to index.", failed
        )


class SearchBackend(BaseSearchBackend):
    name = "elasticsearch"

    def __init__(self, options: dict):
        super().__init__(options)
        self.alias = f"{options.get('INDEX_PREFIX', 'portal')}_archive"
        self.refresh = options.get("REFRESH", False)
        self.client = Elasticsearch(
            options["URL"],
            request_timeout=options.get("TIMEOUT", 5),
            max_retries=0,
            retry_on_timeout=False,
        )

    # -------------------------------------------------------------- indices
    def _new_index(self, name: str = "") -> str:
        name = name or f"{self.alias}_v{time.time_ns() // 1_000_000}"
        index = Index(name, using=self.client)
        index.document(ArchiveDocument)
        index.settings(number_of_shards=1, number_of_replicas=0)
        index.create()
        return name

    def _current(self) -> list[str]:
        try:
            return list(self.client.indices.get_alias(name=self.alias).keys())
        except NotFoundError:
            return []

    def _ensure(self) -> None:
        """The first index, by one name: appliers that find no index at the same
        moment create and alias the same one, not one each (the alias could then
        take no writes)."""
        if self._current():
            return
        name = f"{self.alias}_v0"
        try:
            self._new_index(name)
        except BadRequestError as error:
            if error.error != "resource_already_exists_exception":
                raise
        self.client.indices.put_alias(index=name, name=self.alias)

    def _call(self, operation):
        try:
            return operation()
        except (TransportError, ApiError) as error:
            if isinstance(error, ApiError) and error.status_code < 500:
                raise
            raise BackendUnavailable(str(error)) from error

    # -------------------------------------------------------------- writing
    def _actions(self, docs: Iterable[IndexDoc], index: str, version=None):
        # Plain dicts in the shape ArchiveDocument maps: three times faster than
        # building a Document per record, which matters for a million-row rebuild.
        for doc in docs:
            yield {
                "_index": index, "_id": doc.key, "_source": source(doc),
                **(version or {}),
            }  # fmt: skip

    def _bulk(self, actions, expected=(409,)) -> None:
        """Send, and fail on any error but the ``expected`` statuses.

        A conflict (409) means the stored version was built from a later read,
        which is the one to keep; deleting what is not there (404) is done.
        """
        _ok, errors = helpers.bulk(
            self.client, actions, refresh=self.refresh, raise_on_error=False
        )
        failed = [
            item
            for item in errors
            if next(iter(item.values())).get("status") not in expected
        ]
        if failed:
            raise helpers.BulkIndexError(
                f"{len(failed)} document(s) failed to index.", failed
            )

    def index(self, docs: list[IndexDoc], *, as_of: datetime | None = None) -> None:
        if not docs:
            return

        def write():
            self._ensure()
            self._bulk(self._actions(docs, self.alias, _version(as_of)))

        self._call(write)

    def delete(self, keys: list[str], *, as_of: datetime | None = None) -> None:
        if not keys:
            return
        version = _version(as_of)

        def remove():
            self._ensure()
            self._bulk(
                (
                    {"_op_type": "delete", "_index": self.alias, "_id": k, **version}
                    for k in keys
                ),
                expected=(404, 409),
            )

        self._call(remove)

    def _loader(self):
        """The client for a rebuild's bulk requests: a bulk of thousands of
        documents on a busy machine takes longer than a search may."""
        return self.client.options(request_timeout=REBUILD_TIMEOUT)

    def _send_overlapped(self, bodies: Iterable[tuple[int, bytes]], progress) -> int:
        """Send each chunk's bulk body from a sending thread while the next
        ones are built, two requests at a time, so Elasticsearch is kept busy
        while Python builds."""
        done = 0
        loader = self._loader()
        in_flight: deque[Future] = deque()
        with ThreadPoolExecutor(max_workers=2) as senders:
            for count, body in bodies:
                in_flight.append(senders.submit(_send, loader, body))
                if len(in_flight) > 2:
                    in_flight.popleft().result()
                done += count
                progress(count)
            while in_flight:
                in_flight.popleft().result()
        return done

    def rebuild(
        self,
        batches: Iterable[list[IndexDoc]],
        progress: Progress,
        *,
        workers: int = 1,
    ) -> int:
        shared = isinstance(batches, Plan) and parallel.usable(workers)

        def run() -> int:
            name = self._new_index()
            # A bulk load needs no refreshes until the swap, nor a flush of
            # the translog to disk after every request (an index not yet
            # swapped in holds nothing that a crash would lose).
            self.client.indices.put_settings(index=name, settings=LOADING_SETTINGS)
            # Stamped like an applier's write: one that read before this
            # rebuild cannot replace what the rebuild read after it.
            version = _version(database_now())
            if shared:  # built in worker processes (search.parallel)
                setup = partial(_rebuild_worker, name, version)
                bodies = parallel.imap(batches.chunks, setup, workers)
            else:
                bodies = (
                    (len(docs), bulk_body(docs, name, version)) for docs in batches
                )
            try:
                done = self._send_overlapped(bodies, progress)
                # Writing out what was loaded takes seconds, not a search's
                # few: the loader's time limit.
                loader = self._loader()
                loader.indices.put_settings(
                    index=name, settings=dict.fromkeys(LOADING_SETTINGS)
                )
                loader.indices.refresh(index=name)
            except BaseException:
                with suppress(TransportError, ApiError):  # a half-built index
                    self.client.indices.delete(index=name, ignore_unavailable=True)
                raise
            # What the alias points to now: an applier may have made the first.
            old = self._current()
            swap = [{"add": {"index": name, "alias": self.alias}}]
            swap += [{"remove": {"index": o, "alias": self.alias}} for o in old]
            self.client.indices.update_aliases(actions=swap)
            for index in old:
                self.client.indices.delete(index=index, ignore_unavailable=True)
            return done

        return self._call(run)

    # -------------------------------------------------------------- reading
    def _request(self, query: SearchQuery, terms: list[Term]) -> dict:
        """The search as Elasticsearch's JSON, written out as plain dicts.

        elasticsearch-dsl's Search and Q objects built the same body; on the
        search path their cloning and ``to_dict`` cost more CPU than the rest of
        a search's own work.
        """
        filters: list[dict] = [
            {"term": {name: value}} for name, value in query.filters().items()
        ]
        if query.townships is not None or query.villages is not None:
            scope: list[dict] = [
                {"terms": {"township": list(query.townships or [])}},
                {"terms": {"village": list(query.villages or [])}},
            ]
            if query.cases:
                scope.append(
                    {
                        "bool": {
                            "filter": [{"terms": {"case_number": list(query.cases)}}],
                            "must_not": [
                                {"prefix": {"key": prefix}}
                                for prefix in NOT_BY_CASE_NUMBER
                            ],
                        }
                    }
                )
            filters.append({"bool": {"should": scope, "minimum_should_match": 1}})
        if query.date_from or query.date_to:
            bounds = {}
            if query.date_from:
                bounds["gte"] = _local_midnight(query.date_from).isoformat()
            if query.date_to:
                bounds["lt"] = _local_midnight(
                    query.date_to + timedelta(days=1)
                ).isoformat()
            filters.append({"range": {"at": bounds}})
        must = []
        for term in terms:
            field = "text" if term.field == "bi" else "text.uni"
            phrase = {"match_phrase": {field: {"query": term.text, "slop": 0}}}
            must.append(
                {
                    "bool": {
                        "should": [phrase, {"term": {"idents": term.ident}}],
                        "minimum_should_match": 1,
                    }
                }
            )
        if query.sort == "oldest":
            sort: list = ["at", "key"]
        elif query.sort == "newest" or not terms:
            sort = [{"at": {"order": "desc"}}, {"key": {"order": "desc"}}]
        else:
            sort = ["_score", {"at": {"order": "desc"}}, {"key": {"order": "desc"}}]
        start = query.offset
        size = max(0, min(query.page_size, MAX_WINDOW - start))
        match = {"filter": filters, "must": must}
        return {
            "query": {"bool": {k: v for k, v in match.items() if v}},
            "aggs": {name: {"terms": {"field": name, "size": 200}} for name in FACETS},
            "sort": sort,
            "track_total_hits": True,
            "from": start if size else 0,
            "size": size,
            # A hit shows these; the stored ``text`` and ``idents`` (as long
            # again) would only be serialised, sent and parsed for nothing.
            "_source": {"includes": SOURCE_INCLUDES},
        }

    def search(self, query: SearchQuery) -> SearchResults:
        terms = query.terms
        request = self._request(query, terms)
        try:
            # The low-level client's dict, read as it is: elasticsearch-dsl's
            # Response wraps every hit and bucket in objects first.
            response = self._call(
                lambda: self.client.search(index=self.alias, body=request).body
            )
        except NotFoundError:
            return SearchResults(total=0, hits=[], facets={n: {} for n in FACETS})
        hits = []
        for item in response["hits"]["hits"]:
            source = item["_source"]
            hit = Hit(
                key=item["_id"],
                at=datetime.fromisoformat(source["at"]),
                score=item.get("_score") or 0.0,
                **{name: source.get(name, "") for name in HIT_FIELDS},
            )
            hit.snippet = snippet(hit.title, hit.body, terms)
            hits.append(hit)
        aggregations = response["aggregations"]
        facets = {
            name: {
                bucket["key"]: bucket["doc_count"]
                for bucket in aggregations[name]["buckets"]
                if bucket["key"]
            }
            for name in FACETS
        }
        return SearchResults(
            total=response["hits"]["total"]["value"],
            hits=hits,
            facets=facets,
            engine_ms=response["took"],
        )

    def count(self) -> int:
        def counted() -> int:
            self.client.indices.refresh(index=self.alias)
            return self.client.count(index=self.alias)["count"]

        try:
            return self._call(counted)
        except NotFoundError:
            return 0

    def keys(self) -> set[str]:
        def scanned() -> set[str]:
            found = helpers.scan(
                self.client, index=self.alias, query={"_source": False}
            )
            return {hit["_id"] for hit in found}

        try:
            return self._call(scanned)
        except NotFoundError:
            return set()

    def drop(self) -> None:
        """Remove the alias and every index behind it (used by tests)."""
        for index in self._current():
            self.client.indices.delete(index=index, ignore_unavailable=True)
