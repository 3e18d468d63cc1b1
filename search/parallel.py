"""A rebuild's chunks built in worker processes, each with its own connection.

Building documents and their tokens is Python's work, one core's worth per
process; a rebuild hands each chunk of its plan (search.sources.Plan: a range
of record ids of one kind) to one of several forked workers and takes their
results in the plan's order, a few chunks ahead, so memory stays bounded.

Workers read what is committed, through connections of their own: a caller
whose transaction holds changes of its own (a test inside one) builds in its
own process instead (:func:`usable`). A forked worker must not touch the
parent's connections, whose sockets it shares: it keeps them, unused and never
closed (closing one would end the parent's session), and opens its own.
"""

import multiprocessing
import multiprocessing.util
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor

from django.db import connection, connections

# ``archive_index rebuild`` builds fewer documents than this in one process:
# starting workers would cost more than they save.
MIN_DOCUMENTS = 20_000
# The parent's connections, kept alive in a worker so they are never closed.
_INHERITED: list = []
_work: Callable | None = None


def default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 4))


def usable(workers: int) -> bool:
    """Whether a rebuild may use ``workers`` processes: on PostgreSQL (a SQLite
    test database in memory is one connection's), outside a transaction."""
    return (
        workers > 1
        and connection.vendor == "postgresql"
        and not connection.in_atomic_block
        and "fork" in multiprocessing.get_all_start_methods()
    )


def _own_connections() -> None:
    for alias in connections:
        inherited = connections[alias]
        _INHERITED.append(inherited)
        connections[alias] = type(inherited)(inherited.settings_dict, alias)


def _start(setup: Callable[[], Callable]) -> None:
    global _work
    _own_connections()
    # Its own connections end cleanly when the worker does.
    multiprocessing.util.Finalize(None, connections.close_all, exitpriority=10)
    _work = setup()


def _run(chunk):
    return _work(chunk)


def imap(chunks: Iterable, setup: Callable[[], Callable], workers: int) -> Iterator:
    """``work(chunk)`` of every chunk, in order, where ``work = setup()`` is made
    once in each of ``workers`` forked processes. A worker's exception is
    raised here, and the others are stopped."""
    context = multiprocessing.get_context("fork")
    ahead = workers * 2
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=_start, initargs=(setup,)
    ) as pool:
        waiting: deque[Future] = deque()
        try:
            for chunk in chunks:
                waiting.append(pool.submit(_run, chunk))
                if len(waiting) > ahead:
                    yield waiting.popleft().result()
            while waiting:
                yield waiting.popleft().result()
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise
