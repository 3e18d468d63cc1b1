"""The one tokenizer for Chinese search: the public page search and the archive.

Chinese is written without spaces, so a word-based engine (SQLite FTS5,
PostgreSQL's text search, Elasticsearch's standard analyzer) sees a whole
sentence as one word and never finds 临时救助 in the middle of it. Text and
queries are therefore cut into overlapping character bigrams (临时 时救 救助),
plus single characters for one-character words.

Before that, every text is brought to one form by :func:`normalise`: NFKC
(full-width Ｑｈ１ is qh1), lower case, and 繁体 as 简体 (醫療 is 医疗), so a
query typed in either script finds a record written in the other, on every
engine. Indexed text and queries must be normalised by the same rule: a change
here means re-tokenising what is stored (search migration 0003, and
docs/search.md for the Elasticsearch and page indexes).

Two engines, two ways of feeding them the same tokens:

- the archive (search/) indexes bigram and unigram *streams* with positions and
  matches a query word as a phrase of its bigrams, which is exactly a substring
  (:class:`Term`, the Elasticsearch ``ngram`` rule with ``token_chars: [letter,
  digit]``: a *run* is a maximal stretch of letters and digits);
- Wagtail's page index takes one text field, so a page's text carries its
  characters and bigrams in one stream (:func:`index_text`) and a query
  requires all of its bigrams (:func:`query_text`).
"""

import functools
import re
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

import opencc

from core.text import INVISIBLE, quiet_clean, refused_character

_to_simplified = opencc.OpenCC("t2s")
# OpenCC cuts a text at its sentence separators (punctuation, spaces) and
# converts each piece on its own, trying every substring of it against its
# dictionaries: slow in pure Python, and most of indexing's and snippets' time.
# The same pieces recur (a county's records are written from stock phrases), so
# each piece's conversion is kept; and a piece with no character of any
# dictionary key cannot change. Both give exactly what ``convert`` gives.
_SEPARATORS = _to_simplified.split_chars_re


def _as_class(pattern: re.Pattern) -> re.Pattern:
    """OpenCC's separators, ``(\\s+|-|,|…)``, as ``(\\s+|[-,…])``: the same
    splits, one character class instead of seventy alternatives tried at every
    position (most of a short text's conversion time)."""
    alternatives = pattern.pattern[1:-1].split("|")
    single = alternatives[1:]
    if alternatives[0] != r"\s+" or not all(
        len(a) == 1 or (len(a) == 2 and a[0] == "\\") for a in single
    ):
        return pattern  # another OpenCC's pattern: kept as it is
    chars = "".join(re.escape(a[-1]) for a in single)
    return re.compile(rf"(\s+|[{chars}])", pattern.flags)


_SEPARATORS = _as_class(_SEPARATORS)
_KEY_CHARS = frozenset(
    char
    for group in _to_simplified._dict_chain_data  # the loaded t2s dictionaries
    for _longest, _shortest, entries in group
    for key in entries
    for char in key
)


@functools.lru_cache(maxsize=200_000)
def _simplified_piece(piece: str) -> str:
    if _KEY_CHARS.isdisjoint(piece):
        return piece
    return _to_simplified.convert(piece)


def to_simplified(text: str) -> str:
    """繁体 as 简体, nothing else changed (for text shown to a reader)."""
    if not text:
        return ""
    pieces = _SEPARATORS.split(text)
    # Even places hold the text between separators, odd places the separators.
    pieces[::2] = map(_simplified_piece, pieces[::2])
    return "".join(pieces)


def fold(text: str) -> str:
    """NFKC and lower case: full-width Ｑｈ１ and ｑh1 are the same word."""
    return unicodedata.normalize("NFKC", text or "").lower()


def normalise(text: str) -> str:
    """The form every indexed text and every query is compared in: NFKC, lower
    case, 简体."""
    return to_simplified(fold(text))


@functools.lru_cache(maxsize=100_000)
def normalise_line(line: str) -> str:
    """:func:`normalise` of one line of text, each distinct line worked out once."""
    return to_simplified(fold(line))


def normalise_lines(text: str) -> str:
    """:func:`normalise` a line at a time, each distinct line worked out once: an
    archive document is lines, and most of them recur (状态：公示 → 审批同意).

    The same text as normalise gives: a line break is a boundary of all three
    steps (NFKC composes nothing across it, it ends a word for the final-sigma
    rule of lower case, and OpenCC cuts at it).
    """
    return "\n".join(map(normalise_line, text.split("\n")))


def pairs(run: str) -> list[str]:
    """The overlapping bigrams of one run (none for a single character)."""
    return [run[i : i + 2] for i in range(len(run) - 1)]


# --- the archive: runs of letters and digits, bigram and unigram streams -----

MAX_QUERY_CHARS = 200
MAX_TERMS = 12
_QUOTED = re.compile(r'"([^"]*)"|(\S+)')
# Controls and line separators split words; invisible characters (core.text)
# are removed, so 低\u200b保 is 低保 as it is in the stored text.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _visible(query: str) -> str:
    return _CONTROL.sub(" ", INVISIBLE.sub("", query or ""))


def is_token_char(char: str) -> bool:
    return char.isalpha() or char.isdecimal()


# A run as one regular expression: ``[^\W_]`` is ``str.isalnum()``, which is
# is_token_char but for digits and numerals that are neither letters nor
# decimal digits (², ⅷ, ①: about a thousand characters, rare after NFKC). A
# text holding none of them is cut by the expression, any other one by the loop.
_ALNUM_RUN = re.compile(r"[^\W_]+")


@functools.cache
def _numerals() -> frozenset[str]:
    """The characters isalnum takes and is_token_char does not (once a process,
    on first use, from the running Python's Unicode tables)."""
    return frozenset(
        char
        for char in map(chr, range(sys.maxunicode + 1))
        if char.isalnum() and not is_token_char(char)
    )


def runs(text: str) -> list[str]:
    """Maximal stretches of letters and digits in already normalised text."""
    if _numerals().isdisjoint(text):
        return _ALNUM_RUN.findall(text)
    return list(_runs_by_character(text))


def _runs_by_character(text: str) -> Iterator[str]:
    start = None
    for index, char in enumerate(text):
        if is_token_char(char):
            if start is None:
                start = index
        elif start is not None:
            yield text[start:index]
            start = None
    if start is not None:
        yield text[start:]


def bigrams(text: str) -> list[str]:
    """Bigrams of normalised text in position order (Elasticsearch ngram 2–2)."""
    return [gram for run in runs(text) for gram in pairs(run)]


def unigrams(text: str) -> list[str]:
    return [char for run in runs(text) for char in run]


# What an ASCII identifier keeps once lower-cased: NFKC, 简体 and the numerals
# that are not token characters change nothing in ASCII.
_ASCII_NON_TOKEN = re.compile(r"[^0-9a-z]")


def identifier(value: str) -> str:
    """An ID, phone or case number as one exact token of letters and digits."""
    if value and value.isascii():  # nearly every one: without the three passes
        return _ASCII_NON_TOKEN.sub("", value.lower())
    return "".join(runs(normalise(value)))


@dataclass(frozen=True)
class Term:
    """One word or quoted phrase of a query; every term must match (AND)."""

    text: str  # normalised
    grams: tuple[str, ...]
    field: str  # "bi" or "uni": which token stream the phrase is matched on
    ident: str  # the term as an exact identifier

    @classmethod
    def parse(cls, raw: str) -> "Term | None":
        text = normalise(raw)
        parts = list(runs(text))
        if not parts:
            return None
        if all(len(part) > 1 for part in parts):
            return cls(text, tuple(bigrams(text)), "bi", "".join(parts))
        return cls(text, tuple(unigrams(text)), "uni", "".join(parts))


def parse_terms(query: str) -> list[Term]:
    """A query as terms: words split on spaces, "quoted phrases" kept whole.

    Nothing here is passed on as engine syntax: AND, OR, *, :, brackets and
    backslashes are ordinary characters, and only letters and digits become tokens.
    """
    cleaned = _visible(query)[:MAX_QUERY_CHARS]
    terms: list[Term] = []
    for quoted, bare in _QUOTED.findall(cleaned):
        term = Term.parse(quoted or bare)
        if term is not None and term not in terms:
            terms.append(term)
    return terms[:MAX_TERMS]


def clean_query(query: str) -> str:
    """The query as a person would read it back: control characters gone, trimmed."""
    return " ".join(_visible(query)[:MAX_QUERY_CHARS].split())


# --- Wagtail's page index: Chinese runs and Latin words in one stream ---------

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RUN = re.compile(f"[{_CJK}]+")
_WORD = re.compile(rf"[{_CJK}]+|[0-9a-z]+")


def query_terms(query: str) -> list[str]:
    """The words a person typed, normalised, without punctuation or markup."""
    return _WORD.findall(normalise(query))


# What a search box takes (the public search reads no further).
SEARCH_QUERY_LENGTH = 100


def typed_query(raw: str) -> str:
    """A typed query cleaned: NFC, invisible characters removed, spaces collapsed."""
    return " ".join(quiet_clean(raw).split())


def search_query(raw: str | None) -> str:
    """The query as a search reads it (:func:`typed_query`), or "" when it holds a
    control character, is longer than SEARCH_QUERY_LENGTH or holds nothing to
    look for. Two spellings of one search give one text: the page cache keeps a
    search's answer under it (portal.page_cache)."""
    if raw is None or refused_character(raw) is not None:
        return ""
    query = typed_query(raw)
    if len(query) > SEARCH_QUERY_LENGTH or not query_terms(query):
        return ""
    return query


def index_text(text: str) -> str:
    """Text to index: every Chinese run as its single characters and its
    bigrams, every other word as itself."""
    tokens: list[str] = []
    for word in query_terms(text):
        if _CJK_RUN.fullmatch(word):
            tokens.extend(word)
            tokens.extend(pairs(word))
        else:
            tokens.append(word)
    return " ".join(tokens)


def query_text(query: str) -> str:
    """The query as tokens matching :func:`index_text`, all of which must match."""
    tokens: list[str] = []
    for word in query_terms(query):
        if _CJK_RUN.fullmatch(word) and len(word) > 1:
            tokens.extend(pairs(word))
        else:
            tokens.append(word)
    # Keep the order but drop repeats: 救助救助 needs 救助 only once.
    return " ".join(dict.fromkeys(tokens))


def autocomplete_text(text: str) -> str:
    """A name as typed plus its bigrams, for the admin's choosers and listings.

    The name itself keeps prefix matching of whole words (codes, Latin) on every
    engine; the bigrams let 医疗 find 城乡医疗救助.
    """
    return f"{text} {index_text(text)}" if text else text
