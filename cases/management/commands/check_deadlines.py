"""Flag near-due and overdue cases to the A handler and the B backup (AB角)."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from cases.services import deadlines_check


class Command(BaseCommand):
    help = "临期、超期提醒：发给A岗经办人和B岗。建议每个工作日早上运行。"

    def add_arguments(self, parser):
        parser.add_argument("--today", help="YYYY-MM-DD; default: today")

    def handle(self, *args, today=None, **options):
        day = None
        if today:
            try:
                day = date.fromisoformat(today)
            except ValueError as error:
                raise CommandError(f"--today 应为 YYYY-MM-DD，收到：{today}") from error
        counts = deadlines_check(today=day)
        self.stdout.write(
            f"即将到期提醒 {counts['near_due']} 条，超期提醒 {counts['overdue']} 条。"
        )
