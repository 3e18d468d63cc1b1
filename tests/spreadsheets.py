"""Reading exports back as a spreadsheet program would, for the export tests.

``HOSTILE`` are texts a spreadsheet evaluates when a cell starts with them
(CSV injection); every export test writes them and expects the same texts back
with a leading apostrophe, as words.
"""

import csv
import io

import openpyxl

HOSTILE = ('=HYPERLINK("http://evil.example","点我")', "+1", "-2+3", "@SUM(A1)")
INERT = tuple("'" + text for text in HOSTILE)
ZONE = "（北京时间 UTC+8）"


def body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def csv_rows(data: bytes | str) -> list[list[str]]:
    text = data.decode("utf-8") if isinstance(data, bytes) else data
    assert text.startswith("\ufeff"), "a byte-order mark, for Excel on Windows"
    return list(csv.reader(io.StringIO(text[1:])))


def xlsx_sheets(data: bytes) -> dict:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return {sheet.title: sheet for sheet in book.worksheets}


def xlsx_cells(sheet) -> list:
    return [cell for row in sheet.iter_rows() for cell in row]


def assert_inert_csv(rows: list[list[str]]) -> None:
    """Every hostile text is there, as words; none is there bare."""
    cells = {cell for row in rows for cell in row}
    assert set(INERT) <= cells, set(INERT) - cells
    assert not cells & set(HOSTILE)


def assert_inert_xlsx(sheet) -> None:
    cells = xlsx_cells(sheet)
    texts = {c.value for c in cells if isinstance(c.value, str)}
    assert set(INERT) <= texts, set(INERT) - texts
    assert not texts & set(HOSTILE)
    assert all(c.data_type != "f" for c in cells)
