"""The report as files: Excel (one sheet per table), CSV and plain text.

Both files are written by ``portal.spreadsheets``, like every other export: a
text that a spreadsheet would read as a formula gets a leading apostrophe, and
the time the report was made is Beijing time, said so beside it.
"""

from datetime import datetime

from django.utils.translation import gettext as _

from portal.spreadsheets import CsvTable, XlsxBook, timed
from portal.spreadsheets import Table as Writer

from .report import Report
from .shapes import Table


def _facts(report: Report) -> list[list]:
    return [
        [_("统计范围"), report.scope.label],
        [_("统计期"), f"{report.period.label}（{report.period.code}）"],
        [
            _("起止日期"),
            f"{report.period.first:%Y-%m-%d} — {report.period.last:%Y-%m-%d}",
        ],
        [timed(_("生成时间")), report.generated_at],
        [_("口径"), report.rule],
    ]


def _figures(report: Report) -> list[list]:
    rows = [[f.label, f"{f.value}{f.note}"] for f in report.headline]
    notes = [[s.title, s.note] for s in report.sections if s.note]
    return rows + ([[], *notes] if notes else [])


def _write_cover(out: Writer, report: Report) -> None:
    out.title(report.title)
    out.rows(_facts(report))
    out.blank()
    out.header([_("主要指标"), _("数值")])
    for row in _figures(report):
        if row:
            out.row(row)
        else:
            out.blank()


def _write_table(out: Writer, table: Table) -> None:
    out.title(table.title)
    out.header(table.columns)
    out.rows(table.rows)
    if table.total:
        out.row(table.total, bold=True)
    if table.note:
        out.blank()
        out.row([table.note])


def to_xlsx(report: Report, out=None) -> bytes:
    """The workbook, streamed (openpyxl's write-only mode): a sheet of facts, then
    one per table. Its bytes, or written to the binary file ``out`` (then b"")."""
    book = XlsxBook(streamed=True)
    cover = book.sheet(_("说明"), freeze=False, wrap=True)
    cover.widths([28, 60])
    _write_cover(cover, report)
    for table in report.tables():
        sheet = book.sheet(table.title, freeze=False, wrap=True)
        sheet.widths([26, *[16] * 6])
        _write_table(sheet, table)
    return book.save(out)


def to_csv(report: Report) -> str:
    """All tables one after another, a blank line between them (UTF-8 with BOM)."""
    out = CsvTable()
    _write_cover(out, report)
    for table in report.tables():
        out.blank()
        _write_table(out, table)
    return out.text()


def _plain(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.1f}"
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d %H:%M}"
    return str(value)


def to_text(report: Report) -> str:
    """A readable plain-text rendering for the terminal or an e-mail."""
    lines = [report.title, "=" * 40]
    cover = [*_facts(report), [], [_("主要指标"), _("数值")], *_figures(report)]
    for row in cover:
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
