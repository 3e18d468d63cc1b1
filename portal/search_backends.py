"""Wagtail's search backends, made to find Chinese in the middle of a name.

The admin's choosers and listings (pages, documents, images, the directory
snippets) search with ``autocomplete``, a prefix match on whole words. SQLite FTS5
and PostgreSQL's text search see 城乡医疗救助 as one word, so 医疗 found it only
at the start. As the public search does (``core.cjk``), the indexed names carry
their character bigrams (``portal.search_fields.CJKAutocompleteField``) and the query is
rewritten into bigrams that must all match (:class:`CJKQueryMixin`). On
Elasticsearch, whose standard analyzer splits Chinese into characters anyway,
the rewrite only makes every character required instead of any one.

Settings name :func:`DatabaseSearchBackend` or :class:`Elasticsearch8SearchBackend`
in WAGTAILSEARCH_BACKENDS. After a change of what is indexed, run
``manage.py update_index`` once.
"""

import functools

from wagtail.search.backends import database, elasticsearch8
from wagtail.search.query import PlainText

from core.cjk import query_text


def _bigram_query(query, operator):
    """The typed query as bigrams, all required; other query objects unchanged."""
    if isinstance(query, PlainText):
        text = query_text(query.query_string)
        return (
            (PlainText(text, operator="and"), operator) if text else (query, operator)
        )
    if isinstance(query, str):
        text = query_text(query)
        return (text, "and") if text else (query, operator)
    return query, operator


class CJKQueryMixin:
    """Rewrites ``autocomplete`` queries as the bigrams CJKAutocompleteField indexes.

    ``search`` is left alone: the public site search (portal.search) rewrites its
    own query against the page text's bigrams.
    """

    def autocomplete(
        self,
        query,
        model_or_queryset,
        fields=None,
        operator=None,
        order_by_relevance=True,
    ):
        query, operator = _bigram_query(query, operator)
        return super().autocomplete(
            query,
            model_or_queryset,
            fields=fields,
            operator=operator,
            order_by_relevance=order_by_relevance,
        )


@functools.cache
def _with_cjk_queries(backend_class: type) -> type:
    return type(
        f"CJK{backend_class.__name__}",
        (CJKQueryMixin, backend_class),
        {"__module__": __name__},
    )


def DatabaseSearchBackend(params):
    """Wagtail's database backend for this database (SQLite FTS5, PostgreSQL…)."""
    backend = database.SearchBackend(params)
    # The database module picks the class by the connection's vendor; keep its
    # choice and add the query rewrite on top.
    backend.__class__ = _with_cjk_queries(type(backend))
    return backend


class Elasticsearch8SearchBackend(CJKQueryMixin, elasticsearch8.SearchBackend):
    pass
