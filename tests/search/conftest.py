"""Archive-search fixtures: each backend on its own, and a small county of cases.

Elasticsearch tests need ELASTICSEARCH_URL. Outside CI they skip (saying so) when
it is unset or unreachable; in CI (CI set) that is a failure, not a skip.
"""

import os
import uuid

import pytest

from search import sources
from search.backends.database import SearchBackend as DatabaseBackend

ES_URL = os.environ.get("ELASTICSEARCH_URL", "").strip()


def es_backend(prefix: str | None = None):
    from search.backends.elasticsearch import SearchBackend as ElasticBackend

    if not ES_URL:
        if os.environ.get("CI"):
            pytest.fail(
                "CI is set but ELASTICSEARCH_URL is not: .ci/run starts Elasticsearch"
            )
        pytest.skip(
            "Elasticsearch not configured (set ELASTICSEARCH_URL; CI always does)"
        )
    backend = ElasticBackend(
        {
            "URL": ES_URL,
            "INDEX_PREFIX": prefix or f"test_{uuid.uuid4().hex[:10]}",
            "REFRESH": True,
        }
    )
    try:
        backend.client.cluster.health()
    except Exception as error:  # noqa: BLE001
        if os.environ.get("CI"):
            pytest.fail(f"Elasticsearch at {ES_URL} is unreachable: {error}")
        pytest.skip(f"Elasticsearch at {ES_URL} is unreachable outside CI")
    return backend


@pytest.fixture(params=["database", "elasticsearch"])
def backend(request, db):
    if request.param == "database":
        yield DatabaseBackend({})
        return
    engine = es_backend()
    yield engine
    engine.drop()


def load(backend) -> int:
    """Index everything in the database into ``backend`` from scratch."""
    return backend.rebuild(sources.all_docs(), lambda n: None)


def database_url() -> str:
    """The URL of the database the tests run on, for processes they start."""
    from urllib.parse import quote

    from django.db import connection

    db = connection.settings_dict
    user = quote(db["USER"] or "", safe="")
    password = quote(db["PASSWORD"] or "", safe="")
    auth = f"{user}:{password}@" if password else f"{user}@" if user else ""
    host = db["HOST"] or "127.0.0.1"
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{auth}{host}{port}/{quote(db['NAME'], safe='')}"
