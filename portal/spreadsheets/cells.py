"""What a cell holds: text a spreadsheet will not evaluate, numbers as numbers,
times in Beijing time.

A text that a spreadsheet would read as a formula (it starts with = + - @, or a
tab or carriage return before one) gets a leading apostrophe, so a value typed
as ``=HYPERLINK(...)`` stays words (CSV injection, OWASP). Control characters
are dropped first: an .xlsx cannot hold them at all (openpyxl refuses the whole
workbook), in a CSV they are terminal escapes, and dropping one must not bare a
formula it hid. A number stays a number, a negative one too: only text is
neutralised.

Spreadsheets have no time zones, so a time is written as Beijing wall-clock
time and the heading of its column says so (``timed``).
"""

import re
from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext as _

BEIJING = ZoneInfo("Asia/Shanghai")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# C0 controls other than tab and line breaks.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
NUMBERS = (int, float, Decimal)


def neutralise(value) -> str:
    """Text a spreadsheet will not evaluate and can hold."""
    text = CONTROL_CHARACTERS.sub("", "" if value is None else str(value))
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def zone_note() -> str:
    return _("北京时间 UTC+8")


def timed(title) -> str:
    """The heading of a column of times: ``接收时间（北京时间 UTC+8）``."""
    return f"{title}（{zone_note()}）"


def in_beijing(moment: datetime) -> datetime:
    """Wall-clock time in Beijing, without a zone (a spreadsheet keeps none).

    A naive time is taken as Django takes it: in the current time zone.
    """
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment.astimezone(BEIJING).replace(tzinfo=None)


def cell(value):
    """The value to write: dates, times and numbers as themselves, the rest text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, datetime):
        return in_beijing(value)
    if isinstance(value, (date, time, *NUMBERS)):
        return value
    return neutralise(value)


def as_text(value) -> str:
    """A cell's value as CSV text (``cell`` has made it safe already)."""
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d %H:%M:%S}"
    if isinstance(value, date):
        return f"{value:%Y-%m-%d}"
    return str(value)
