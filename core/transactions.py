"""Work that must run once after the current transaction commits."""

from django.db import connection, transaction


def on_commit_once(func) -> None:
    """``transaction.on_commit(func)`` unless ``func`` already waits for this commit.

    A publish or an intake saves many rows; a callback that handles everything
    pending at once needs registering only for the first. The pending list is
    Django's own, so a rollback discards the mark with it. Outside a transaction
    ``func`` runs at once, as on_commit does.
    """
    pending = getattr(connection, "run_on_commit", [])
    if not any(entry[1] is func for entry in pending):
        transaction.on_commit(func)
