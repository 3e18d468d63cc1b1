"""The lists Wagtail's own screens export, through the same writer.

Wagtail's ``SpreadsheetExportMixin`` (the site history and other reports, the
redirects, snippet and wagtail-modeladmin listings, our case list among them)
writes a cell as it was typed, ``=HYPERLINK(...)`` included, and its Excel
times in UTC without saying so. ``install`` (from ``PortalConfig.ready``) makes
every such view answer through ``export`` instead: the same columns, headings
and values, written by ``portal.spreadsheets``.
"""

import html
from datetime import date, datetime, time
from decimal import Decimal

from django.utils.html import strip_tags
from django.utils.safestring import SafeData
from wagtail.admin.views.mixins import SpreadsheetExportMixin

from . import csv_response, table_csv, table_xlsx, timed, xlsx_response

_KEPT = (datetime, date, time, bool, int, float, Decimal)


def _value(view, field: str, value):
    """The view's own text for a value, but times and numbers as themselves."""
    own = view.custom_field_preprocess.get(field, {})
    if view.FORMAT_CSV in own:
        value = own[view.FORMAT_CSV](value) if own[view.FORMAT_CSV] else value
    elif value is not None and not isinstance(value, _KEPT):
        preprocess = view.get_preprocess_function(field, value, view.FORMAT_CSV)
        value = preprocess(value) if preprocess else value
    if isinstance(value, SafeData):  # a list column's markup: only its words
        value = html.unescape(strip_tags(value))
    return value


def export(view, queryset, spreadsheet_format: str):
    fields = list(view.list_export)
    headings = [str(view.get_heading(queryset, field)) for field in fields]
    rows = [
        [_value(view, field, value) for field, value in view.to_row_dict(item).items()]
        for item in queryset
    ]
    times = {
        i for row in rows for i, value in enumerate(row) if isinstance(value, datetime)
    }
    headings = [timed(h) if i in times else h for i, h in enumerate(headings)]
    name = view.get_filename()
    if spreadsheet_format == view.FORMAT_CSV:
        return csv_response(table_csv(headings, rows), filename=f"{name}.csv")
    if spreadsheet_format == view.FORMAT_XLSX:
        content = table_xlsx(headings, rows, sheet=name, widths=[18] * len(fields))
        return xlsx_response(content, filename=f"{name}.xlsx")
    return None


def _as_spreadsheet(self, queryset, spreadsheet_format):
    return export(self, queryset, spreadsheet_format)


def install() -> None:
    SpreadsheetExportMixin.as_spreadsheet = _as_spreadsheet
