"""Reading a notice file and stripping the web page around its text."""

import datetime
import re
import unicodedata
from pathlib import Path

from django.utils.translation import gettext as _

from core.text import quiet_clean

from .patterns import (
    _ASCII_DIGITS,
    CHROME_ZONE,
    DATE_RE,
    DEFAULT_ENCODINGS,
    HEAD_MAX,
    MAX_BYTES,
    META_RE,
    NOISE_RES,
    PUBLISHED_RE,
    WENHAO,
)


class NoticeReadError(Exception):
    """The file cannot be read as the text of a notice; the message says why."""


def read_notice(path: Path, encodings=DEFAULT_ENCODINGS) -> str:
    """Read a text file, trying each encoding in turn; refuse what is not text."""
    if not path.exists():
        raise NoticeReadError(_("文件不存在"))
    if not path.is_file():
        raise NoticeReadError(_("不是普通文件"))
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise NoticeReadError(_("无法读取：%s") % error.strerror) from error
    if not raw.strip():
        raise NoticeReadError(_("文件为空"))
    if len(raw) > MAX_BYTES:
        raise NoticeReadError(_("文件过大（超过 5 MB），不像一件公文"))
    if b"\x00" in raw:
        raise NoticeReadError(_("文件是二进制内容，不是文本"))
    for encoding in encodings:
        try:
            text = raw.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        break
    else:
        raise NoticeReadError(_("无法按 %s 编码解读文本") % "/".join(encodings))
    controls = sum(
        1 for c in text if unicodedata.category(c) == "Cc" and c not in "\t\n\r\f"
    )
    if controls > len(text) / 100:
        raise NoticeReadError(_("文件含大量控制字符，不是文本"))
    if len(re.findall(r"[\u4e00-\u9fff]", text)) < 10:
        raise NoticeReadError(_("文本中没有可识别的中文公文内容"))
    return text


def parse_date(text: str) -> datetime.date | None:
    """First date written as 2019年10月16日 or 二〇一九年十月十六日, if valid."""
    match = DATE_RE.search(text.translate(_ASCII_DIGITS))
    if not match:
        return None
    year = "".join(str(_cn_number(ch)) for ch in match["y"])
    try:
        return datetime.date(int(year), _cn_number(match["m"]), _cn_number(match["d"]))
    except ValueError:
        return None


def _cn_number(text: str) -> int:
    if text.isdigit():
        return int(text)
    digits = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "○": 0}
    if "十" not in text:
        return digits[text]
    tens, _sep, ones = text.partition("十")
    return digits.get(tens, 1) * 10 + digits.get(ones, 0)


def clean_lines(text: str) -> tuple[list[str], datetime.date | None, str]:
    """Drop web-page chrome; return the lines, the publication date and a meta 文号."""
    # The rule of typed text (core.text): NFC, invisible characters removed.
    # A file is not typed: its page breaks and stray controls are layout,
    # dropped line by line rather than refusing the notice.
    text = quiet_clean(text)
    lines = [
        "".join(c for c in raw if unicodedata.category(c) != "Cc" or c == "\t").strip()
        for raw in text.splitlines()
    ]
    kept, published, meta_number = [], None, ""
    for line in filter(None, lines):
        # Page chrome is short; a long line is text even if it names 版权所有.
        is_noise = len(line) <= 100 and any(n.match(line) for n in NOISE_RES)
        if len(kept) < CHROME_ZONE and (is_noise or META_RE.match(line)):
            found = PUBLISHED_RE.search(line.translate(_ASCII_DIGITS))
            if found and published is None:
                published = _safe_date(*found.groups())
            number = re.search(rf"文号\s*[:：]\s*({WENHAO})", line)
            meta_number = meta_number or (number[1] if number else "")
            continue
        if not is_noise:
            kept.append(line)
    # A breadcrumb ends with the title that follows it on a line of its own.
    zone = kept[: HEAD_MAX + 2]
    crumbs = {
        a
        for a in zone
        if re.search(r"\s", a) and any(a != b and a.endswith(b) for b in zone)
    }
    return [line for line in kept if line not in crumbs], published, meta_number


def _safe_date(year: str, month: str, day: str) -> datetime.date | None:
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError:
        return None
