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


@dataclass(frozen=True)
class _Gram:
    text: str
    start: int  # index in the displayed text
    end: int  # exclusive


def _grams(text: str) -> tuple[list[_Gram], list[_Gram]]:
    """Bigrams and unigrams of displayed text, each with its span in that text."""
    chars: list[tuple[str, int]] = []
    for index, char in enumerate(text):
        chars.extend((n, index) for n in fold(char))
    # 繁→简 on the whole text at once (a character's form may depend on its
    # neighbours); the conversion keeps one character for one, so positions hold.
    simplified = to_simplified("".join(char for char, _index in chars))
    if len(simplified) == len(chars):
        chars = [
            (new, index) for new, (_old, index) in zip(simplified, chars, strict=True)
        ]
    uni: list[_Gram] = []
    bi: list[_Gram] = []
    previous: tuple[str, int] | None = None
    for char, index in chars:
        if is_token_char(char):
            uni.append(_Gram(char, index, index + 1))
            if previous is not None:
                bi.append(_Gram(previous[0] + char, previous[1], index + 1))
            previous = (char, index)
        else:
            previous = None
    return bi, uni


def match_spans(text: str, terms: list[Term]) -> list[tuple[int, int]]:
    """Where in ``text`` each term matches, as merged (start, end) spans."""
    bi, uni = _grams(text)
    spans: list[tuple[int, int]] = []
    for term in terms:
        stream = bi if term.field == "bi" else uni
        width = len(term.grams)
        if not width:
            continue
        for i in range(len(stream) - width + 1):
            if all(stream[i + k].text == term.grams[k] for k in range(width)):
                spans.append((stream[i].start, stream[i + width - 1].end))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(
    text: str, terms: list[Term], *, width: int = SNIPPET_CHARS
) -> SafeString:
    """An escaped excerpt around the first match, each match in <mark>."""
    # Lines of a record become one line, each still readable on its own.
    text = " · ".join(
        " ".join(line.split()) for line in (text or "").splitlines() if line.strip()
    )
    spans = match_spans(text, terms)
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


def snippet(title: str, body: str, terms: list[Term]) -> SafeString:
    """The body's excerpt around its first match, or the title's if only it matched."""
    if terms and not match_spans(body or "", terms) and match_spans(title, terms):
        return highlight(title, terms)
    return highlight(body or title, terms)
