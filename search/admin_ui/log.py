"""检索记录: the read-only list of archive searches, for auditors and superusers.

Who searched, when, by which way (admin page, API, export), with what
conditions and how many hits. Nothing here changes or deletes a row.
"""

import re
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.access import may
from portal.admin_pages import AdminPage
from portal.people import staff_people

from .. import vocabulary
from ..errors import SearchError
from ..models import SearchLog
from ..query import QueryError, parse_day
from .presenting import FIELD_LABELS, SORT_LABELS

PER_PAGE = 50
USERNAME = re.compile(r"[\w.@+-]{1,150}")


def may_read_log(user) -> bool:
    return may(user, "archive.search_log")


def describe(query: dict, labels: dict[str, dict[str, str]]) -> str:
    """A logged query as a line an auditor reads: 检索词：…；乡镇：东岭镇"""
    parts = []
    query = query or {}
    # In the form's order: PostgreSQL's jsonb keeps its own key order.
    order = [name for name in FIELD_LABELS if name in query]
    order += sorted(name for name in query if name not in FIELD_LABELS)
    for name, value in ((name, query[name]) for name in order):
        if value in ("", None) or (name == "sort" and value == "relevance"):
            continue
        shown = labels.get(name, {}).get(value, value)
        parts.append(f"{FIELD_LABELS.get(name, name)}：{shown}")
    return "；".join(parts)


class SearchLogView(AdminPage):
    template_name = "search/admin/search_log.html"
    page_title = gettext_lazy("检索记录")
    header_icon = "list-ul"

    def get(self, request, *args, **kwargs):
        if not may_read_log(request.user):
            raise SearchError(_("只有审计人员可以查看检索记录。"), status=403)
        rows = SearchLog.objects.select_related("user").order_by("-at", "-pk")
        values = {
            name: (request.GET.get(name) or "").strip()
            for name in ("user", "via", "from", "to")
        }
        errors = {}
        if values["user"]:
            # Only a possible username reaches the database (PostgreSQL refuses NUL).
            if USERNAME.fullmatch(values["user"]):
                rows = rows.filter(user__username=values["user"])
            else:
                errors["user"] = _("没有这个检索人。")
        if values["via"]:
            if values["via"] in SearchLog.Via.values:
                rows = rows.filter(via=values["via"])
            else:
                errors["via"] = _("未知的检索途径：%(value)s。") % {
                    "value": values["via"][:20]
                }
        for name in ("from", "to"):
            try:
                day = parse_day(values[name], name)
            except QueryError as error:
                errors[name] = error.message
            else:
                if day and name == "from":
                    rows = rows.filter(at__gte=_start(day))
                elif day:
                    rows = rows.filter(at__lt=_start(day + timedelta(days=1)))
        if errors:
            rows = rows.none()
        page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
        searchers = get_user_model().objects.filter(
            pk__in=SearchLog.objects.values("user")
        )
        people = staff_people(searchers.values_list("username", flat=True))
        names = {p.username: p.name for p in people}
        # A logged condition names people by account: shown by name.
        everyone = {p.username: p.name for p in staff_people()}
        labels = {
            **vocabulary.labels(),
            "handler": everyone,
            "user": everyone,
            "sort": {k: str(v) for k, v in SORT_LABELS.items()},
        }
        keep = urlencode([(k, v) for k, v in values.items() if v])
        context = self.get_context_data(
            values=values,
            errors=errors,
            users=[(p.username, p.label) for p in people],
            vias=SearchLog.Via.choices,
            page_obj=page,
            entries=[
                {
                    "log": log,
                    "name": names.get(log.user.username, log.user.username),
                    "query": describe(log.query, labels),
                }
                for log in page.object_list
            ],
            keep=keep,
        )
        return self.render_to_response(context, status=400 if errors else 200)


def _start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))
