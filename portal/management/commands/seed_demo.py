"""python manage.py seed_demo — the demo county, its staff and its pages."""

import time

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.commands import ChineseCommand
from portal.demo import DEMO_PASSWORD, DEMO_TOTP_KEY, DEMO_USERNAMES, Tally, seed


class Command(ChineseCommand):
    help = gettext_lazy(
        "写入演示数据（青禾县）：乡镇、网点、工作人员、页面和发布审核流程。可重复运行。"
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        verbose = options["verbosity"] >= 1

        def report(tally: Tally) -> None:
            if not verbose:
                return
            self.stdout.write(
                _("%(label)s：新建 %(created)d，更新 %(updated)d，未变 %(unchanged)d")
                % {
                    "label": tally.label,
                    "created": tally.created,
                    "updated": tally.updated,
                    "unchanged": tally.unchanged,
                }
            )

        seed(report)
        if not verbose:
            return
        self.stdout.write(
            self.style.SUCCESS(
                _("演示数据就绪，用时 %(seconds).1f 秒。")
                % {"seconds": time.monotonic() - started}
            )
        )
        self.stdout.write(
            _("演示账号：%(users)s；新建账号的初始密码：%(password)s")
            % {"users": ", ".join(DEMO_USERNAMES), "password": DEMO_PASSWORD}
        )
        self.stdout.write(
            _(
                "须双因素认证的演示账号（超级管理员、经办人、村协理员、乡镇审核人、县级审批人、审计）"
                "的动态口令密钥：%(key)s（在任意 TOTP 应用中手工添加）"
            )
            % {"key": DEMO_TOTP_KEY}
        )
