"""The two writers, CSV and Excel, with one way of adding rows.

An export says what it holds (a title, a heading row, rows, a bold total, a
blank line) and does not care which file it becomes: ``CsvTable`` and an
``XlsxBook`` sheet take the same calls. Every value passes ``cells.cell`` on
the way in, so no export can write a formula or a UTC time by forgetting.
"""

import csv
import io
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from .cells import CONTROL_CHARACTERS, as_text, cell, neutralise, zone_note

_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_TITLE_FONT = Font(bold=True, size=14)
_BOLD = Font(bold=True)
_TOP_WRAPPED = Alignment(wrap_text=True, vertical="top")


class UnnamedZone(ValueError):
    """A time written under a heading that does not say which clock it is."""


class Table:
    """Rows in order. A heading row is remembered: a column of times under a
    heading that does not name the zone is a mistake of the export, caught
    here rather than by a reader an hour or eight out."""

    def __init__(self) -> None:
        self._headings: list[str] = []

    def title(self, text) -> None:
        self._write([neutralise(text)], "title")

    def header(self, titles: Sequence) -> None:
        self._headings = [str(t) for t in titles]
        self._write([neutralise(t) for t in self._headings], "header")

    def row(self, values: Sequence, *, bold: bool = False) -> None:
        for index, value in enumerate(values):
            if isinstance(value, datetime) and index < len(self._headings):
                heading = self._headings[index]
                if zone_note() not in heading:
                    raise UnnamedZone(
                        f"column {heading!r} holds times: head it with timed()"
                    )
        self._write([cell(v) for v in values], "bold" if bold else "")

    def rows(self, rows: Iterable[Sequence]) -> None:
        for values in rows:
            self.row(values)

    def blank(self) -> None:
        self._write([], "")

    def _write(self, cells: list, style: str) -> None:
        raise NotImplementedError


class CsvTable(Table):
    """UTF-8 with a byte-order mark, so Excel on Windows reads the Chinese."""

    def __init__(self, *, bom: bool = True, lineterminator: str = "\r\n") -> None:
        super().__init__()
        self._out = io.StringIO()
        self._csv = csv.writer(self._out, lineterminator=lineterminator)
        if bom:
            self._out.write("\ufeff")

    def _write(self, cells: list, style: str) -> None:
        self._csv.writerow([as_text(c) for c in cells])

    def text(self) -> str:
        return self._out.getvalue()

    def take(self) -> bytes:
        """What was written since the last take, for a streamed answer."""
        text = self._out.getvalue()
        self._out.seek(0)
        self._out.truncate(0)
        return text.encode("utf-8")


class XlsxSheet(Table):
    def __init__(self, sheet, *, freeze: bool, wrap: bool, streamed: bool) -> None:
        super().__init__()
        self._sheet = sheet
        self._freeze = freeze
        self._wrap = wrap
        self._streamed = streamed
        self._written = 0

    def widths(self, widths: Sequence[float]) -> None:
        """Column widths; in a streamed book, before the first row."""
        if self._streamed and self._written:
            raise ValueError("a streamed sheet takes its widths before its rows")
        for index, width in enumerate(widths, start=1):
            self._sheet.column_dimensions[get_column_letter(index)].width = width

    def _write(self, cells: list, style: str) -> None:
        sheet = self._sheet
        self._written += 1
        if self._streamed:  # each cell styled before it goes: rows are not kept
            row = [WriteOnlyCell(sheet, value) for value in cells]
            for written in row:
                _style(written, style, self._wrap)
            sheet.append(row)
            return
        sheet.append(cells)
        if not cells:
            return
        number = sheet.max_row
        for written in sheet[number]:
            _style(written, style, self._wrap)
        if style == "header" and self._freeze and sheet.freeze_panes is None:
            sheet.freeze_panes = f"A{number + 1}"


def _style(written, style: str, wrap: bool) -> None:
    if written.data_type == "f":  # openpyxl's own guess; never a formula
        written.data_type = "s"
    if isinstance(written.value, datetime):
        written.number_format = "yyyy-mm-dd hh:mm:ss"
    elif isinstance(written.value, date):
        written.number_format = "yyyy-mm-dd"
    if style == "title":
        written.font = _TITLE_FONT
    elif style in ("header", "bold"):
        written.font = _BOLD
    elif wrap:
        written.alignment = _TOP_WRAPPED


class XlsxBook:
    """A workbook of one or more sheets, each a ``Table``.

    ``streamed``: openpyxl's write-only workbook, each row written out as it
    comes and not kept, so a long export holds one row at a time; a sheet then
    takes its widths before its rows and freezes no heading row.
    """

    def __init__(self, *, streamed: bool = False) -> None:
        self._book = Workbook(write_only=streamed)
        self._streamed = streamed
        self._names: set[str] = set()
        self._first = not streamed

    def sheet(self, title, *, freeze: bool = True, wrap: bool = False) -> XlsxSheet:
        name = _sheet_name(str(title), self._names)
        if self._first:
            sheet, self._first = self._book.active, False
            sheet.title = name
        else:
            sheet = self._book.create_sheet(name)
        return XlsxSheet(
            sheet, freeze=freeze and not self._streamed, wrap=wrap,
            streamed=self._streamed,
        )  # fmt: skip

    def save(self, out=None) -> bytes:
        """The file's bytes; or written to ``out`` (a binary file), then b""."""
        target = io.BytesIO() if out is None else out
        self._book.save(target)
        return target.getvalue() if out is None else b""


def _sheet_name(title: str, taken: set[str]) -> str:
    """At most 31 characters, none of []:*?/\\, unique in the book."""
    base = _SHEET_FORBIDDEN.sub("-", CONTROL_CHARACTERS.sub("", title))
    base = base.strip("'")[:28] or "Sheet"
    name, number = base, 2
    while name in taken:
        name = f"{base[:26]}-{number}"
        number += 1
    taken.add(name)
    return name
