"""The one ranking of the public search, the same whatever engine found the pages.

The engine (the database or Elasticsearch, portal.search.service) only *finds*
the pages that may hold the subjects; which of them hold them and in what order
is decided here, in Python, from the pages' own text. So both engines give the
same list for the same query, by construction.

Order, first rule first:

1. **Known item**: a page whose 文号 or title is exactly what was typed.
2. **效力**: current documents (现行有效; guides and the complaint page are always
   current) before amended (已修订), before repealed (已废止) ones.
3. **Score**: for every subject, the mentions of any of its terms, by field:
   title and 文号 weigh :data:`WEIGHTS` 8, the guide's 救助事项 6, the summary 3,
   the body 1; repeated mentions count less and less (:func:`saturate`).
   Question words add at most HINT_CAP (0.5), less than one mention in the body,
   so they never outweigh the subject.
4. Then guides before policies before the complaint page, then the title.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from core.cjk import identifier, normalise, to_simplified

from .query import HINT_CAP, ParsedQuery, Subject, Vocabulary

WEIGHTS = {"title": 8.0, "number": 8.0, "subject": 6.0, "summary": 3.0, "body": 1.0}
HINT_WEIGHT = 0.2
SNIPPET_RADIUS = 60

KIND_ORDER = {"guide": 0, "policy": 1, "channel": 2}
KIND_LABELS = {
    "policy": _("政策文件"),
    "guide": _("办事指南"),
    "channel": _("投诉渠道"),
}
STATUS_ORDER = {"in_force": 0, "amended": 1, "repealed": 2}
STATUS_LABELS = {
    "in_force": _("现行有效"),
    "amended": _("已修订"),
    "repealed": _("已废止"),
}


@dataclass(frozen=True)
class SearchDocument:
    """What the search reads of one page, by field, as plain text."""

    pk: int
    kind: str  # "policy", "guide" or "channel"
    status: str  # PolicyPage.Status values
    url: str
    title: str
    number: str = ""
    subject: str = ""
    summary: str = ""
    body: str = ""

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    # Worked out once per document: documents are kept for a content generation
    # (portal.search.documents), and OpenCC takes milliseconds on a page of text.

    @cached_property
    def folded(self) -> dict[str, str]:
        """Each field in the form queries are compared in (core.cjk.normalise)."""
        return {name: normalise(getattr(self, name)) for name in WEIGHTS}

    @cached_property
    def identifiers(self) -> tuple[str, str]:
        """文号 and title as identifiers (letters and digits, normalised)."""
        return identifier(self.number), identifier(self.title)

    @cached_property
    def reading_text(self) -> str:
        """Summary and body as a reader sees them, in 简体, for snippets."""
        return " ".join(to_simplified(f"{self.summary}\n{self.body}").split())


@dataclass(frozen=True)
class Matcher:
    """Finds one subject's terms in a text, never inside a longer known term of
    another group (低保 in 低保边缘 is not a mention of 低保)."""

    subject: Subject
    blockers: frozenset[str]
    pattern: re.Pattern

    @classmethod
    def build(cls, subject: Subject, vocabulary: Vocabulary) -> "Matcher":
        blockers = {b for term in subject.terms for b in vocabulary.blockers(term)}
        pieces = sorted({*subject.terms, *blockers}, key=len, reverse=True)
        pattern = re.compile("|".join(map(re.escape, pieces)), re.IGNORECASE)
        return cls(subject, frozenset(blockers), pattern)

    def mentions(self, text: str) -> Iterator[re.Match]:
        return (
            m for m in self.pattern.finditer(text) if m.group() not in self.blockers
        )

    def count(self, text: str) -> int:
        # findall: the same non-overlapping matches as mentions(), as strings,
        # without a match object each (the ranking counts thousands a search).
        found = self.pattern.findall(text) if text else ()
        if not self.blockers:
            return len(found)
        return sum(1 for mention in found if mention not in self.blockers)


def matchers(parsed: ParsedQuery, vocabulary: Vocabulary) -> list[Matcher]:
    return [Matcher.build(subject, vocabulary) for subject in parsed.subjects]


def saturate(mentions: int) -> float:
    """1 for one mention, growing ever slower towards 2.2 (BM25's k1 = 1.2)."""
    return mentions * 2.2 / (mentions + 1.2) if mentions else 0.0


def score(doc: SearchDocument, parsed: ParsedQuery, found: list[Matcher]) -> float:
    """The page's score, or -1 when a subject is missing from it."""
    total = 0.0
    for matcher in found:
        subject_score = sum(
            weight * saturate(matcher.count(doc.folded[name]))
            for name, weight in WEIGHTS.items()
        )
        if subject_score == 0:
            return -1.0
        total += subject_score
    if parsed.hints:
        text = "".join(doc.folded.values())
        total += min(HINT_CAP, HINT_WEIGHT * sum(h in text for h in parsed.hints))
    return total


def is_known_item(doc: SearchDocument, parsed: ParsedQuery) -> bool:
    """The query is this page's 文号 or its title, as typed."""
    # parsed.whole is the query's letters and digits, normalised: an identifier.
    return bool(parsed.whole) and parsed.whole in doc.identifiers


def rank(
    docs: list[SearchDocument], parsed: ParsedQuery, vocabulary: Vocabulary
) -> list[SearchDocument]:
    """The documents holding every subject, in the order the module describes."""
    found = matchers(parsed, vocabulary)
    keyed = []
    for doc in docs:
        points = score(doc, parsed, found)
        if points < 0:
            continue
        keyed.append(
            (
                not is_known_item(doc, parsed),
                STATUS_ORDER.get(doc.status, len(STATUS_ORDER)),
                -round(points, 6),
                KIND_ORDER.get(doc.kind, len(KIND_ORDER)),
                doc.title,
                doc.pk,
                doc,
            )
        )
    keyed.sort(key=lambda row: row[:-1])
    return [row[-1] for row in keyed]


def snippet(
    doc: SearchDocument, found: list[Matcher], radius: int = SNIPPET_RADIUS
) -> SafeString:
    """A window of the page's own words (summary, then body) around the first
    mention of a subject, every mention in <mark>; the summary's start when the
    subject is only in the title or 文号."""
    text = doc.reading_text
    first = None
    for matcher in found:
        hit = next(
            (
                m
                for m in matcher.pattern.finditer(text)
                if m.group() not in matcher.blockers
            ),
            None,
        )
        if hit is not None and (first is None or hit.start() < first.start()):
            first = hit
    if first is None:
        shortened = text[: radius * 2]
        suffix = "…" if len(text) > len(shortened) else ""
        return mark_safe(escape(shortened) + suffix)  # noqa: S308 - escaped
    start = max(first.start() - radius, 0)
    end = min(first.end() + radius, len(text))
    window = text[start:end]
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    # Every piece of page text is escaped; only <mark> is markup.
    return mark_safe(prefix + _marked(window, found) + suffix)  # noqa: S308


def _marked(window: str, found: list[Matcher]) -> str:
    spans: list[tuple[int, int]] = []
    for matcher in found:
        spans.extend(m.span() for m in matcher.mentions(window))
    pieces, last = [], 0
    for begin, finish in sorted(spans):
        if begin < last:
            continue  # overlapping mentions of two subjects: mark the first
        pieces.append(escape(window[last:begin]))
        pieces.append(f"<mark>{escape(window[begin:finish])}</mark>")
        last = finish
    pieces.append(escape(window[last:]))
    return "".join(pieces)
