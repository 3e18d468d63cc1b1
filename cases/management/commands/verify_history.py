"""Report any history row edited or deleted outside the application."""

from django.core.management.base import BaseCommand, CommandError

from cases.history import chained_history_models, verify_model


class Command(BaseCommand):
    help = "校验案件历史记录的哈希链；发现被改动或删除的记录时以非零状态退出。"

    def handle(self, *args, **options):
        total, breaks = 0, []
        for model in chained_history_models():
            count = model._default_manager.count()
            label = model._meta.label

            def progress(done, count=count, label=label):
                if done % 5000 == 0 or done == count:
                    self.stdout.write(f"  {label}: {done}/{count}", ending="\r")

            checked, found = verify_model(model, progress=progress)
            self.stdout.write(f"{label}: 校验 {checked} 条" + (" " * 10))
            total += checked
            breaks.extend(found)
        for item in breaks:
            self.stdout.write(
                self.style.ERROR(
                    f"{item.model} history_id={item.history_id}：{item.problem}"
                )
            )
        if breaks:
            raise CommandError(
                f"共校验 {total} 条历史记录，发现 {len(breaks)} 处异常。"
            )
        self.stdout.write(
            self.style.SUCCESS(f"共校验 {total} 条历史记录，哈希链完整。")
        )
