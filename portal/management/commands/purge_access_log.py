"""清理超过保存期限的访问记录和登录尝试记录（由 cron 或 systemd 定时器每天运行）。"""

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import CommandError
from django.utils import timezone

from core.commands import ChineseCommand
from portal.accounts import conf, retention


class Command(ChineseCommand):
    help = (
        "删除超过保存期限（设置 `ACCESS_LOG_RETENTION_DAYS`，至少183天）的访问记录和"
        "`django-axes` 登录尝试记录；仍在锁定中的记录不删。分批删除，可重复运行，"
        "每次运行本身记入访问记录。--dry-run 只统计不删除。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            metavar="天数",
            help="保留最近多少天（默认为设置 `ACCESS_LOG_RETENTION_DAYS`；不能小于它）",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="只统计将删除多少条，不删除"
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            metavar="条数",
            default=retention.BATCH_SIZE,
            help=f"每批删除多少条（默认 {retention.BATCH_SIZE}）",
        )

    def handle(self, *args, **options):
        self.verbosity = options["verbosity"]
        try:
            keep = conf.retention_days()
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from error
        try:
            cutoff = retention.cutoff_for(options["days"])
        except retention.RetentionRefused as error:
            raise CommandError(str(error)) from error
        dry_run = options["dry_run"]
        self.stdout.write(
            f"{'试运行，不删除。' if dry_run else ''}保存期限 {keep} 天；"
            f"清理 {timezone.localtime(cutoff):%Y-%m-%d %H:%M} 之前的记录。"
        )
        try:
            outcome = retention.purge(
                days=options["days"],
                dry_run=dry_run,
                batch_size=options["batch_size"],
                progress=self.progress,
            )
        except retention.RetentionRefused as error:
            raise CommandError(str(error)) from error
        verb = "将删除" if dry_run else "已删除"
        for label, count in outcome.counts.items():
            self.stdout.write(f"{label}：{verb} {count} 条")
        self.stdout.write(
            self.style.SUCCESS(f"合计{verb} {outcome.total} 条。")
            + ("" if dry_run else "本次清理已记入访问记录。")
        )

    def progress(self, label: str, done: int, expected: int) -> None:
        if done and self.verbosity >= 1:
            self.stdout.write(f"  {label}：{done}/{expected}")
