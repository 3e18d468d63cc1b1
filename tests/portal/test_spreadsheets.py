"""The one export writer (portal.spreadsheets): formulas stay words, numbers stay
numbers, times are Beijing time under a heading that says so, in CSV and Excel."""

import re
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from portal.spreadsheets import (
    CsvTable,
    UnnamedZone,
    XlsxBook,
    cell,
    neutralise,
    table_csv,
    table_xlsx,
    timed,
)
from tests.spreadsheets import (
    HOSTILE,
    INERT,
    assert_inert_csv,
    assert_inert_xlsx,
    csv_rows,
    xlsx_sheets,
)

AT = datetime(2026, 11, 23, 17, 30, tzinfo=UTC)  # 01:30 the next day in Beijing


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+86 139", "'+86 139"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=cmd", "'\t=cmd"),
        ("\r=cmd", "'\r=cmd"),
        ("\x01=1+2", "'=1+2"),  # the control character dropped, the formula not bared
        ("张秀英", "张秀英"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
    ],
)
def test_text_starting_like_a_formula_gets_an_apostrophe(value, safe):
    assert neutralise(value) == safe


@pytest.mark.parametrize("number", [-2, 0, 3, -2.5, Decimal("-12.30")])
def test_numbers_stay_numbers_negative_ones_too(number):
    assert cell(number) == number
    assert type(cell(number)) is type(number)


def test_times_become_beijing_wall_clock_time_and_dates_stay():
    assert cell(AT) == datetime(2026, 11, 24, 1, 30)
    assert cell(date(2026, 11, 23)) == date(2026, 11, 23)
    assert timed("接收时间") == "接收时间（北京时间 UTC+8）"


def test_csv_neutralises_formulas_keeps_numbers_and_writes_local_time():
    data = table_csv(
        ["内容", "数量", timed("接收时间")],
        [[text, -2, AT] for text in HOSTILE],
    )
    rows = csv_rows(data)
    assert rows[0] == ["内容", "数量", "接收时间（北京时间 UTC+8）"]
    assert_inert_csv(rows)
    assert {row[1] for row in rows[1:]} == {"-2"}
    assert {row[2] for row in rows[1:]} == {"2026-11-24 01:30:00"}


def test_excel_neutralises_formulas_keeps_numbers_and_writes_local_time():
    data = table_xlsx(
        ["内容", "数量", timed("接收时间")],
        [[text, -2, AT] for text in HOSTILE],
        sheet="=SUM(A1)",
    )
    [(name, sheet)] = xlsx_sheets(data).items()
    assert name == "=SUM(A1)"  # a sheet name is never evaluated
    assert_inert_xlsx(sheet)
    assert [c.value for c in sheet[1]] == ["内容", "数量", "接收时间（北京时间 UTC+8）"]
    assert {c.value for c in sheet["A"][1:]} == set(INERT)
    numbers = sheet["B"][1:]
    assert all(c.value == -2 and c.data_type == "n" for c in numbers)
    times = sheet["C"][1:]
    assert all(c.value == datetime(2026, 11, 24, 1, 30) for c in times)
    assert all(c.is_date for c in times)
    assert sheet.freeze_panes == "A2"


@pytest.mark.parametrize("table", [CsvTable, lambda: XlsxBook().sheet("表")])
def test_a_time_under_a_heading_without_the_zone_is_refused(table):
    out = table()
    out.header(["接收时间"])
    with pytest.raises(UnnamedZone):
        out.row([AT])


def test_sheet_names_are_cut_cleaned_and_unique():
    book = XlsxBook()
    for title in ["受理申请：按乡镇/村", "受理申请：按乡镇/村", "x" * 40]:
        book.sheet(title).row(["1"])
    names = list(xlsx_sheets(book.save()))
    assert names[0] == "受理申请：按乡镇-村"
    assert names[1] == "受理申请：按乡镇-村-2"
    assert len(names[2]) <= 31


def test_no_module_but_the_export_writer_writes_csv_or_excel():
    """Every export goes through portal.spreadsheets; reading (the redirect
    import) is not writing."""
    root = Path(__file__).resolve().parents[2]
    writing = re.compile(
        r"csv\.(writer|DictWriter)\("
        r"|from openpyxl import .*Workbook|openpyxl\.Workbook\("
    )
    found = [
        str(path.relative_to(root))
        for app in ("cases", "portal", "search", "config")
        for path in (root / app).rglob("*.py")
        if "spreadsheets" not in path.parts and writing.search(path.read_text())
    ]
    assert found == []
