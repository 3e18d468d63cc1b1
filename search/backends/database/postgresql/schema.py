"""The token table: its columns, storage, index and the trigger that empties it."""

from ....models import SearchDocument

TABLE = "archive_search_pgfts"
INDEX = f"{TABLE}_tokens"
DOCUMENTS = SearchDocument._meta.db_table
# Copied from the document row: what filters, scope, facets and order read.
COLUMNS = (
    "key", "kind", "case_number", "township", "village", "assistance_type",
    "status", "channel", "handler", "user", "at",
)  # fmt: skip
_TYPES = {"at": "timestamp with time zone NOT NULL"}


def create_table_sql(name: str) -> str:
    return (
        f"CREATE TABLE IF NOT EXISTS {name} ("
        # No foreign key: Django's flush (tests) truncates the document table
        # alone (CREATE_TRIGGER empties this one then).
        "doc_id bigint PRIMARY KEY, tokens tsvector NOT NULL, "
        + ", ".join(
            f'"{column}" '
            + _TYPES.get(
                column,
                f"varchar({SearchDocument._meta.get_field(column).max_length}) "
                "NOT NULL",
            )
            for column in COLUMNS
        )
        + ")"
    )


# The largest toast_tuple_target: rows up to a page's size are never compressed.
TUPLE_TARGET = 8160


def storage_sql(name: str) -> list[str]:
    """The tokens column kept inline, compressed only in a row larger than a
    page, and then with lz4 where the server was built with it (decompressing it
    costs a fraction of pglz)."""
    return [
        f"ALTER TABLE {name} SET (toast_tuple_target = {TUPLE_TARGET})",
        f"ALTER TABLE {name} ALTER COLUMN tokens SET STORAGE MAIN",
        "DO $$ BEGIN "
        f"ALTER TABLE {name} ALTER COLUMN tokens SET COMPRESSION lz4; "
        "EXCEPTION WHEN feature_not_supported THEN NULL; END $$",
    ]


CREATE_TABLE = create_table_sql(TABLE)
CREATE_INDEX = f"CREATE INDEX IF NOT EXISTS {INDEX} ON {TABLE} USING gin (tokens)"
# A search reads this table alone, so it must never hold the tokens of a row
# that is gone. The backend removes a document's tokens whenever it deletes the
# row; a TRUNCATE of the document table (Django's flush between tests, a
# restore) empties this one too, in the same transaction.
TRUNCATED = f"{TABLE}_truncated"
CREATE_TRIGGER = [
    f"CREATE OR REPLACE FUNCTION {TRUNCATED}() RETURNS trigger LANGUAGE plpgsql "
    f"AS $$ BEGIN TRUNCATE {TABLE}; RETURN NULL; END $$",
    f"CREATE OR REPLACE TRIGGER {TRUNCATED} AFTER TRUNCATE ON {DOCUMENTS} "
    f"FOR EACH STATEMENT EXECUTE FUNCTION {TRUNCATED}()",
]
CREATE = [CREATE_TABLE, *storage_sql(TABLE), CREATE_INDEX, *CREATE_TRIGGER]
# The function's removal takes its trigger with it.
DROP = [
    f"DROP FUNCTION IF EXISTS {TRUNCATED}() CASCADE",
    f"DROP TABLE IF EXISTS {TABLE}",
]
# ``add`` replaces a document's tokens (ON CONFLICT), so nothing is removed first.
ADD_REPLACES = True

# The token table's columns, in the order its rows are written.
TOKEN_NAMES = ", ".join(["doc_id", "tokens", *(f'"{name}"' for name in COLUMNS)])


# A rebuild writes the tokens into a table of its own and swaps it in when done:
# searches meanwhile read the table as it was (and the document rows as they
# were: those are deleted, not truncated, so only the rebuild's commit shows
# the new ones), and building the index once at the end is several times
# faster than growing it row by row.
NEW = f"{TABLE}_new"
