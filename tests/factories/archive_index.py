"""A fresh Elasticsearch index that starts where the database is."""

from search import sources


def index_what_the_database_holds(backend) -> None:
    """Index every document the database already yields (migration rows included).

    Each test gets a new, empty index, while a transactional test's database
    starts with what the migrations wrote; a rebuild would read those rows, so
    the index starts with them.
    """
    docs = [doc for batch in sources.all_docs() for doc in batch]
    if docs:
        backend.index(docs)
