"""What a resident typed, as the subjects to look for (检索词解析).

Residents type questions, not keywords: 怎么申请低保, 临救需要什么材料. The rules:

- **The subject decides.** Question words (怎么, 如何, 申请, 办理, 哪里, 什么,
  需要 …) and particles (的, 吗 …) are taken out of the subject; a page need not
  hold them, and holding them adds at most :data:`HINT_CAP` to its score, less
  than one mention of the subject in the body (portal.search.ranking). Only a
  query made of question words alone is searched for those words.
- **Synonyms and abbreviations** (portal.models.SearchSynonym, kept by editors):
  a subject that is one of a group's terms is found by any of them, so 低保 finds
  最低生活保障. Known terms are cut out of a run of Chinese first, longest first,
  so 低保边缘 stays one term (低边) and is not read as 低保 plus 边缘.
- Everything is compared in one form (core.cjk.normalise: NFKC, lower case, 简体),
  so 臨時救助 is 临时救助. Nothing typed is passed on as engine syntax.

Every subject must be found (AND); within a subject any of its terms will do (OR).
"""

from dataclasses import dataclass, field

from core.cjk import normalise, query_terms

# Longest first where one contains another (怎么办 before 怎么).
QUESTION_WORDS = (
    "怎么办理",
    "怎么申请",
    "怎么样",
    "怎么办",
    "怎么",
    "怎样",
    "如何",
    "申请",
    "办理",
    "在哪里",
    "在哪儿",
    "去哪里",
    "到哪里",
    "哪里",
    "哪儿",
    "在哪",
    "去哪",
    "什么",
    "需要",
    "需不需要",
    "多少",
    "多久",
    "多长时间",
    "几天",
    "可以",
    "能不能",
    "能否",
    "是否",
    "有没有",
    "请问",
    "咨询",
    "想要",
    "我想",
    "我要",
    "哪些",
    "怎么弄",
)
# Words that hold a question word but are subjects themselves (申请书 is a form).
KEPT_WORDS = ("申请书", "申请表", "申请人", "申请材料", "申请条件")
# Single characters that carry no subject: dropped at the edge of a cut and
# when a piece is made of nothing else.
PARTICLES = frozenset("的吗呢吧啊呀么了是要我你哦嘛")
# At most this much is added for question words found on a page.
HINT_CAP = 0.5
MAX_SUBJECTS = 8
MAX_ALTERNATIVES = 8


@dataclass(frozen=True)
class Subject:
    """One thing the page must be about: the words as typed (normalised) and
    every term that stands for it (the typed one first)."""

    typed: str
    terms: tuple[str, ...]


@dataclass(frozen=True)
class Vocabulary:
    """The synonym groups, normalised: each term and the group it belongs to."""

    groups: tuple[tuple[str, ...], ...] = ()
    group_of: dict[str, int] = field(default_factory=dict)

    @classmethod
    def from_groups(cls, groups) -> "Vocabulary":
        kept: list[tuple[str, ...]] = []
        group_of: dict[str, int] = {}
        for group in groups:
            terms = tuple(t for t in dict.fromkeys(map(normalise, group)) if t)
            terms = tuple(t for t in terms if t not in group_of)
            if len(terms) < 2:
                continue
            for term in terms:
                group_of[term] = len(kept)
            kept.append(terms)
        return cls(tuple(kept), group_of)

    def terms_for(self, word: str) -> tuple[str, ...]:
        index = self.group_of.get(word)
        if index is None:
            return (word,)
        group = self.groups[index]
        return (word, *(t for t in group if t != word))[:MAX_ALTERNATIVES]

    def known(self) -> set[str]:
        return set(self.group_of) | set(KEPT_WORDS)

    def blockers(self, term: str) -> tuple[str, ...]:
        """Longer terms of *other* groups that contain the known ``term``: inside
        them ``term`` is not itself (低保 inside 低保边缘 is about 低边, not 低保)."""
        own = self.group_of.get(term)
        if own is None:
            # Typed words outside the list are found wherever they stand.
            return ()
        return tuple(
            other
            for other, index in self.group_of.items()
            if index != own and len(other) > len(term) and term in other
        )


@dataclass(frozen=True)
class ParsedQuery:
    subjects: tuple[Subject, ...]
    # Question words the resident typed: a small bonus where a page holds them.
    hints: tuple[str, ...] = ()
    # The typed query, normalised, without spaces (for an exact title or 文号).
    whole: str = ""

    @property
    def empty(self) -> bool:
        return not self.subjects

    def expansions(self) -> list[str]:
        """The synonyms searched besides what was typed, for the page to say so."""
        return [term for s in self.subjects for term in s.terms if term != s.typed]


def parse(query: str, vocabulary: Vocabulary | None = None) -> ParsedQuery:
    """The subjects of a query, its question words and synonyms resolved."""
    vocabulary = vocabulary or Vocabulary()
    known = sorted(vocabulary.known(), key=len, reverse=True)
    words = query_terms(query)
    pieces: list[str] = []
    hints: list[str] = []
    for word in words:
        if word.isascii():
            pieces.append(word)
            continue
        subjects, questions = _cut(word, known)
        pieces.extend(subjects)
        hints.extend(questions)
    if not pieces:
        # 怎么申请 alone: the question words are all there is to look for.
        pieces, hints = [h for h in hints if h not in PARTICLES], []
    subjects: list[Subject] = []
    for piece in pieces:
        subject = Subject(piece, vocabulary.terms_for(piece))
        if all(set(subject.terms) != set(s.terms) for s in subjects):
            subjects.append(subject)
    return ParsedQuery(
        subjects=tuple(subjects[:MAX_SUBJECTS]),
        hints=tuple(dict.fromkeys(h for h in hints if h not in PARTICLES)),
        whole="".join(words),
    )


def _cut(run: str, known: list[str]) -> tuple[list[str], list[str]]:
    """A run of Chinese as subject pieces and question words.

    Scanning left to right, a known term (synonym or kept word) is taken whole,
    longest first; else a question word is cut out; other characters gather into
    a piece, trimmed of particles where it meets a cut or ends the run.
    """
    subjects: list[str] = []
    questions: list[str] = []
    piece_start = at = 0
    while at < len(run):
        term = next((t for t in known if run.startswith(t, at)), None)
        question = None if term else _question_at(run, at)
        if term is None and question is None:
            at += 1
            continue
        _keep(run[piece_start:at], subjects, trim_start=piece_start > 0)
        if term is not None:
            subjects.append(term)
        else:
            questions.append(question)
        at += len(term or question)
        piece_start = at
    _keep(run[piece_start:], subjects, trim_start=piece_start > 0)
    return subjects, questions


def _question_at(run: str, at: int) -> str | None:
    return next(
        (word for word in _QUESTIONS_LONGEST_FIRST if run.startswith(word, at)), None
    )


_QUESTIONS_LONGEST_FIRST = sorted(QUESTION_WORDS, key=len, reverse=True)
_PARTICLE_CHARS = "".join(sorted(PARTICLES))


def _keep(piece: str, subjects: list[str], *, trim_start: bool) -> None:
    """Keep a gathered piece, without particles where it meets a cut or ends."""
    if trim_start:
        piece = piece.lstrip(_PARTICLE_CHARS)
    piece = piece.rstrip(_PARTICLE_CHARS)
    if piece:
        subjects.append(piece)
