"""Report any history row edited, re-hashed or deleted outside the application,
and any live record changed behind its back."""

from pathlib import Path

from django.core.management.base import CommandError

from cases.history import chained_history_models, verify_live, verify_model
from cases.history.anchor import anchor_check, parse_anchor_lines
from core.commands import ChineseCommand


class Command(ChineseCommand):
    help = (
        "校验案件历史记录：哈希链、链头、现行记录与最新历史是否一致，"
        "以及（--anchors）是否仍经过日志中的每日锚点；发现异常时以非零状态退出。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--anchors",
            action="append",
            default=[],
            metavar="日志文件",
            help="含每日锚点（`history-anchor`）的日志文件，可给多个",
        )

    def handle(self, *args, anchors, **options):
        total, breaks = 0, []
        for model in chained_history_models():
            count = model._default_manager.count()
            # 申请人的历史, not cases.HistoricalApplicant: said to an operator.
            tracked = getattr(model, "instance_type", None)
            name = tracked._meta.verbose_name if tracked else model._meta.verbose_name
            label = f"{name}的历史"

            def progress(done, count=count, label=label):
                if done % 5000 == 0 or done == count:
                    self.stdout.write(f"  {label}: {done}/{count}", ending="\r")

            checked, found = verify_model(model, progress=progress)
            found += verify_live(model)
            self.stdout.write(f"{label}: 校验 {checked} 条" + (" " * 10))
            total += checked
            breaks.extend(found)
        for name in anchors:
            try:
                text = Path(name).read_text(encoding="utf-8", errors="replace")
            except OSError as error:
                raise CommandError(f"无法读取锚点文件 {name}：{error}") from error
            records = parse_anchor_lines(text)
            self.stdout.write(f"{name}: {len(records)} 个锚点")
            for record in records:
                breaks.extend(anchor_check(record))
        for item in breaks:
            self.stdout.write(self.style.ERROR(item.describe()))
        if breaks:
            raise CommandError(
                f"共校验 {total} 条历史记录，发现 {len(breaks)} 处异常。"
            )
        self.stdout.write(
            self.style.SUCCESS(f"共校验 {total} 条历史记录，哈希链完整。")
        )
