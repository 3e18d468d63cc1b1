"""Refresh the zh_Hans message catalogue and compile it.

The interface is written in Chinese, so a new message's zh_Hans text starts as
its source text (``msgen``); a translator may reword any entry in the .po file and
later runs keep that wording. Needs GNU gettext (msgen, msgfmt).
"""

import re
import shutil
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management import CommandError, call_command

from core.commands import ChineseCommand

LOCALE = "zh_Hans"
IGNORED = [".venv/*", "var/*", "test-artifacts/*", "tests/*", "bench/*", "*.egg-info/*"]
HEADER = {
    "Project-Id-Version": "shehui-jiuzhu-portal",
    "Language": LOCALE,
    "Language-Team": "Chinese (Simplified)",
}


def catalogue() -> Path:
    return Path(settings.BASE_DIR) / "locale" / LOCALE / "LC_MESSAGES" / "django.po"


class Command(ChineseCommand):
    help = "收集界面文字到 `zh_Hans` 消息目录，为新条目填入原文，并编译。"

    def handle(self, *args, **options):
        msgen, msgattrib = shutil.which("msgen"), shutil.which("msgattrib")
        if msgen is None or msgattrib is None:
            raise CommandError("需要 GNU gettext：请执行 apt-get install gettext")
        catalogue().parent.mkdir(parents=True, exist_ok=True)
        call_command(
            "makemessages", locale=[LOCALE], ignore_patterns=IGNORED, verbosity=0
        )
        po = catalogue()
        text = po.read_text(encoding="utf-8")
        po.write_text(text.replace('#, fuzzy\nmsgid ""', 'msgid ""', 1), "utf-8")
        # msgmerge guesses a new message's text from a similar old one and marks
        # it fuzzy (期限 → "时限"); start such a message from its source text instead.
        subprocess.run(  # noqa: S603
            [msgattrib, "--no-wrap", "--clear-fuzzy", "--empty", "--clear-previous"]
            + ["-o", str(po), str(po)],
            check=True,
        )
        subprocess.run(  # noqa: S603
            [msgen, "--no-wrap", "-o", str(po), str(po)], check=True
        )
        text = po.read_text(encoding="utf-8")
        for key, value in HEADER.items():
            text = re.sub(
                rf'"{key}: [^"]*\\n"', f'"{key}: {value}\\\\n"', text, count=1
            )
        po.write_text(text, encoding="utf-8")
        call_command("compilemessages", locale=[LOCALE], verbosity=0)
        count = text.count("\nmsgid ") - 1
        self.stdout.write(f"{po.relative_to(settings.BASE_DIR)}：{count} 条消息")
