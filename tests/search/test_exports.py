"""Search results as CSV and Excel: columns, encoding, scope, formula safety."""

import csv
import io
import re
from datetime import UTC, datetime

import openpyxl
import pytest

from portal.spreadsheets import neutralise
from search import exports
from search.backends import BackendUnavailable
from search.query import Hit
from tests.spreadsheets import (
    HOSTILE,
    ZONE,
    assert_inert_csv,
    assert_inert_xlsx,
    csv_rows,
    xlsx_sheets,
)

from .county import MIDDLE, make_county

pytestmark = pytest.mark.django_db

CSV_URL = "/admin/archive/export.csv"
XLSX_URL = "/admin/archive/export.xlsx"
HEADER = [
    "类别",
    "案件编号",
    "编号",
    "标题",
    "内容",
    "时间（北京时间 UTC+8）",
    "乡镇",
    "状态",
    "救助事项",
    "渠道",
    "经办人",
    "操作人",
    "记录",
]


@pytest.fixture
def county(db):
    return make_county()


@pytest.fixture
def as_user(client):
    def login(user):
        client.force_login(user)
        return client

    return login


def read_csv(response) -> list[dict]:
    text = b"".join(
        response.streaming_content if response.streaming else [response.content]
    )
    assert text.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))
    assert rows[0] == HEADER
    return [dict(zip(HEADER, row, strict=True)) for row in rows[1:]]


def read_xlsx(response) -> tuple[list[dict], object]:
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert len(book.worksheets) == 1
    sheet = book.active
    rows = [
        ["" if v is None else v for v in row]
        for row in sheet.iter_rows(values_only=True)
    ]
    assert rows[0] == HEADER
    return [dict(zip(HEADER, row, strict=True)) for row in rows[1:]], sheet


def hit(**fields) -> Hit:
    values = {
        "key": "case:1",
        "kind": "case",
        "case_number": "JZ2026000001",
        "number": "JZ2026000001",
        "title": "JZ2026000001 张秀英 临时救助",
        "body": "申请事由：生活困难。",
        "at": datetime(2026, 11, 23, 7, 30, tzinfo=UTC),
        "township": "",
        "status": "received",
        "assistance_type": "",
        "channel": "window",
        "handler": "",
        "user": "",
        "record": "救助案件",
    }
    values.update(fields)
    return Hit(**values)


# ------------------------------------------------------------- the writers
@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+86 139", "'+86 139"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=cmd", "'\t=cmd"),
        ("\r=cmd", "'\r=cmd"),
        ("张秀英", "张秀英"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_neutralise_prefixes_formula_starts_with_an_apostrophe(value, safe):
    assert neutralise(value) == safe


def formula_hit():
    return hit(
        title='=HYPERLINK("http://evil.example","点我")',
        body="+cmd|' /C calc'!A0",
        record="@SUM(1)",
        case_number="-1",
    )


def test_export_neutralises_formulas_in_csv(db):
    table = exports.rows([formula_hit()])
    text = exports.to_csv(table).decode("utf-8-sig")
    [_, row] = list(csv.reader(io.StringIO(text)))
    data = dict(zip(HEADER, row, strict=True))
    assert data["标题"] == '\'=HYPERLINK("http://evil.example","点我")'
    assert data["内容"] == "'+cmd|' /C calc'!A0"
    assert data["记录"] == "'@SUM(1)"
    assert data["案件编号"] == "'-1"


def test_export_neutralises_formulas_in_excel(db):
    table = exports.rows([formula_hit(), hit(title="\x01=1+2", body="a\x0bb")])
    sheet = openpyxl.load_workbook(io.BytesIO(exports.to_xlsx(table))).active
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row]
    assert all(cell.data_type != "f" for cell in cells)
    assert sheet["D2"].value.startswith("'=HYPERLINK")
    assert sheet["E2"].value == "'+cmd|' /C calc'!A0"
    # A control character is dropped (.xlsx forbids it); what it hid is neutralised.
    assert sheet["D3"].value == "'=1+2"
    assert sheet["E3"].value == "ab"


def test_excel_header_is_bold_and_columns_are_wide(db):
    sheet = openpyxl.load_workbook(
        io.BytesIO(exports.to_xlsx(exports.rows([hit()])))
    ).active
    assert all(cell.font.bold for cell in sheet[1])
    assert not sheet["A2"].font.bold
    assert sheet.column_dimensions["E"].width >= 60
    assert sheet.column_dimensions["D"].width >= 30


def test_times_are_local_and_codes_become_names(db):
    text = exports.to_csv(exports.rows([hit()])).decode("utf-8-sig")
    [_, row] = list(csv.reader(io.StringIO(text)))
    data = dict(zip(HEADER, row, strict=True))
    assert data["时间（北京时间 UTC+8）"] == "2026-11-23 15:30:00"
    assert data["类别"] == "案件"
    assert data["状态"] == "已接收"
    assert data["渠道"] == "窗口受理"


# ------------------------------------------------------------- the views
def test_auditor_exports_csv_with_bom_and_every_column(as_user, county):
    response = as_user(county.users["auditor"]).get(
        CSV_URL, {"q": MIDDLE, "kind": "case"}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert re.fullmatch(
        r'attachment; filename="archive-search-\d{8}-\d{4}\.csv"',
        response["Content-Disposition"],
    )
    [row] = read_csv(response)
    assert row["类别"] == "案件"
    assert row["案件编号"] == county.stroke.number
    assert row["乡镇"] == "东岭镇"
    assert row["状态"] == "已接收"
    assert row["救助事项"] == "临时救助"
    assert row["渠道"] == "窗口受理"
    assert row["经办人"] == "刘海燕"
    assert row["记录"] == "救助案件"
    # The plain text body, not the highlighted HTML snippet.
    assert MIDDLE in row["内容"]
    assert "<mark>" not in row["内容"]
    assert "申请人：张秀英" in row["内容"]
    assert re.fullmatch(
        r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", row["时间（北京时间 UTC+8）"]
    )


def test_auditor_exports_excel(as_user, county):
    response = as_user(county.users["auditor"]).get(XLSX_URL, {"kind": "case"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert re.fullmatch(
        r'attachment; filename="archive-search-\d{8}-\d{4}\.xlsx"',
        response["Content-Disposition"],
    )
    rows, sheet = read_xlsx(response)
    assert {row["案件编号"] for row in rows} == {
        county.stroke.number,
        county.collapse.number,
        county.village_case.number,
    }
    assert sheet["A1"].font.bold


def test_clerk_export_never_holds_another_township(as_user, county):
    client = as_user(county.users["clerk"])
    rows = read_csv(client.get(CSV_URL, {"q": ""}))
    assert rows
    assert {row["乡镇"] for row in rows} == {"东岭镇"}
    assert all(row["案件编号"] != county.collapse.number for row in rows)
    explicit = read_csv(client.get(CSV_URL, {"township": "south"}))
    assert explicit == []
    sheet_rows, _sheet = read_xlsx(client.get(XLSX_URL, {"township": "south"}))
    assert sheet_rows == []


def test_export_stops_at_the_export_limit(as_user, county, monkeypatch):
    monkeypatch.setattr("search.service.EXPORT_LIMIT", 2)
    rows = read_csv(as_user(county.users["auditor"]).get(CSV_URL, {"kind": "case"}))
    assert len(rows) == 2


def test_page_notes_the_export_limit_when_reached(as_user, county, monkeypatch):
    monkeypatch.setattr("search.admin_ui.views.EXPORT_LIMIT", 2)
    response = as_user(county.users["auditor"]).get("/admin/archive/", {"kind": "case"})
    assert "导出文件只含最新的 2 条" in response.content.decode()
    fewer = as_user(county.users["auditor"]).get(
        "/admin/archive/", {"kind": "case", "township": "south"}
    )
    assert "导出文件只含" not in fewer.content.decode()


def test_page_links_to_both_exports_with_the_same_conditions(as_user, county):
    response = as_user(county.users["auditor"]).get(
        "/admin/archive/", {"q": "救助", "township": "east", "page": "1"}
    )
    html = response.content.decode()
    assert (
        'href="/admin/archive/export.csv?q=%E6%95%91%E5%8A%A9&amp;township=east"'
        in html
    )
    assert (
        'href="/admin/archive/export.xlsx?q=%E6%95%91%E5%8A%A9&amp;township=east"'
        in html
    )


def test_export_with_bad_input_is_a_400_page(as_user, county):
    response = as_user(county.users["auditor"]).get(CSV_URL, {"from": "2026-99-99"})
    assert response.status_code == 400
    assert "无法识别" in response.content.decode()


def test_editor_may_not_export(as_user, county):
    response = as_user(county.users["editor"]).get(CSV_URL)
    assert response.status_code == 403
    assert as_user(county.users["editor"]).get(XLSX_URL).status_code == 403


def test_export_when_backend_unavailable_is_a_503(as_user, county, monkeypatch):
    class Broken:
        def search(self, query):
            raise BackendUnavailable("down")

    monkeypatch.setattr("search.service.get_search_backend", lambda: Broken())
    response = as_user(county.users["auditor"]).get(XLSX_URL, {"q": MIDDLE})
    assert response.status_code == 503
    assert "案件办理不受影响" in response.content.decode()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_archive_export_keeps_formulas_as_words_and_times_in_beijing_time(db, fmt):
    """Typed text starting = + - @ comes back as words; 07:30 UTC is 15:30 in
    Beijing, under a heading that names the zone."""
    table = exports.rows(
        [
            hit(
                title=HOSTILE[0],
                body=HOSTILE[1],
                number=HOSTILE[2],
                record=HOSTILE[3],
            )
        ]
    )
    if fmt == "csv":
        rows = csv_rows(exports.to_csv(table))
        assert_inert_csv(rows)
        data = dict(zip(rows[0], rows[1], strict=True))
        assert data["时间" + ZONE] == "2026-11-23 15:30:00"
    else:
        [sheet] = xlsx_sheets(exports.to_xlsx(table)).values()
        assert_inert_xlsx(sheet)
        data = dict(
            zip([c.value for c in sheet[1]], [c.value for c in sheet[2]], strict=True)
        )
        assert data["时间" + ZONE] == datetime(2026, 11, 23, 15, 30)
