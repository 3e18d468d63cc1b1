"""Highlighted snippets, computed the same way for every backend.

The marks are placed by the rule the engines match by (see ``core.cjk``): a
term matches where its bigrams (or characters) appear consecutively, so exactly
that stretch of the stored text is marked — never half a word, never a
neighbouring character, whichever backend found the hit.
"""

import re
from bisect import bisect_right
from functools import cache, cached_property
from html import escape  # django.utils.html.escape's own, without its lazy wrapper
from itertools import accumulate, repeat
from operator import add, sub
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


# Characters folding into several (NFKC: ㈱ is (株)) or none: such a text keeps
# a map from each folded character back to the one it came from.
_EXPANDING: set[str] = set()


def _fold_char(char: str) -> str:
    folded = fold(char)
    if len(folded) != 1:
        _EXPANDING.add(char)
    return folded


_FOLDED = _PerCharacter(_fold_char)


def _folded(text: str) -> tuple[str, list[int] | range]:
    """Each character folded on its own, and where each folded one came from."""
    # A text already in NFKC holds only characters NFKC leaves alone, each on its
    # own too; lower case is then the whole fold, and the text's lower() is each
    # character's unless it holds Σ (final sigma looks at the neighbours) or a
    # character lowering into two (İ).
    if "Σ" not in text and is_normalized("NFKC", text):
        chars = text.lower()
        if len(chars) == len(text):
            return chars, range(len(text))
    chars = text.translate(_FOLDED)
    if _EXPANDING.isdisjoint(text):
        return chars, range(len(text))
    return chars, [index for index, char in enumerate(text) for _ in fold(char)]


# Letters and digits (core.cjk.is_token_char: alphabetic or a decimal digit)
# are ``\w`` without ``_``, as long as the text holds none of the other numerals
# ``\w`` takes (〇, Ⅻ, ½ …). Checking for those is a lookup in one table of the
# Basic Multilingual Plane; a text with one of them or any character beyond that
# plane (rare: old scripts, emoji) takes the character-by-character way.
_WORDS = re.compile(r"([^\W_]+)")  # split: between, run, between, run, …, between


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


def _split_one_by_one(chars: str) -> list[str]:
    """What ``_WORDS.split`` gives, by is_token_char itself."""
    pieces, start, in_run = [], 0, False
    for index, char in enumerate(chars):
        if is_token_char(char) != in_run:
            pieces.append(chars[start:index])
            start, in_run = index, not in_run
    pieces.append(chars[start:])
    if in_run:
        pieces.append("")
    return pieces


class _Streams:
    """The unigram and bigram token streams of a text, as strings to search in.

    ``uni`` is the text's letters and digits in order; ``bi`` its bigrams (two
    letters or digits side by side), each two characters, one after another. A
    term matches where its grams follow each other in a stream: a substring at a
    gram boundary. Only a match is mapped back to the displayed text.
    """

    def __init__(self, text: str):
        chars, self.origin = _folded(text)
        # 繁→简 on the whole text at once (a character's form may depend on its
        # neighbours); the conversion keeps one character for one, so positions hold.
        simplified = to_simplified(chars)
        if len(simplified) == len(chars):
            chars = simplified
        if _numerals().search(chars) is None:
            self.pieces = _WORDS.split(chars)
        else:
            self.pieces = _split_one_by_one(chars)
        words = self.pieces[1::2]
        self.uni = "".join(words)
        self.bi = "".join([pair for word in words for pair in map(add, word, word[1:])])

    @cached_property
    def _starts(self) -> tuple[list[int], list[list[int]]]:
        """Where each run starts in the folded text, and in ``uni`` and ``bi``
        (counted in grams: a run of n characters has n - 1 bigrams)."""
        lengths = list(map(len, self.pieces))
        runs = list(accumulate(lengths, initial=0))[1::2]
        words = lengths[1::2]
        return runs, [
            list(accumulate(words, initial=0)),
            list(accumulate(map(sub, words, repeat(1)), initial=0)),
        ]

    def _char(self, stream: int, at: int) -> int:
        """The position in the folded text of a stream's ``at``-th gram."""
        runs, starts = self._starts
        run = bisect_right(starts[stream], at) - 1
        return runs[run] + at - starts[stream][run]

    def spans(self, term: Term) -> list[tuple[int, int]]:
        width = len(term.grams)
        if not width:
            return []
        bi = term.field == "bi"
        stream, step = (self.bi, 2) if bi else (self.uni, 1)
        needle = "".join(term.grams)
        found = []
        at = stream.find(needle)
        while at != -1:
            if at % step == 0:
                first, last = at // step, at // step + width - 1
                start = self._char(bi, first)
                end = self._char(bi, last) + (1 if bi else 0)
                found.append((self.origin[start], self.origin[end] + 1))
            at = stream.find(needle, at + 1)
        return found


def _spans(streams: _Streams, terms: list[Term]) -> list[tuple[int, int]]:
    spans = sorted(span for term in terms for span in streams.spans(term))
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def match_spans(text: str, terms: list[Term]) -> list[tuple[int, int]]:
    """Where in ``text`` each term matches, as merged (start, end) spans."""
    if not text or not terms:
        return []
    return _spans(_Streams(text), terms)


def _one_line(text: str) -> str:
    """Lines of a record become one line, each still readable on its own."""
    return " · ".join(
        " ".join(line.split()) for line in (text or "").splitlines() if line.strip()
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
