"""导出文件: the one writer of every CSV and Excel file the product makes.

The case list, the referral ledger, the statistics report, the archive search,
the access log, the offline-sync report and the lists Wagtail's own screens
export (reports, snippets, redirects: ``listings``) are all written here, so
two rules hold for every one of them:

- text a spreadsheet would read as a formula (``=`` ``+`` ``-`` ``@``, or a tab
  or carriage return first) gets a leading apostrophe; numbers stay numbers;
- times are Beijing wall-clock time, and their column heading names the zone:
  ``接收时间（北京时间 UTC+8）``.

It lives in portal because portal is where the dependencies end (search →
cases → portal): all three apps import it, and it imports none of them.
No other module imports openpyxl or the csv writer to make an export.
"""

from collections.abc import Iterable, Iterator, Sequence

from django.http import HttpResponse, StreamingHttpResponse

from .cells import BEIJING, FORMULA_STARTS, cell, in_beijing, neutralise, timed
from .writers import CsvTable, Table, UnnamedZone, XlsxBook, XlsxSheet

__all__ = [
    "BEIJING",
    "CSV_TYPE",
    "FORMULA_STARTS",
    "XLSX_TYPE",
    "CsvTable",
    "Table",
    "UnnamedZone",
    "XlsxBook",
    "XlsxSheet",
    "cell",
    "csv_response",
    "in_beijing",
    "neutralise",
    "table_csv",
    "table_csv_stream",
    "table_xlsx",
    "timed",
    "xlsx_response",
]

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def table_csv(headers: Sequence, rows: Iterable[Sequence]) -> bytes:
    """One table as a CSV file (UTF-8 with a byte-order mark)."""
    table = CsvTable()
    table.header(headers)
    table.rows(rows)
    return table.text().encode("utf-8")


def table_csv_stream(headers: Sequence, rows: Iterable[Sequence]) -> Iterator[bytes]:
    """The same file in pieces, a line per row, for a long export."""
    table = CsvTable()
    table.header(headers)
    yield table.take()
    for values in rows:
        table.row(values)
        yield table.take()


def table_xlsx(
    headers: Sequence,
    rows: Iterable[Sequence],
    *,
    sheet: str,
    title: str = "",
    widths: Sequence[float] = (),
    wrap: bool = False,
) -> bytes:
    """One table as a one-sheet workbook: an optional title row, the heading
    bold and frozen, the columns as wide as given."""
    book = XlsxBook()
    table = book.sheet(sheet, wrap=wrap)
    if title:
        table.title(title)
    table.header(headers)
    table.rows(rows)
    table.widths(widths)
    return book.save()


def _attachment(response, filename: str):
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Exports hold personal data: no cache along the way keeps a copy.
    response["Cache-Control"] = "private, no-store"
    return response


def csv_response(content: bytes | Iterable[bytes], *, filename: str):
    if isinstance(content, bytes):
        return _attachment(HttpResponse(content, content_type=CSV_TYPE), filename)
    return _attachment(StreamingHttpResponse(content, content_type=CSV_TYPE), filename)


def xlsx_response(content: bytes, *, filename: str) -> HttpResponse:
    return _attachment(HttpResponse(content, content_type=XLSX_TYPE), filename)
