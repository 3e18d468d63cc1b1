"""发放花名册：某月每位在册对象应发的救助金（含当月补发），写成 Excel。

    python manage.py payment_roster --month 2026-12 --output roster-2026-12.xlsx
    python manage.py payment_roster --month 2026-12 --township dongling --output r.xlsx

County-wide unless ``--township`` names one; the same workbook as the admin's
export. Progress goes to stderr (every 500 recipients).
"""

import re
import time
from datetime import date
from pathlib import Path

from django.core.management.base import CommandError

from cases.roster import roster_xlsx
from cases.selectors.roster import payment_roster
from core.commands import ChineseCommand
from portal.models import Township

MONTH = re.compile(r"^[0-9]{4}-(0[1-9]|1[0-2])$")


class Command(ChineseCommand):
    help = "导出某月的社会救助金发放花名册（Excel）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--month", required=True, metavar="月份", help="发放月份，如 2026-12"
        )
        parser.add_argument(
            "--township", default="", metavar="乡镇编码", help="不填为全县"
        )
        parser.add_argument(
            "--output", required=True, metavar="文件", help="写入的 Excel 文件"
        )

    def handle(self, *args, month, township, output, **options):
        if not MONTH.match(month):
            raise CommandError("月份格式不对，应写作 2026-12。")
        town = None
        if township:
            town = Township.objects.filter(code=township).first()
            if town is None:
                raise CommandError(f"没有这个乡镇编码：{township}")
        target = Path(output)
        if not target.parent.is_dir():
            raise CommandError(f"目录不存在：{target.parent}")
        started = time.monotonic()
        rows = payment_roster(
            None,
            date(int(month[:4]), int(month[5:]), 1),
            township=town,
            progress=lambda done, total: self.stderr.write(
                f"  已处理 {done}/{total} 名在册对象"
            ),
        )
        try:
            target.write_bytes(roster_xlsx(rows, month=month, township=town))
        except OSError as error:
            raise CommandError(f"无法写入 {target}：{error.strerror}") from error
        seconds = time.monotonic() - started
        self.stderr.write(f"已写入 {target}：{len(rows)} 人，用时 {seconds:.1f} 秒。")
