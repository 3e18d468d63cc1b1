"""Highlighted snippets, computed the same way for every backend.

The marks are placed by the rule the engines match by (see ``core.cjk``): a
term matches where its bigrams (or characters) appear consecutively, so exactly
that stretch of the stored text is marked — never half a word, never a
neighbouring character, whichever backend found the hit.
"""

import re
from collections.abc import Iterator
from functools import cache, lru_cache
from html import escape  # django.utils.html.escape's own, without its lazy wrapper
from itertools import pairwise
from unicodedata import is_normalized

from django.utils.safestring import SafeString, mark_safe

from core.cjk import Term, fold, is_token_char, to_simplified

SNIPPET_CHARS = 120


# A character's folded form (NFKC, lower case), looked up by ``str.translate``
# in C and worked out once per character (texts are drawn from a few thousand):
# for a text that is not already in that form. NFKC per character was once most
# of a search's time, then the Python loop over every character.
_CACHE_LIMIT = 100_000


class _PerCharacter(dict):
    """A translate table filled on first sight of each character."""

    def __init__(self, rule):
        super().__init__()
        self.rule = rule

    def __missing__(self, code: int) -> str:
        value = self.rule(chr(code))
        if len(self) < _CACHE_LIMIT:
            self[code] = value
        return value


_FOLDED = _PerCharacter(fold)


def _folded(text: str) -> tuple[str, list[int] | range]:
    """Each character folded on its own, and where each folded one came from."""
    # A text already in NFKC holds only characters NFKC leaves alone, each on its
    # own too; lower case is then the whole fold, and the text's lower() is each
    # character's unless it holds Σ (final sigma looks at the neighbours).
    if "Σ" not in text and is_normalized("NFKC", text):
        chars = text.lower()
    else:
        chars = text.translate(_FOLDED)
    # No character folds into nothing, so the same length means one for one;
    # otherwise one folded into several (NFKC: ㈱ is (株); İ lowers to two).
    if len(chars) == len(text):
        return chars, range(len(text))
    chars = text.translate(_FOLDED)
    return chars, [index for index, char in enumerate(text) for _ in fold(char)]


def _normalised(text: str) -> tuple[str, list[int] | range]:
    """The text as the engines compare it, and where each character came from."""
    chars, origin = _folded(text)
    # 繁→简 on the whole text at once (a character's form may depend on its
    # neighbours); the conversion keeps one character for one, so positions hold.
    simplified = to_simplified(chars)
    if len(simplified) == len(chars):
        chars = simplified
    return chars, origin


# A term matches where its grams follow each other in a token stream: its
# characters one after another, letters and digits only (``uni``), or its
# bigrams, each two letters or digits side by side (``bi``). On the text itself
# that is a regular expression: between two unigrams anything but a letter or
# digit; from one bigram to the next either the next character of the same run
# or, past the run's end, whatever holds no bigram (other characters, single
# letters or digits) up to the next run's first bigram.
#
# Letters and digits (core.cjk.is_token_char: alphabetic or a decimal digit)
# are ``\w`` without ``_``, as long as the text holds none of the other numerals
# ``\w`` takes (〇, Ⅻ, ½ …). Checking for those is a lookup in one table of the
# Basic Multilingual Plane; a text with one of them or any character beyond that
# plane (rare: old scripts, emoji) is read character by character instead.
_GAP = r"[\W_]*+"
_TO_NEXT_RUN = r"[\W_]++(?:[^\W_][\W_]++)*+"


@lru_cache(maxsize=1024)
def _pattern(field: str, grams: tuple[str, ...]) -> re.Pattern:
    if field != "bi":
        return re.compile(_GAP.join(map(re.escape, grams)))
    parts = [re.escape(grams[0])]
    for before, gram in pairwise(grams):
        step = _TO_NEXT_RUN + re.escape(gram)
        if before[1] == gram[0]:
            step = f"(?:{re.escape(gram[1])}|{step})"
        parts.append(step)
    return re.compile("".join(parts))


@cache
def _numerals() -> re.Pattern:
    """Numerals that are neither letters nor decimal digits, or any character
    beyond the Basic Multilingual Plane (found once per process)."""
    numerals = "".join(
        re.escape(char)
        for char in map(chr, range(0x10000))
        if char.isnumeric() and not (char.isalpha() or char.isdecimal())
    )
    return re.compile(f"[{numerals}\\U00010000-\\U0010ffff]")


def _found(chars: str, terms: list[Term]) -> Iterator[tuple[int, int]]:
    """Each match of each term in ``chars`` (overlapping ones too), as spans."""
    for term in terms:
        if not term.grams:
            continue
        search = _pattern(term.field, term.grams).search
        match = search(chars)
        while match is not None:
            yield match.span()
            match = search(chars, match.start() + 1)


def _found_one_by_one(chars: str, terms: list[Term]) -> Iterator[tuple[int, int]]:
    """The same, by is_token_char itself and the streams written out."""
    at = [index for index, char in enumerate(chars) if is_token_char(char)]
    followed = set(at)
    streams = {
        "uni": [(chars[i], i, i + 1) for i in at],
        "bi": [(chars[i : i + 2], i, i + 2) for i in at if i + 1 in followed],
    }
    for term in terms:
        stream, width = streams[term.field], len(term.grams)
        grams = [gram for gram, _start, _end in stream]
        for i in range(len(stream) - width + 1):
            if width and tuple(grams[i : i + width]) == term.grams:
                yield stream[i][1], stream[i + width - 1][2]


def match_spans(text: str, terms: list[Term]) -> list[tuple[int, int]]:
    """Where in ``text`` each term matches, as merged (start, end) spans."""
    if not text or not terms:
        return []
    chars, origin = _normalised(text)
    find = _found if _numerals().search(chars) is None else _found_one_by_one
    spans = sorted(
        (origin[start], origin[end - 1] + 1) for start, end in find(chars, terms)
    )
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _one_line(text: str) -> str:
    """Lines of a record become one line, each still readable on its own."""
    # A line of spaces only gives "", and is left out.
    return " · ".join(
        filter(None, map(" ".join, map(str.split, (text or "").splitlines())))
    )


def _excerpt(text: str, spans: list[tuple[int, int]], width: int) -> SafeString:
    if not spans:
        excerpt = text[:width]
        return mark_safe(escape(excerpt) + ("…" if len(text) > width else ""))  # noqa: S308
    first = spans[0][0]
    start = max(0, min(first - width // 4, len(text) - width))
    end = min(len(text), start + width)
    parts: list[str] = ["…"] if start > 0 else []
    cursor = start
    for span_start, span_end in spans:
        if span_end <= start or span_start >= end:
            continue
        span_start, span_end = max(span_start, start), min(span_end, end)
        parts.append(escape(text[cursor:span_start]))
        parts.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        cursor = span_end
    parts.append(escape(text[cursor:end]))
    if end < len(text):
        parts.append("…")
    # Every piece of stored text above went through escape(); only <mark> is ours.
    return mark_safe("".join(parts))  # noqa: S308


def highlight(
    text: str, terms: list[Term], *, width: int = SNIPPET_CHARS
) -> SafeString:
    """An escaped excerpt around the first match, each match in <mark>."""
    text = _one_line(text)
    return _excerpt(text, match_spans(text, terms), width)


def snippet(title: str, body: str, terms: list[Term]) -> SafeString:
    """The body's excerpt around its first match, or the title's if only it matched."""
    # The body's tokens are the same on one line as on several (line breaks and
    # spaces are no tokens), so its spans are found once, on the line shown.
    text = _one_line(body or title)
    spans = match_spans(text, terms)
    if body and terms and not spans and match_spans(title, terms):
        return highlight(title, terms)
    return _excerpt(text, spans, SNIPPET_CHARS)
