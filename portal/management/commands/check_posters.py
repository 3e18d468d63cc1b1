"""海报 PDF 能否生成: said once when the server starts (make run, make serve),
so a machine without pango or a CJK font is explained in the terminal, not
discovered as a 503 on the first poster."""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from core.commands import ChineseCommand
from portal.printing.pdf import (
    bundled_font,
    font_installed_on_system,
    unavailable_reason,
)


class Command(ChineseCommand):
    help = _("检查本机能否生成海报 PDF（排版库 `pango` 与中文字体），并说明缺少什么。")

    def add_arguments(self, parser):
        parser.add_argument(
            "--fail",
            action="store_true",
            help=_("不能生成时以非零状态退出"),
        )

    def handle(self, *args, **options):
        reason = unavailable_reason()
        if reason is None:
            if font_installed_on_system():
                font = _("系统中文字体")
            else:
                font = _("随附的思源黑体（%(path)s）") % {"path": bundled_font()}
            self.stdout.write(
                _("海报 PDF：可以生成，字体：%(font)s。") % {"font": font}
            )
            return
        message = _("海报 PDF：暂时无法生成。%(reason)s") % {"reason": reason}
        if options["fail"]:
            raise CommandError(message)
        self.stderr.write(message)
        self.stderr.write(_("网站其余功能不受影响；海报链接会提示群众改用打印版。"))
