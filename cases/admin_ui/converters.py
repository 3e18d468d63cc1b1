"""Path converters of the case module's admin URLs: Django's ``str`` converter
(the matched text as it is) narrowed to the shape of a number."""

from django.urls import register_converter
from django.urls.converters import StringConverter


class RecordNumberConverter(StringConverter):
    """A record's number in a path: a case (JZ2026000123), a referral, a
    complaint, a lead, a register entry or a notice. Anything else does not
    match the route, so a mistyped number is a 404, never a view's error."""

    regex = r"[A-Z]{2}\d{4,12}"


register_converter(RecordNumberConverter, "record_number")


class ArchiveNumberConverter(StringConverter):
    """An archive number (2026-YW-000123): year, category code, serial."""

    regex = r"\d{4}-[A-Z]{2,6}-\d{6,9}"


register_converter(ArchiveNumberConverter, "archive_number")
