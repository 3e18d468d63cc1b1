"""What the search page shows, as plain data: form fields, facets, chips, pages, hits.

Nothing here decides who may see what (search.service does) or whether a value
is valid (search.query does); this only turns the request and the answer into
links and labels, so the views and the template stay simple.
"""

import math

from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from portal.models import Township, Village

from .. import vocabulary
from ..query import FACETS, FILTERS, Hit, SearchQuery

DATES = ("from", "to")
# Every parameter the page keeps in its links; anything else in the URL is dropped.
KNOWN = ("q", *FILTERS, *DATES, "sort", "size")
FIELD_LABELS = {
    "q": _("检索词"),
    "kind": _("类别"),
    "assistance_type": _("救助事项"),
    "status": _("状态"),
    "township": _("乡镇"),
    "channel": _("渠道"),
    "handler": _("经办人"),
    "user": _("操作人"),
    "from": _("起始日期"),
    "to": _("截止日期"),
    "sort": _("排序"),
    "page": _("页码"),
    "size": _("每页条数"),
}
SORT_LABELS = {
    "relevance": _("相关度"),
    "newest": _("最新在前"),
    "oldest": _("最早在前"),
}
PAGE_WINDOW = 2


def current(params) -> dict[str, str]:
    """The known parameters the request carries, each as one string."""
    values = {}
    for name in KNOWN:
        value = params.get(name)
        if value is not None and str(value).strip():
            values[name] = str(value) if name == "q" else str(value).strip()
    return values


def link(values: dict[str, str], **changes) -> str:
    """A query string for the search page: these values with changes, page reset."""
    merged = {**values, **{k: v for k, v in changes.items() if k != "page"}}
    pairs = [(name, merged[name]) for name in KNOWN if merged.get(name)]
    page = changes.get("page")
    if page and page != 1:
        pairs.append(("page", page))
    return "?" + urlencode(pairs)


def township_options(scope) -> dict[str, str]:
    """The townships a person may pick: a clerk only their own."""
    everything = vocabulary.townships()
    townships, villages = scope.townships, scope.villages
    if townships is None:
        return everything
    codes = set(townships) | set(
        Village.objects.filter(code__in=villages or ()).values_list(
            "township__code", flat=True
        )
    )
    allowed = Township.objects.filter(code__in=codes).values_list("code", flat=True)
    return {code: name for code, name in everything.items() if code in set(allowed)}


def form_fields(values: dict[str, str], labels: dict, error=None) -> list[dict]:
    """The filter form, each field with its options, value and error message."""

    def field(name: str, kind: str, options=None) -> dict:
        return {
            "name": name,
            "id": f"archive-{name}",
            "label": FIELD_LABELS[name],
            "kind": kind,
            "value": values.get(name, ""),
            "options": list(options.items()) if options is not None else None,
            "error": error.message if error is not None and error.field == name else "",
        }

    return [
        field("kind", "select", labels["kind"]),
        field("assistance_type", "select", labels["assistance_type"]),
        field("status", "select", labels["status"]),
        field("township", "select", labels["township"]),
        field("channel", "select", labels["channel"]),
        field("handler", "person"),
        field("user", "person"),
        field("from", "date"),
        field("to", "date"),
        field("sort", "select", {k: str(v) for k, v in SORT_LABELS.items()}),
    ]


def facet_groups(facets: dict, values: dict[str, str], labels: dict) -> list[dict]:
    """Facet counts as links that add the filter, biggest first."""
    groups = []
    for name in FACETS:
        counts = facets.get(name) or {}
        if not counts:
            continue
        entries = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        groups.append(
            {
                "name": name,
                "label": FIELD_LABELS[name],
                "entries": [
                    {
                        "label": labels[name].get(code, code),
                        "count": count,
                        "url": link(values, **{name: code}),
                        "active": values.get(name) == code,
                    }
                    for code, count in entries
                ],
            }
        )
    return groups


def active_filters(values: dict[str, str], labels: dict, users: dict) -> list[dict]:
    """Each filter in force, with a link that removes it."""
    chips = []
    for name in (*FILTERS, *DATES):
        value = values.get(name)
        if not value:
            continue
        if name in ("handler", "user"):
            shown = users.get(value, value)
        else:
            shown = labels.get(name, {}).get(value, value)
        chips.append(
            {
                "label": FIELD_LABELS[name],
                "value": shown,
                "url": link(values, **{name: ""}),
            }
        )
    return chips


def pages(values: dict[str, str], query: SearchQuery, total: int) -> dict:
    """Previous/next and a window of page numbers around the current page."""
    last = max(1, math.ceil(total / query.page_size))
    page = query.page
    shown = sorted(
        {1, last, *range(max(1, page - PAGE_WINDOW), min(last, page + PAGE_WINDOW) + 1)}
    )
    numbers, previous_number = [], 0
    for number in shown:
        if number - previous_number > 1:
            numbers.append({"gap": True})
        numbers.append(
            {
                "number": number,
                "url": link(values, page=number),
                "current": number == page,
            }
        )
        previous_number = number
    return {
        "page": page,
        "last": last,
        "numbers": numbers if last > 1 or page > 1 else [],
        "previous": link(values, page=min(page - 1, last)) if page > 1 else "",
        "next": link(values, page=page + 1) if page < last else "",
        "past_end": page > last or (page > 1 and total == 0),
    }


def _case_url(name: str, number: str) -> str:
    if not number:
        return ""
    try:
        return reverse(name, kwargs={"number": number})
    except NoReverseMatch:
        return ""


def hit_rows(hits: list[Hit], labels: dict, users: dict) -> list[dict]:
    """Each hit with its labels and the links to its case page and timeline."""
    by_kind: dict = {}
    return [
        {
            "hit": hit,
            "kind": labels["kind"].get(hit.kind, hit.kind),
            "township": labels["township"].get(hit.township, hit.township),
            "status": vocabulary.hit_labels(hit, by_kind)["status"],
            "assistance_type": labels["assistance_type"].get(
                hit.assistance_type, hit.assistance_type
            ),
            "handler": users.get(hit.handler, hit.handler),
            "user": users.get(hit.user, hit.user),
            "case_url": _case_url("cases_admin_case", hit.case_number),
            "history_url": _case_url("cases_admin_history", hit.case_number),
        }
        for hit in hits
    ]


def usernames(hits: list[Hit], values: dict[str, str]) -> set[str]:
    names = {values.get("handler", ""), values.get("user", "")}
    for hit in hits:
        names.update((hit.handler, hit.user))
    return {name for name in names if name}
