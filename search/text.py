"""How archive text is normalised, cut into tokens and matched, for every backend.

Chinese has no spaces, so a word-based engine never finds 临时救助 inside a
sentence. Both backends therefore index overlapping character bigrams (and single
characters for one-character words) and match a query word as a *phrase* of its
bigrams: consecutive bigrams are exactly a substring. The rules here mirror the
Elasticsearch ``ngram`` tokenizer with ``token_chars: [letter, digit]``:

- a *run* is a maximal stretch of letters (Unicode L*) and decimal digits;
  everything else (spaces, punctuation, symbols) separates runs;
- bigram positions count on across runs; a one-character run yields no bigram;
- every character of every run is also a unigram, positions counting on likewise.

Text is normalised in Python (NFKC, lower case) before it reaches either engine,
so both see identical characters.
"""

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from core.text import INVISIBLE

MAX_QUERY_CHARS = 200
MAX_TERMS = 12
_QUOTED = re.compile(r'"([^"]*)"|(\S+)')
# Controls and line separators split words; invisible characters (core.text)
# are removed, so 低\u200b保 is 低保 as it is in the stored text.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _visible(query: str) -> str:
    return _CONTROL.sub(" ", INVISIBLE.sub("", query or ""))


def normalise(text: str) -> str:
    """NFKC and lower case: full-width Ｑｈ１ and ｑh1 are the same word."""
    return unicodedata.normalize("NFKC", text or "").lower()


def is_token_char(char: str) -> bool:
    return char.isalpha() or char.isdecimal()


def runs(text: str) -> Iterator[str]:
    """Maximal stretches of letters and digits in already normalised text."""
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
    grams: list[str] = []
    for run in runs(text):
        grams.extend(run[i : i + 2] for i in range(len(run) - 1))
    return grams


def unigrams(text: str) -> list[str]:
    return [char for run in runs(text) for char in run]


def identifier(value: str) -> str:
    """An ID, phone or case number as one exact token of letters and digits."""
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
