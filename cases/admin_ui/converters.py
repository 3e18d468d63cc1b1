"""Path converters of the case module's admin URLs."""

from django.urls import register_converter


class RecordNumberConverter:
    """A record's number in a path: a case (JZ2026000123), a referral, a
    complaint, a lead, a register entry or a notice. Anything else does not
    match the route, so a mistyped number is a 404, never a view's error."""

    regex = r"[A-Z]{2}\d{4,12}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(RecordNumberConverter, "record_number")


class ArchiveNumberConverter:
    """An archive number (2026-YW-000123): year, category code, serial."""

    regex = r"\d{4}-[A-Z]{2,6}-\d{6,9}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ArchiveNumberConverter, "archive_number")
