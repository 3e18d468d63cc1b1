"""The browser tests' demo county: seeded once per test process, then put back.

The browser tests (tests/e2e) run against a live server, so they are
transactional: after each one the database is flushed and what the migrations
wrote is put back (serialized rollback). Each test then needs the demo content,
and ``seed_demo`` builds it through the services and Wagtail's publishing, which
takes seconds. So the first browser test of a test process seeds, and what
seeding left is copied; a later test gets the copy put back instead: the same
rows with the same primary keys, the sequences where seeding left them (a new
row gets an id no demo row has), the Wagtail page tree as it was.

What seeding does besides writing rows is done again too:
- the files its rows name (the demo attachments under PRIVATE_FILES_ROOT) are
  written again, with the same bytes, where the rows say they are;
- the page cache's content generation moves on, as publishing moves it, and
  this process's own caches of the site (Wagtail's site root paths, the
  ``default`` cache) are emptied: ids repeat from one test to the next now;
- with Elasticsearch as the archive backend, the test's own new index gets the
  documents the outbox would have sent it.
The shared cache table is no part of the demo: its entries (rate-limit counts)
stay as the test found them, as they do when seeding.

``seed_demo`` runs instead of the copy when the database is not the one seeding
started from (a fixture wrote rows before asking for the demo; a migration test
put back an older copy of the whole database), and on a new day (the demo
counts dates from today).

SQLite (the test database is in memory and the live server shares its
connection): the copy is made and put back with SQLite's backup API, as in
tests/factories/migration_states.py. PostgreSQL: the live server's thread keeps
a connection of its own, so ``CREATE DATABASE … TEMPLATE`` cannot be used; each
table that holds rows is copied into the schema ``e2e_demo`` of the test
database (outside the search path, so the flush never sees it), and put back in
one transaction: the tables that hold rows emptied, the copies inserted (the
foreign keys are checked at commit: Django makes them deferrable), every
sequence set to its value in the copy.
"""

from __future__ import annotations

import sqlite3
import uuid
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection, models, transaction
from django.utils import timezone

SCHEMA = "e2e_demo"
MARKER = "demo_copy"


@dataclass
class DemoCopy:
    day: date
    # Rows per model table when seeding began: the state a copy applies to.
    start: dict[str, int]
    # (app label, model, field, file name) -> the bytes seeding wrote.
    files: dict[tuple[str, str, str, str], bytes] = field(default_factory=dict)
    sqlite: sqlite3.Connection | None = None
    # PostgreSQL: the token in SCHEMA.MARKER, the tables copied with their
    # columns, and each sequence's (last_value, is_called).
    token: str = ""
    tables: dict[str, list[str]] = field(default_factory=dict)
    sequences: dict[str, tuple[int, bool]] = field(default_factory=dict)


_copy: DemoCopy | None = None


def put_demo_in_place() -> str:
    """The database, files and caches as ``seed_demo`` leaves them.

    Returns ``"restored"`` (the copy was put back) or ``"seeded"``.
    """
    global _copy
    start = _row_counts(_model_tables())
    if _copy is not None and _copy_applies(_copy, start):
        _restore(_copy)
        _outside_the_database(_copy)
        return "restored"
    fresh_start = _copy is None or _copy.start == start
    call_command("seed_demo", verbosity=0)
    if fresh_start:
        forget()
        _copy = _take(start)
    return "seeded"


def forget() -> None:
    """Drop this process's copy (the next call seeds)."""
    global _copy
    if _copy is not None and _copy.sqlite is not None:
        _copy.sqlite.close()
    _copy = None


def _copy_applies(copy: DemoCopy, start: dict[str, int]) -> bool:
    if copy.day != timezone.localdate() or copy.start != start:
        return False
    if connection.vendor == "sqlite":
        return True
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [f"{SCHEMA}.{MARKER}"])
        if cursor.fetchone()[0] is None:
            return False
        cursor.execute(f"SELECT token FROM {SCHEMA}.{MARKER}")  # noqa: S608 - constants
        return cursor.fetchone()[0] == copy.token


def _shared_cache_table() -> str:
    return settings.CACHES["shared"]["LOCATION"]


def _model_tables() -> list[str]:
    return sorted(connection.introspection.django_table_names(only_existing=True))


def _row_counts(tables: list[str]) -> dict[str, int]:
    """Rows per table, in one query."""
    if not tables:
        return {}
    quote = connection.ops.quote_name
    counts = ", ".join(
        f"(SELECT count(*) FROM {quote(table)})"  # noqa: S608 - names from the schema
        for table in tables
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")
        return dict(zip(tables, cursor.fetchone(), strict=True))


def _take(start: dict[str, int]) -> DemoCopy:
    copy = DemoCopy(day=timezone.localdate(), start=start, files=_named_files())
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        copy.sqlite = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(copy.sqlite)
        return copy
    if connection.vendor != "postgresql":
        raise NotImplementedError(connection.vendor)
    _take_postgresql(copy)
    return copy


def _restore(copy: DemoCopy) -> None:
    if copy.sqlite is not None:
        _restore_sqlite(copy.sqlite)
    else:
        _restore_postgresql(copy)


# ---------------------------------------------------------------- SQLite


def _restore_sqlite(saved: sqlite3.Connection) -> None:
    """The whole database from the copy, but the shared cache's entries kept."""
    connection.ensure_connection()
    table = connection.ops.quote_name(_shared_cache_table())
    columns = '"cache_key", "value", "expires"'
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {table}")  # noqa: S608 - from settings
        entries = cursor.fetchall()
    saved.backup(connection.connection)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - from settings
        cursor.executemany(
            f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s)",  # noqa: S608
            entries,
        )


# ---------------------------------------------------------------- PostgreSQL


def _postgresql_tables() -> list[str]:
    """Every table of the test database's schema but the migration record and
    the shared cache (neither is flushed between tests)."""
    skip = {"django_migrations", _shared_cache_table()}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace "
            "AND relkind IN ('r', 'p') ORDER BY relname"
        )
        return [name for (name,) in cursor.fetchall() if name not in skip]


def _take_postgresql(copy: DemoCopy) -> None:
    quote = connection.ops.quote_name
    tables = [name for name, rows in _row_counts(_postgresql_tables()).items() if rows]
    copy.token = uuid.uuid4().hex
    statements = [
        f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE",
        f"CREATE SCHEMA {SCHEMA}",
        *(
            f"CREATE TABLE {SCHEMA}.{quote(t)} AS TABLE public.{quote(t)}"
            for t in tables
        ),
        f"CREATE TABLE {SCHEMA}.{MARKER} AS SELECT '{copy.token}'::text AS token",
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(";\n".join(statements))
        # The columns an INSERT may name (no generated ones), in table order.
        cursor.execute(
            "SELECT c.relname, a.attname FROM pg_attribute a "
            "JOIN pg_class c ON c.oid = a.attrelid "
            "WHERE c.relnamespace = 'public'::regnamespace AND c.relname = ANY(%s) "
            "AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '' "
            "ORDER BY c.relname, a.attnum",
            [tables],
        )
        for table, column in cursor.fetchall():
            copy.tables.setdefault(table, []).append(column)
        cursor.execute(
            "SELECT relname FROM pg_class WHERE relkind = 'S' "
            "AND relnamespace = 'public'::regnamespace ORDER BY relname"
        )
        names = [name for (name,) in cursor.fetchall()]
        if names:
            cursor.execute(
                " UNION ALL ".join(
                    f"SELECT '{name}', last_value, is_called FROM public.{quote(name)}"  # noqa: S608
                    for name in names
                )
            )
            copy.sequences = {name: (value, called) for name, value, called in cursor}


def _restore_postgresql(copy: DemoCopy) -> None:
    quote = connection.ops.quote_name
    holding = [t for t, rows in _row_counts(_postgresql_tables()).items() if rows]
    statements = ["SET CONSTRAINTS ALL DEFERRED"]
    statements += [
        f"DELETE FROM public.{quote(table)}"  # noqa: S608 - names from the schema
        for table in holding
    ]
    for table, columns in copy.tables.items():
        names = ", ".join(quote(column) for column in columns)
        statements.append(
            f"INSERT INTO public.{quote(table)} ({names}) "  # noqa: S608
            f"SELECT {names} FROM {SCHEMA}.{quote(table)}"
        )
    if copy.sequences:
        statements.append(
            "SELECT "
            + ", ".join(
                f"setval('public.{quote(name)}', {value}, {str(called).lower()})"
                for name, (value, called) in copy.sequences.items()
            )
        )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(";\n".join(statements))


# ---------------------------------------------------------------- outside


def _file_fields():
    for model in apps.get_models():
        for model_field in model._meta.concrete_fields:
            if isinstance(model_field, models.FileField):
                yield model, model_field


def _named_files() -> dict[tuple[str, str, str, str], bytes]:
    """The bytes of every file a row names (that exists), by where it is named."""
    files = {}
    for model, model_field in _file_fields():
        names = (
            model._base_manager.exclude(**{model_field.name: ""})
            .exclude(**{f"{model_field.name}__isnull": True})
            .values_list(model_field.name, flat=True)
        )
        storage = model_field.storage
        for name in names:
            if storage.exists(name):
                with storage.open(name, "rb") as stored:
                    key = (model._meta.app_label, model.__name__, model_field.name)
                    files[(*key, name)] = stored.read()
    return files


def _write_files(files: dict[tuple[str, str, str, str], bytes]) -> None:
    """Each file again where its row names it (under today's settings' roots)."""
    for (app_label, model_name, field_name, name), content in files.items():
        model = apps.get_model(app_label, model_name)
        path = Path(model._meta.get_field(field_name).storage.path(name))
        if path.is_file() and path.read_bytes() == content:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)


def _outside_the_database(copy: DemoCopy) -> None:
    from wagtail.models import Site

    from portal.page_cache import new_generation

    _write_files(copy.files)
    new_generation()
    Site.clear_site_root_paths_cache()
    caches["default"].clear()
    if settings.ARCHIVE_SEARCH["BACKEND"] == "search.backends.elasticsearch":
        from search.backends.base import get_search_backend
        from tests.factories.archive_index import index_what_the_database_holds

        index_what_the_database_holds(get_search_backend())
