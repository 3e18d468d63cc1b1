"""A search request and its answer, as plain data shared by every backend and caller.

``parse_query`` is the one gate for what a person typed into the admin form or the
API: it checks every filter against the directory and the known choices and raises
:class:`QueryError` with a Chinese message instead of letting a bad value through.
"""

from collections.abc import Callable, Container
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from django.utils.translation import gettext as _

from core.cjk import MAX_QUERY_CHARS, Term, clean_query, parse_terms
from core.text import quiet_clean, refused_character
from portal.people import PersonNotFound, resolve_person

from . import vocabulary
from .errors import QueryError

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
MAX_PAGE = 10_000
# The archive's dates lie well inside these; the bounds keep the day after
# ``to`` and local midnight in UTC representable (date.max + 1 day overflows).
FIRST_DATE = date(1900, 1, 1)
LAST_DATE = date(2999, 12, 31)
SORTS = ("relevance", "newest", "oldest")
FILTERS = (
    "kind",
    "assistance_type",
    "status",
    "township",
    "channel",
    "handler",
    "user",
)
# Django's own username characters; anything else cannot name a user.
FACETS = ("kind", "assistance_type", "status", "township", "channel")


def tally(facets: dict[str, dict[str, int]], values, count: int) -> None:
    """Add ``count`` documents having these FACETS values (one group of a
    grouped count) to each facet's counts; empty values are not counted."""
    for name, value in zip(FACETS, values, strict=True):
        if value:
            facets[name][value] = facets[name].get(value, 0) + count


# What a stand-in does not reach through a case's number: complaints are read
# by the township window and the county only (cases.access, "complaint.view").
NOT_BY_CASE_NUMBER = ("complaint:", "history:cases.complaint:")


@dataclass(frozen=True)
class SearchQuery:
    text: str = ""
    kind: str = ""
    assistance_type: str = ""
    status: str = ""
    township: str = ""
    channel: str = ""
    handler: str = ""  # the case's handler (经办人), a username
    user: str = ""  # who made a change (history versions), a username
    date_from: date | None = None
    date_to: date | None = None
    sort: str = "relevance"
    page: int = 1
    page_size: int = PAGE_SIZE
    # Set by the scope, never by the person searching: None means no restriction.
    townships: tuple[str, ...] | None = None
    villages: tuple[str, ...] | None = None
    # Case numbers reached beyond those places (AB角顶岗), complaints left out.
    cases: tuple[str, ...] = ()

    @property
    def terms(self) -> list[Term]:
        return parse_terms(self.text)

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size

    def filters(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in FILTERS if getattr(self, name)}

    def scoped(self, townships, villages, cases=()) -> "SearchQuery":
        return replace(
            self,
            townships=None if townships is None else tuple(townships),
            villages=None if villages is None else tuple(villages),
            cases=tuple(cases),
        )

    def as_log(self) -> dict:
        logged = {"q": self.text, **self.filters(), "sort": self.sort}
        if self.date_from:
            logged["from"] = self.date_from.isoformat()
        if self.date_to:
            logged["to"] = self.date_to.isoformat()
        return logged


@dataclass
class Hit:
    key: str
    kind: str
    case_number: str
    number: str
    title: str
    body: str
    at: datetime
    township: str
    status: str
    assistance_type: str
    channel: str
    handler: str
    user: str
    record: str
    score: float = 0.0
    snippet: str = ""


@dataclass
class SearchResults:
    total: int
    hits: list[Hit]
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    # The engine's own time where it reports one (Elasticsearch's ``took``):
    # benchmarks weigh what the application adds against it.
    engine_ms: float | None = None


def parse_day(raw: str, name: str) -> date | None:
    """A date as typed (2026-10-31), or QueryError naming the field ``name``."""
    raw = (raw or "").strip()
    if not raw:
        return None
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        raise QueryError(
            name,
            _("日期“%(value)s”无法识别，请写成 2026-10-31 的格式。")
            % {"value": raw[:20]},
        ) from None
    if not FIRST_DATE <= day <= LAST_DATE:
        raise QueryError(
            name,
            _("日期须在 %(first)s 至 %(last)s 之间。")
            % {"first": FIRST_DATE.isoformat(), "last": LAST_DATE.isoformat()},
        )
    return day


def _date(params, name: str) -> date | None:
    return parse_day(params.get(name), name)


def _choice(params, name: str, allowed: Callable[[], Container], message: str) -> str:
    """The value given for ``name`` if ``allowed()`` holds it; the choices are
    read (from the directory, for townships and assistance types) only when a
    value is given."""
    raw = (params.get(name) or "").strip()
    if raw and raw not in allowed():
        raise QueryError(name, message % {"value": raw[:40]})
    return raw


def _positive(params, name: str, default: int, ceiling: int, *, clamp: bool) -> int:
    """A whole number from 1; past ``ceiling`` clamped (pages) or refused (sizes)."""
    raw = str(params.get(name) or "").strip()
    if not raw:
        return default
    # Python refuses int() of 4,300+ digits; any number that long is past the end.
    if raw.isdecimal() and len(raw) > 7 and clamp:
        return ceiling
    if (
        not raw.isdecimal()
        or len(raw) > 7
        or int(raw) < 1
        or (not clamp and int(raw) > ceiling)
    ):
        raise QueryError(
            name,
            _("%(name)s 须为 1 至 %(max)s 之间的整数。")
            % {"name": name, "max": ceiling},
        )
    return min(int(raw), ceiling)


def _person(params, name: str, role_word: str) -> str:
    """A person filter: the account name, the person's name or the chooser's label."""
    text = (params.get(name) or "").strip()
    if text and text in vocabulary.active_usernames:
        return text  # what resolve_person answers for an active account's name
    try:
        return resolve_person(text, role_word=role_word)
    except PersonNotFound as error:
        raise QueryError(name, error.message) from error


def parse_query(params) -> SearchQuery:
    """A SearchQuery from URL or form parameters, or QueryError naming the bad one."""
    raw_text = params.get("q") or ""
    problem = refused_character(raw_text)
    if problem is not None:
        raise QueryError("q", _("检索词") + str(problem.message))
    raw_text = quiet_clean(raw_text)
    if len(raw_text) > MAX_QUERY_CHARS:
        raise QueryError(
            "q",
            _("检索词过长（最多 %(max)s 个字），请缩短后再试。")
            % {"max": MAX_QUERY_CHARS},
        )
    date_from, date_to = _date(params, "from"), _date(params, "to")
    if date_from and date_to and date_from > date_to:
        raise QueryError("to", _("截止日期不能早于起始日期。"))
    handler = _person(params, "handler", _("经办人"))
    user = _person(params, "user", _("工作人员"))
    return SearchQuery(
        text=clean_query(raw_text),
        kind=_choice(
            params, "kind", vocabulary.kind_codes, _("未知的记录类别：%(value)s。")
        ),
        assistance_type=_choice(
            params,
            "assistance_type",
            lambda: vocabulary.assistance_type_codes,
            _("未知的救助事项代码：%(value)s。"),
        ),
        status=_choice(
            params, "status", vocabulary.status_codes, _("未知的状态：%(value)s。")
        ),
        township=_choice(
            params,
            "township",
            lambda: vocabulary.township_codes,
            _("未知的乡镇代码：%(value)s。"),
        ),
        channel=_choice(
            params, "channel", vocabulary.channel_codes, _("未知的渠道：%(value)s。")
        ),
        handler=handler,
        user=user,
        date_from=date_from,
        date_to=date_to,
        sort=_choice(params, "sort", lambda: SORTS, _("未知的排序方式：%(value)s。"))
        or "relevance",
        page=_positive(params, "page", 1, MAX_PAGE, clamp=True),
        page_size=_positive(params, "size", PAGE_SIZE, MAX_PAGE_SIZE, clamp=False),
    )
