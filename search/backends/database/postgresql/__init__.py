"""PostgreSQL: one table of tokens and filter columns under one GIN index.

Each document's row holds one tsvector ``tokens`` with

- its bigrams and unigrams (core.cjk) at their positions in their own stream, so
  a query word is a phrase (``<->``) of its bigrams: exactly the substring rule;
- its identifiers as ``#…`` lexemes, matched exactly;
- its filter values as ``=field:value`` lexemes (``=township:dongling``),
- the local month and year of its time as ``=month:2026-06`` and ``=year:2026``
  lexemes, so a date range is matched inside the index as well,

beside copies of the columns searches filter, count and sort by (township, status,
at, key …). A search is then one GIN scan that intersects the posting lists of
the words *and* of the filters inside the index — a broad word with a selective
filter visits only the rows having both, whatever the planner guesses about how
often bigrams go together (it multiplies their frequencies, so it expects a
phrase's bigrams in a few hundred documents where they are in tens of thousands)
— and one pass over those rows gives the total, the five facets and the page.

The vectors are kept in the table's own pages (storage MAIN) and, up to the
size of a page, not compressed (``toast_tuple_target``): a search reads every
match's vector, to rank it and to check a phrase's positions, often twice
(PostgreSQL does not keep a decompressed value from one to the other). A vector
moved out of line into the TOAST table costs an index look-up and more page
reads per match; a compressed one costs its decompression at each reading, and
lz4 saves little on these vectors (a few per cent of the table). Only a row
larger than a page is compressed, with lz4 where the server has it.

The vectors are written as tsvector literals, so no text search configuration
or dictionary touches the tokens. The streams' lexemes cannot be mistaken for
each other: a bigram has two characters, a unigram one, the others start with
``#`` or ``=`` (not letters or digits). ts_rank reads only the query's lexemes,
so a word ranks as it did when each stream had a column of its own.
"""

from .bulk import (
    add_bulk,
    begin_bulk,
    bulk_lines,
    copy_documents,
    copy_tokens,
    draw_ids,
    drop_shared_bulk_table,
    end_bulk,
    shared_bulk_table,
    write_bulk,
)
from .rows import add, clear, lock_documents, remove, reset
from .schema import (
    ADD_REPLACES,
    COLUMNS,
    CREATE,
    CREATE_TRIGGER,
    DOCUMENTS,
    DROP,
    INDEX,
    NEW,
    TABLE,
    TUPLE_TARGET,
)
from .searching import search, tsquery
from .vectors import date_range, document_vector, vector

__all__ = [
    "ADD_REPLACES",
    "COLUMNS",
    "CREATE",
    "CREATE_TRIGGER",
    "DOCUMENTS",
    "DROP",
    "INDEX",
    "NEW",
    "TABLE",
    "TUPLE_TARGET",
    "add",
    "add_bulk",
    "begin_bulk",
    "bulk_lines",
    "clear",
    "copy_documents",
    "copy_tokens",
    "date_range",
    "document_vector",
    "draw_ids",
    "drop_shared_bulk_table",
    "end_bulk",
    "lock_documents",
    "remove",
    "reset",
    "search",
    "shared_bulk_table",
    "tsquery",
    "vector",
    "write_bulk",
]
