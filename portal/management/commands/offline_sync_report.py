"""线上线下一致情况, for scripts: the dashboard's figures as text, JSON or CSV."""

import json

from django.core.management.base import CommandError

from core.commands import ChineseCommand
from portal.models import ServicePoint, Township
from portal.offline.figures import consistency_report
from portal.spreadsheets import CsvTable


def _percent(rate) -> str:
    return "—" if rate is None else f"{rate:.1%}"


class Command(ChineseCommand):
    help = (
        "打印各服务网点的线上线下一致率（张贴现行版本 ÷ 应张贴）、"
        "旧版、缺项和换版任务。"
        "--fail-on-overdue 时，有逾期任务则以状态 3 退出。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--format",
            choices=("text", "json", "csv"),
            default="text",
            metavar="格式",
            help="text（纯文本，默认）、json 或 csv",
        )
        parser.add_argument("--township", metavar="乡镇编码", help="只统计该乡镇的网点")
        parser.add_argument(
            "--level",
            choices=ServicePoint.Level.values,
            metavar="层级",
            help="只统计该层级的网点："
            + "、".join(f"{v}（{label}）" for v, label in ServicePoint.Level.choices),
        )
        parser.add_argument(
            "--fail-on-overdue",
            action="store_true",
            help="有逾期未完成的换版任务时以非零状态退出",
        )

    def handle(self, *args, **options):
        points = ServicePoint.objects.order_by("level", "sort_order", "code")
        code = options["township"]
        if code is not None:
            if not Township.objects.filter(code=code[:40]).exists():
                raise CommandError(f"没有编码为 {code[:60]!r} 的乡镇。")
            points = points.filter(township__code=code)
        if options["level"]:
            points = points.filter(level=options["level"])
        report = consistency_report(points)
        writer = getattr(self, f"write_{options['format']}")
        writer(report)
        if options["fail_on_overdue"] and report.overdue_tasks:
            self.stderr.write(f"有 {report.overdue_tasks} 项换版任务已逾期。")
            raise SystemExit(3)

    def write_json(self, report):
        self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))

    def write_csv(self, report):
        rows = report.as_dict()
        fields = ["code", "name", "level", "required", "current", "stale", "gaps"]
        fields += ["rate", "open_tasks", "overdue_tasks"]
        total = {"code": "*", "name": "合计", "level": "", **rows["overall"]}
        # For scripts: no byte-order mark; names are neutralised like any export.
        out = CsvTable(bom=False, lineterminator="\n")
        out.header(fields)
        for row in [*rows["service_points"], total]:
            out.row([row.get(name, "") for name in fields])
        self.stdout.write(out.text(), ending="")

    def write_text(self, report):
        self.stdout.write(f"线上线下一致情况（{report.today:%Y-%m-%d}）")
        self.stdout.write(
            f"一致率 {_percent(report.rate)}：应张贴 {report.required}，"
            f"现行版本 {report.current}，旧版待换 {report.stale}，缺 {report.gaps}；"
            f"换版任务待办 {report.open_tasks}，逾期 {report.overdue_tasks}"
        )
        for row in report.points:
            self.stdout.write(
                f"  {row.point.name}（{row.point.get_level_display()}）："
                f"{_percent(row.rate)}  应张贴 {row.required}  现行 {row.current}  "
                f"旧版 {row.stale}  缺 {row.gaps}  "
                f"待办 {row.open_tasks}  逾期 {row.overdue_tasks}"
            )
