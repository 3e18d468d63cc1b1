"""每日锚点：把各历史表的链头写入日志和数据库（每天运行一次）。"""

from django.utils import timezone

from cases.history.anchor import anchor_line, anchor_write
from core.commands import ChineseCommand


class Command(ChineseCommand):
    help = "生成当天的历史记录锚点（各表记录数与最后摘要），写入日志；请每天运行。"

    def handle(self, *args, **options):
        anchor = anchor_write(timezone.localdate())
        self.stdout.write(f"history-anchor {anchor_line(anchor)}")
        self.stdout.write(
            self.style.SUCCESS(
                f"{anchor.day:%Y-%m-%d} 锚点已记录：{len(anchor.heads)} 个历史表。"
            )
        )
