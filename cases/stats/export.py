"""The report as files: Excel (one sheet per table), CSV and plain text.

Cells go through ``safe_cell`` like every other export: a text that a
spreadsheet would read as a formula gets a leading apostrophe.
"""

import csv
import io
import re

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from cases.spreadsheets import safe_cell

from .report import Report, Table

_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def _sheet_name(title: str, taken: set[str]) -> str:
    base = _SHEET_FORBIDDEN.sub("-", title)[:28] or "Sheet"
    name, number = base, 2
    while name in taken:
        name = f"{base[:26]}-{number}"
        number += 1
    taken.add(name)
    return name


def _cover(report: Report) -> list[list]:
    rows = [
        [report.title],
        [_("统计范围"), report.scope.label],
        [_("统计期"), f"{report.period.label}（{report.period.code}）"],
        [
            _("起止日期"),
            f"{report.period.first:%Y-%m-%d} — {report.period.last:%Y-%m-%d}",
        ],
        [_("生成时间"), f"{report.generated_at:%Y-%m-%d %H:%M}"],
        [_("口径"), report.rule],
        [],
        [_("主要指标"), _("数值")],
    ]
    rows += [[f.label, f"{f.value}{f.note}"] for f in report.headline]
    notes = [s for s in report.sections if s.note]
    if notes:
        rows.append([])
        rows += [[s.title, s.note] for s in notes]
    return rows


def _table_rows(table: Table) -> list[list]:
    rows = [[table.title], list(map(str, table.columns)), *table.rows]
    if table.total:
        rows.append(table.total)
    if table.note:
        rows += [[], [table.note]]
    return rows


def to_xlsx(report: Report) -> bytes:
    workbook = Workbook()
    taken: set[str] = set()
    cover = workbook.active
    cover.title = _sheet_name(_("说明"), taken)
    _fill(cover, _cover(report), header_row=None)
    cover.column_dimensions["A"].width = 28
    cover.column_dimensions["B"].width = 60
    for table in report.tables():
        sheet = workbook.create_sheet(_sheet_name(table.title, taken))
        _fill(sheet, _table_rows(table), header_row=2, total=bool(table.total))
        sheet.column_dimensions["A"].width = 26
        for letter in "BCDEFG":
            sheet.column_dimensions[letter].width = 16
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _fill(sheet, rows: list[list], *, header_row: int | None, total=False) -> None:
    for row in rows:
        sheet.append([safe_cell(value) for value in row])
    sheet["A1"].font = Font(bold=True, size=14)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if cell.data_type == "f":  # never a formula here
                cell.data_type = "s"
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    if header_row:
        for cell in sheet[header_row]:
            cell.font = Font(bold=True)
    if total:
        last = header_row + 1
        for index, row in enumerate(sheet.iter_rows(min_row=3), start=3):
            if row[0].value == _("合计"):
                last = index
        for cell in sheet[last]:
            cell.font = Font(bold=True)


def to_csv(report: Report) -> str:
    """All tables one after another, a blank line between them (UTF-8 with BOM)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in _cover(report):
        writer.writerow([safe_cell(v) for v in row])
    for table in report.tables():
        writer.writerow([])
        for row in _table_rows(table):
            writer.writerow([_plain(safe_cell(v)) for v in row])
    return "\ufeff" + buffer.getvalue()


def _plain(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def to_text(report: Report) -> str:
    """A readable plain-text rendering for the terminal or an e-mail."""
    lines = [report.title, "=" * 40]
    for row in _cover(report)[1:]:
        lines.append("  ".join(_plain(v) for v in row))
    for table in report.tables():
        lines += ["", f"## {table.title}"]
        for row in [
            table.columns,
            *table.rows,
            *([table.total] if table.total else []),
        ]:
            lines.append(" | ".join(_plain(v) if v is not None else "—" for v in row))
        if table.note:
            lines.append(f"（{table.note}）")
    return "\n".join(lines) + "\n"
