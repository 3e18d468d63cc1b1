"""Run a service as if it were a given day: the server clock, not an input."""

from contextlib import contextmanager
from datetime import date, datetime
from unittest.mock import patch
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")


@contextmanager
def on_day(day: date, hour: int = 10):
    moment = datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)
    with patch("django.utils.timezone.now", return_value=moment):
        yield moment
