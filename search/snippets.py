"""Highlighted snippets, computed the same way for every backend.

The marks are placed by the rule the engines match by (see ``core.cjk``): a
term matches where its bigrams (or characters) appear consecutively, so exactly
that stretch of the stored text is marked — never half a word, never a
neighbouring character, whichever backend found the hit.
"""

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from core.cjk import Term, fold, is_token_char, to_simplified

SNIPPET_CHARS = 120


# Per character: its folded form and whether it is a letter or digit. Texts are
# drawn from a few thousand distinct characters, so both are looked up, not
# recomputed (NFKC per character was most of a search's time).
_FOLDED: dict[str, str] = {}
_TOKEN: dict[str, bool] = {}
_CACHE_LIMIT = 100_000


def _fold_char(char: str) -> str:
    folded = _FOLDED.get(char)
    if folded is None:
        folded = fold(char)
        if len(_FOLDED) < _CACHE_LIMIT:
            _FOLDED[char] = folded
    return folded


def _is_token(char: str) -> bool:
    token = _TOKEN.get(char)
    if token is None:
        token = is_token_char(char)
        if len(_TOKEN) < _CACHE_LIMIT:
            _TOKEN[char] = token
    return token


@dataclass
class _Stream:
    """One token stream of a text: each gram and its span in the displayed text."""

    texts: list[str]
    starts: list[int]
    ends: list[int]  # exclusive


def _grams(text: str) -> tuple[_Stream, _Stream]:
    """Bigrams and unigrams of displayed text, each with its span in that text."""
    folded = [_fold_char(char) for char in text]
    if all(len(part) == 1 for part in folded):
        chars = "".join(folded)
        origin: list[int] | range = range(len(text))
    else:  # a character folding into several (NFKC: ㈱ is (株)) or none
        chars = "".join(folded)
        origin = [index for index, part in enumerate(folded) for _char in part]
    # 繁→简 on the whole text at once (a character's form may depend on its
    # neighbours); the conversion keeps one character for one, so positions hold.
    simplified = to_simplified(chars)
    if len(simplified) == len(chars):
        chars = simplified
    token = [_is_token(char) for char in chars]
    at = [i for i, is_token in enumerate(token) if is_token]
    uni = _Stream(
        [chars[i] for i in at], [origin[i] for i in at], [origin[i] + 1 for i in at]
    )
    # A bigram: two letters or digits side by side in the folded text.
    pairs = [i for i in at if i + 1 < len(token) and token[i + 1]]
    bi = _Stream(
        [chars[i : i + 2] for i in pairs],
        [origin[i] for i in pairs],
        [origin[i + 1] + 1 for i in pairs],
    )
    return bi, uni


def _spans(
    streams: tuple[_Stream, _Stream], terms: list[Term]
) -> list[tuple[int, int]]:
    bi, uni = streams
    spans: list[tuple[int, int]] = []
    for term in terms:
        stream = bi if term.field == "bi" else uni
        width = len(term.grams)
        if not width:
            continue
        texts, first, rest = stream.texts, term.grams[0], list(term.grams[1:])
        last = len(texts) - width
        i = -1
        while True:
            try:
                i = texts.index(first, i + 1, last + 1)
            except ValueError:
                break
            if texts[i + 1 : i + width] == rest:
                spans.append((stream.starts[i], stream.ends[i + width - 1]))
    spans.sort()
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
    return _spans(_grams(text), terms)


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
