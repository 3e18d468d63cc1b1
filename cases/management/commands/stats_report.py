"""统计报表：月报或季报，写成 Excel、CSV 或纯文本，供脚本定期生成。

    python manage.py stats_report --period 2026-10 --format xlsx --output 2026-10.xlsx
    python manage.py stats_report --period 2026-Q3 --township dongling --format text

County-wide unless ``--township`` names one; the same report as the dashboard's.
Progress goes to stderr, so ``--output -`` can pipe CSV or text from stdout.
"""

import sys
import time
from pathlib import Path

from django.core.management.base import CommandError

from cases.stats.errors import StatsError
from cases.stats.export import to_csv, to_text, to_xlsx
from cases.stats.periods import parse_period
from cases.stats.progress import Steps, bar
from cases.stats.report import build_report, step_count
from cases.stats.scope import county_scope
from core.commands import ChineseCommand

FORMATS = ("xlsx", "csv", "text")


class Command(ChineseCommand):
    help = "生成社会救助统计月报或季报（Excel、CSV 或纯文本）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--period",
            required=True,
            metavar="期间",
            help="月度 2026-10，或季度 2026-Q3",
        )
        parser.add_argument(
            "--township", default="", metavar="乡镇编码", help="不填为全县"
        )
        parser.add_argument(
            "--format",
            choices=FORMATS,
            default=None,
            metavar="格式",
            help="xlsx、csv 或 text（纯文本）；不给时按输出文件的扩展名",
        )
        parser.add_argument(
            "--output",
            default="-",
            metavar="文件",
            help="写入的文件；- 为标准输出（xlsx 不可）",
        )

    def handle(self, *args, period, township, format, output, **options):
        fmt = format or _format_from(output)
        try:
            chosen = parse_period(period)
            scope = county_scope(township)
        except StatsError as error:
            raise CommandError(error.message) from error
        if fmt == "xlsx" and output == "-":
            raise CommandError("Excel 格式须用 --output 指定文件。")
        target = None if output == "-" else Path(output)
        if target is not None and not target.parent.is_dir():
            raise CommandError(f"目录不存在：{target.parent}")
        started = time.monotonic()
        self.stderr.write(f"统计范围：{scope.label}；统计期：{chosen.label}")
        steps = Steps(step_count() + 1)  # and writing the file

        def progress(title: str, doing: str = "计算") -> None:
            steps.advance(title)
            elapsed = time.monotonic() - started
            self.stderr.write(f"  {bar(steps)} {elapsed:5.1f} 秒  {doing}：{title}")

        report = build_report(scope, chosen, progress=progress)
        progress(fmt.upper() if fmt != "text" else "纯文本", "写入")
        if fmt == "xlsx":
            data: bytes | str = b""  # streamed into the file below
        elif fmt == "csv":
            data = to_csv(report)
        else:
            data = to_text(report)
        if target is None:
            sys.stdout.write(data)  # progress went to stderr
        else:
            try:
                if fmt == "xlsx":
                    with target.open("wb") as out:
                        to_xlsx(report, out)
                elif isinstance(data, bytes):
                    target.write_bytes(data)
                else:
                    target.write_text(data, encoding="utf-8")
            except OSError as error:
                raise CommandError(f"无法写入 {target}：{error.strerror}") from error
        seconds = time.monotonic() - started
        where = "标准输出" if target is None else str(target)
        self.stderr.write(
            f"已生成《{report.title}》：{len(report.tables())} 张表，"
            f"写入 {where}，用时 {seconds:.1f} 秒。"
        )


def _format_from(output: str) -> str:
    suffix = Path(output).suffix.lower().lstrip(".")
    if suffix in ("xlsx", "csv"):
        return suffix
    return "text"
