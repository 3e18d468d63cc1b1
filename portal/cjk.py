"""Chinese text for word-based search engines.

Chinese is written without spaces, so SQLite FTS5, PostgreSQL's text search and
Elasticsearch's standard analyzer would see a whole sentence as one word and never
find 临时救助 in the middle of it. Both the indexed text and the query are rewritten
into overlapping character bigrams (plus single characters, so one-character
queries work): 临时救助 becomes 临时 时救 救助. Every engine then matches a phrase
anywhere in a sentence by requiring all of its bigrams.
"""

import re

import opencc
from wagtail.search import index

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RUN = re.compile(f"[{_CJK}]+")
_WORD = re.compile(rf"[{_CJK}]+|[0-9A-Za-z]+")
_to_simplified = opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    return _to_simplified.convert(text)


def _bigrams(run: str) -> list[str]:
    if len(run) == 1:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


def index_text(text: str) -> str:
    """Text to index: every CJK run as its single characters and its bigrams."""
    tokens: list[str] = []
    for word in _WORD.findall(to_simplified(text or "")):
        if _CJK_RUN.fullmatch(word):
            tokens.extend(word)
            if len(word) > 1:
                tokens.extend(_bigrams(word))
        else:
            tokens.append(word.lower())
    return " ".join(tokens)


def query_terms(query: str) -> list[str]:
    """The words a person typed, simplified, without punctuation or markup."""
    return [w.lower() for w in _WORD.findall(to_simplified(query or ""))]


def query_text(query: str) -> str:
    """The query as tokens matching :func:`index_text`, all of which must match."""
    tokens: list[str] = []
    for word in query_terms(query):
        tokens.extend(_bigrams(word) if _CJK_RUN.fullmatch(word) else [word])
    # Keep the order but drop repeats: 救助救助 needs 救助 only once.
    return " ".join(dict.fromkeys(tokens))


def autocomplete_text(text: str) -> str:
    """A name as typed plus its bigrams, for the admin's choosers and listings.

    The name itself keeps prefix matching of whole words (codes, Latin) on every
    engine; the bigrams let 医疗 find 城乡医疗救助.
    """
    return f"{text} {index_text(text)}" if text else text


class CJKAutocompleteField(index.AutocompleteField):
    """An AutocompleteField whose text also holds its Chinese bigrams.

    Added beside Wagtail's own AutocompleteField of the same name (pages,
    documents, images), whose entries Wagtail's checks expect to find unchanged.
    """

    def get_value(self, obj):
        value = super().get_value(obj)
        return autocomplete_text(value) if isinstance(value, str) else value
