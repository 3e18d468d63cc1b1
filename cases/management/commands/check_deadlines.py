"""The daily check: near-due and overdue stage deadlines (to the A and B of the
case and of its window), windows with neither A nor B at work (to the township
head), urgent leads not triaged in time."""

from datetime import date

from django.core.management.base import CommandError

from cases.services import alerts_check
from core.commands import ChineseCommand


class Command(ChineseCommand):
    help = (
        "临期、超期提醒（A岗、B岗）；窗口A、B岗均不在岗提醒乡镇负责人；"
        "紧急线索研判提醒。建议每个工作日早上运行。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--today",
            metavar="日期",
            help="按哪一天计算，写作 2026-12-07；默认今天",
        )

    def handle(self, *args, today=None, **options):
        day = None
        if today:
            try:
                day = date.fromisoformat(today)
            except ValueError as error:
                raise CommandError(f"--today 应为 YYYY-MM-DD，收到：{today}") from error
        counts = alerts_check(today=day)
        self.stdout.write(
            f"即将到期提醒 {counts['near_due']} 条，超期提醒 {counts['overdue']} 条。"
        )
        self.stdout.write(
            f"A、B岗均不在岗的窗口 {counts['windows_unstaffed']} 个，"
            f"提醒乡镇负责人 {counts['windows_unstaffed_alerts']} 条。"
        )
        self.stdout.write(
            f"紧急线索临近研判期限提醒 {counts['leads_near_due']} 条，"
            f"研判超期提醒 {counts['leads_overdue']} 条。"
        )
