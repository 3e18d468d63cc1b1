"""访问记录的检索与导出：filters checked first, then one query; the CSV written by
``portal.spreadsheets`` (formulas neutralised, times in Beijing time).

Dates are days in Beijing time (the county's working day), inclusive at both
ends. The IP filter takes a whole address (exact) or its beginning
("10.12." finds a subnet). Anything else is refused with a reason, never
passed to the database as it is.
"""

import re
from collections.abc import Iterable, Iterator
from datetime import date, datetime, time, timedelta

from django import forms
from django.db.models import Q, QuerySet, Value
from django.db.models.functions import Concat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.roles import Role, roles_of
from portal.models import AccessEvent
from portal.spreadsheets import BEIJING, table_csv_stream, timed

from .log import valid_ip

IP_PREFIX = re.compile(r"[0-9A-Fa-f:.]{1,45}")
PRINTABLE = re.compile(r"[^\x00-\x1f\x7f]*")


def may_read_access_log(user) -> bool:
    """Auditors and superusers, or whoever was given the model's view permission."""
    if not (user.is_authenticated and user.is_active):
        return False
    return (
        user.is_superuser
        or Role.AUDITOR in roles_of(user)
        or user.has_perm("portal.view_accessevent")
    )


def _day(label) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": _("日期无法识别，请写成 2026-10-31 的格式。")},
    )


class AccessLogFilter(forms.Form):
    q = forms.CharField(
        label=_("人员或账号"),
        required=False,
        max_length=150,
        error_messages={
            "max_length": _("人员或账号不能超过150个字。"),
            "null_characters_not_allowed": _("人员或账号中有无法识别的字符。"),
        },
    )
    kind = forms.ChoiceField(
        label=_("类型"),
        required=False,
        choices=[("", _("全部"))] + AccessEvent.Kind.choices,
        error_messages={"invalid_choice": _("没有这种记录类型。")},
    )
    date_from = _day(_("起始日期"))
    date_to = _day(_("截止日期"))
    ip = forms.CharField(
        label=_("地址"),
        required=False,
        max_length=45,
        error_messages={
            "max_length": _("地址不能超过45个字符。"),
            "null_characters_not_allowed": _("地址中有无法识别的字符。"),
        },
    )

    def clean_q(self):
        value = self.cleaned_data["q"]
        if not PRINTABLE.fullmatch(value):
            raise forms.ValidationError(_("人员或账号中有无法识别的字符。"))
        return value

    def clean_ip(self):
        value = self.cleaned_data["ip"]
        if value and not IP_PREFIX.fullmatch(value):
            raise forms.ValidationError(
                _("地址只能由数字、字母 a–f、点和冒号组成，如 10.12.3.4 或 10.12.")
            )
        return value

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("截止日期不能早于起始日期。"))
        return data


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=BEIJING)


def events_matching(data: dict) -> QuerySet[AccessEvent]:
    """The rows that a valid ``AccessLogFilter`` asks for, newest first."""
    rows = AccessEvent.objects.select_related("user").order_by("-at", "-pk")
    if data.get("q"):
        q = data["q"]
        rows = rows.annotate(
            full_name=Concat("user__first_name", "user__last_name", Value(""))
        ).filter(
            Q(username__icontains=q)
            | Q(user__username__icontains=q)
            | Q(full_name__icontains=q)
        )
    if data.get("kind"):
        rows = rows.filter(kind=data["kind"])
    if data.get("date_from"):
        rows = rows.filter(at__gte=_start_of(data["date_from"]))
    if data.get("date_to"):
        rows = rows.filter(at__lt=_start_of(data["date_to"] + timedelta(days=1)))
    if data.get("ip"):
        ip = data["ip"]
        rows = (
            rows.filter(ip_address=ip)
            if valid_ip(ip)
            else rows.filter(ip_address__startswith=ip)
        )
    return rows


COLUMNS = (
    _("时间"),
    _("类型"),
    _("账号"),
    _("操作人"),
    _("地址"),
    _("浏览器"),
    _("案件编号"),
    _("说明"),
)


def person(event: AccessEvent) -> str:
    user = event.user
    if user is None:
        return ""
    name = f"{user.first_name}{user.last_name}".strip()
    return f"{name}（{user.username}）" if name else user.username


def csv_rows(events: Iterable[AccessEvent]) -> Iterator[bytes]:
    """The file in pieces: a byte-order mark for Excel, then a line per row."""
    headings = [timed(COLUMNS[0]), *COLUMNS[1:]]
    return table_csv_stream(
        headings,
        (
            (
                event.at,
                event.get_kind_display(),
                event.username,
                person(event),
                event.ip_address or "",
                event.user_agent,
                event.case_number,
                event.detail,
            )
            for event in events
        ),
    )


def export_filename() -> str:
    now = timezone.localtime(timezone.now(), BEIJING)
    return f"access-log-{now:%Y%m%d-%H%M}.csv"
