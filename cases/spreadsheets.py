"""Cells that a spreadsheet shows as written (every export, CSV or Excel).

A text that a spreadsheet would read as a formula (it starts with = + - @, or a
tab or carriage return before one) gets a leading apostrophe, so a complaint
reading ``=HYPERLINK(...)`` stays words.
"""

from datetime import date, datetime

from django.utils import timezone

from portal.spreadsheets import FORMULA_STARTS, neutralise

__all__ = ["FORMULA_STARTS", "neutralise", "safe_cell"]


def safe_cell(value):
    """A cell value: dates and numbers as themselves, local naive times, safe text."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.replace(tzinfo=None)
    if isinstance(value, date | int | float):
        return value
    return neutralise(value)
