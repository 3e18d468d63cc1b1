"""The ``shared`` cache: state every worker of every app server must agree on.

Rate-limit counters, the per-case-number lock of the progress check and the
page cache's content generation live in the database (Django's database cache;
its table is made by the migration portal 0005), so two gunicorn workers, or two
machines behind one proxy, count one allowance and see one publish.

Two things Django's DatabaseCache does not promise, which counters need:

- ``incr`` is atomic and keeps the entry's expiry. Django's is a get and a set:
  two requests at once both read 3 and both write 4 (a burst of parallel
  guesses would be counted once), and the set restarts the timeout, so a
  one-hour window would never end while someone kept trying.
- Culling never drops a live entry. Django deletes a third of the table, in key
  order, once it holds MAX_ENTRIES; anyone able to create entries (a request
  from each of many addresses) could then wipe a lock. Here only expired
  entries are deleted: the table grows under a flood rather than forgetting.
"""

import base64
import pickle

from django.core.cache.backends.db import DatabaseCache
from django.db import connections, models, router, transaction
from django.utils.timezone import now as tz_now


class SharedDatabaseCache(DatabaseCache):
    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            value = self._incr_in_one_statement(connection, key, delta)
            if value is not None:
                return value
        quote = connection.ops.quote_name
        table = quote(self._table)
        # PostgreSQL locks the row; SQLite has no FOR UPDATE, but its transactions
        # here begin IMMEDIATE (config/settings/base.py), which takes the write lock.
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        with transaction.atomic(using=db), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {quote('value')}, {quote('expires')} FROM {table} "  # noqa: S608 - the table is from settings
                f"WHERE {quote('cache_key')} = %s{lock}",
                [key],
            )
            row = cursor.fetchone()
            if row is None or self._expiry(connection, row[1]) < tz_now():
                raise ValueError(f"Key '{key}' not found")
            value = self._decode(connection, row[0]) + delta
            cursor.execute(
                f"UPDATE {table} SET {quote('value')} = %s "  # noqa: S608 - the table is from settings
                f"WHERE {quote('cache_key')} = %s",
                [self._encode(value), key],
            )
        return value

    # A count below 256 as this cache stores it: pickle's protocol 5 header,
    # BININT1 (K), the byte, STOP (.), in base64.
    _SMALL_INT = bytes.fromhex("80054b")

    def _incr_in_one_statement(self, connection, key, delta):
        """PostgreSQL, outside a transaction: a live count from 0 to 255 moved by
        ``delta`` in one UPDATE, its own transaction (one round trip instead of
        BEGIN, SELECT … FOR UPDATE, UPDATE, COMMIT; the UPDATE locks the row).
        That transaction's commit does not wait for the WAL flush
        (synchronous_commit off for it alone): a count lost in a crash of the
        database server, from its last fraction of a second, costs nothing, and
        the flush cost every limited request several ms on a busy machine.
        Anything else (missing, expired, larger, negative): None, and the
        general path decides."""
        if self.pickle_protocol != 5 or not -255 <= delta <= 255:
            return None
        quote = connection.ops.quote_name
        value = quote("value")
        raw = f"decode({value}, 'base64')"
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {quote(self._table)} SET {value} = encode(set_byte({raw}, 3, "  # noqa: S608 - the table is from settings
                f"get_byte({raw}, 3) + %s), 'base64') "
                f"WHERE {quote('cache_key')} = %s AND {quote('expires')} >= %s "
                f"AND length({raw}) = 5 AND substring({raw} from 1 for 3) = %s "
                f"AND get_byte({raw}, 3) + %s BETWEEN 0 AND 255 "
                "AND set_config('synchronous_commit', 'off', true) = 'off' "
                f"RETURNING {value}",
                [
                    delta,
                    key,
                    connection.ops.adapt_datetimefield_value(tz_now()),
                    self._SMALL_INT,
                    delta,
                ],
            )
            row = cursor.fetchone()
        return None if row is None else self._decode(connection, row[0])

    def decr(self, key, delta=1, version=None):
        return self.incr(key, -delta, version=version)

    def _cull(self, db, cursor, now, num):
        connection = connections[db]
        cursor.execute(
            f"DELETE FROM {connection.ops.quote_name(self._table)} "  # noqa: S608 - the table is from settings
            f"WHERE {connection.ops.quote_name('expires')} < %s",
            [connection.ops.adapt_datetimefield_value(now)],
        )

    def _expiry(self, connection, value):
        expression = models.Expression(output_field=models.DateTimeField())
        for converter in connection.ops.get_db_converters(
            expression
        ) + expression.get_db_converters(connection):
            value = converter(value, expression, connection)
        return value

    def _decode(self, connection, value):
        # As DatabaseCache.get_many: only this cache writes the table.
        raw = base64.b64decode(connection.ops.process_clob(value).encode())
        return pickle.loads(raw)  # noqa: S301 - written by this cache alone

    def _encode(self, value) -> str:
        return base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode(
            "latin1"
        )
