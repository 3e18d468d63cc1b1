"""The migration tests' trips back and forth through the migrations, made once.

A migration test migrates the test database back to just before the migration
it checks, makes data the way the code of the time did, applies the migration
and looks at the result; afterwards the database must be at the latest schema
again for the tests that follow. Each trip through Django's MigrationExecutor
renders the model state of every migration on the way, tens of CPU seconds each
way, whatever the data.

So in each test process the database is copied, whole, the first time it is
about to be migrated back (the latest schema) and once it has arrived (the
state before the migration tested). A later test of the same module that goes
back to the same state gets the copy instead of the same walk again, and a test
leaves by getting the latest copy back instead of walking forward. Every test
still starts from the database its migrations made and still applies the
migration it checks with the real executor; the walks that are saved are the
same walks over the same rows (each test starts from the rows the migrations
made, put back by the serialized rollback), so their result is the same.

SQLite (the test database is in memory): the copy is made with SQLite's backup
API. PostgreSQL: ``CREATE DATABASE … TEMPLATE`` the test database, and back.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

Targets = Iterable[tuple[str, str]]

# Per process: key -> the copy (a SQLite connection, or a PostgreSQL database name).
_copies: dict[tuple, object] = {}
_LATEST = ("latest",)


def migrate(targets: Targets) -> None:
    """Migrate the test database to ``targets`` with Django's executor, as
    ``manage.py migrate app name`` does."""
    MigrationExecutor(connection).migrate(list(targets))


def apps_at(targets: Targets):
    """The models as they were at ``targets`` (the historical models)."""
    loader = MigrationExecutor(connection).loader
    return loader.project_state(list(targets)).apps


def latest_targets() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def migrate_back_to(targets: Targets, *, key: str) -> None:
    """The database as ``migrate(targets)`` leaves it from the latest schema.

    ``key`` names the starting point, the calling test module: the tests that
    share it start from the same rows.
    """
    targets = list(targets)
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise RuntimeError("the test database is not at the latest migrations")
    state = (key, *sorted(targets))
    if state in _copies:
        _restore(_copies[state])
        return
    if _LATEST not in _copies:
        _copies[_LATEST] = _copy(len(_copies))
    executor.migrate(targets)
    _copies[state] = _copy(len(_copies))


def back_to_latest() -> None:
    """The database at the latest migrations again (after migrate_back_to)."""
    if _LATEST in _copies:
        _restore(_copies[_LATEST])
    else:
        migrate(latest_targets())


def forget_copies() -> None:
    """Drop every copy (at the end of the test session)."""
    while _copies:
        _key, copy = _copies.popitem()
        if isinstance(copy, sqlite3.Connection):
            copy.close()
        else:
            connection.close()
            with connection._nodb_cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{copy}"')


def _copy(number: int):
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        copy = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(copy)
        return copy
    if connection.vendor != "postgresql":
        raise NotImplementedError(connection.vendor)
    name = f"{connection.settings_dict['NAME']}_mig{number}"
    _clone(connection.settings_dict["NAME"], name)
    return name


def _restore(copy) -> None:
    if isinstance(copy, sqlite3.Connection):
        connection.ensure_connection()
        copy.backup(connection.connection)
        return
    _clone(copy, connection.settings_dict["NAME"])


def _clone(source: str, target: str) -> None:
    """``target`` made anew as a copy of ``source`` (no one may be connected)."""
    connection.close()
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{target}" TEMPLATE "{source}"')
