"""附件存储核对：附件记录与私有存储中的文件是否一致（缺失、被改动、无主文件）。"""

from django.core.management.base import CommandError

from cases.models import CaseAttachment
from cases.selectors.attachment_store import attachment_store_check
from core.commands import ChineseCommand


class Command(ChineseCommand):
    help = (
        "核对案件附件：记录所指文件是否存在、SHA-256 是否与记录一致，"
        "以及存储目录中没有记录的文件；不改动任何数据（--remove-orphans 除外）。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--fail", action="store_true", help="发现问题时以退出码 3 结束。"
        )
        parser.add_argument(
            "--remove-orphans",
            action="store_true",
            help="删除一小时以前写入、没有任何记录指向的文件。",
        )

    def handle(self, *args, fail=False, remove_orphans=False, **options):
        report = attachment_store_check()
        for attachment in report.missing:
            self.stdout.write(
                f"缺失：案件 {attachment.case.number} 附件 {attachment.pk}"
                f"（{attachment.name}）的文件不在存储中"
            )
        for attachment in report.altered:
            self.stdout.write(
                f"被改动：案件 {attachment.case.number} 附件 {attachment.pk}"
                f"（{attachment.name}）的内容与记录的 SHA-256 不符"
            )
        storage = CaseAttachment._meta.get_field("file").storage
        for name in report.orphans:
            if remove_orphans:
                storage.delete(name)
                self.stdout.write(f"已删除无主文件：{name}")
            else:
                self.stdout.write(f"无主文件：{name}")
        self.stdout.write(
            f"核对附件 {report.checked} 个：缺失 {len(report.missing)}，"
            f"被改动 {len(report.altered)}，无主文件 {len(report.orphans)}。"
        )
        problems = report.missing or report.altered
        if fail and (problems or (report.orphans and not remove_orphans)):
            raise CommandError("附件存储与记录不一致。", returncode=3)
