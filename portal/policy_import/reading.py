"""Reading a notice file and stripping the web page around its text."""

import codecs
import datetime
import errno
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes
from charset_normalizer.md import mess_ratio
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.cjk import to_simplified
from core.text import quiet_clean

from .patterns import (
    _ASCII_DIGITS,
    CHROME_ZONE,
    DATE_RE,
    DETECT_BYTES,
    HEAD_MAX,
    MAX_BYTES,
    META_RE,
    NOISE_RES,
    PUBLISHED_RE,
    WENHAO,
)


class NoticeReadError(Exception):
    """The file cannot be read as the text of a notice; the message says why."""


@dataclass(frozen=True)
class DecodedNotice:
    """A notice's text, the encoding it was read in, and what an editor must know
    about the reading (a 繁体 file converted to 简体)."""

    text: str
    encoding: str
    notes: tuple[str, ...] = ()


# The encodings Chinese notices come in, by family: the label shown, and the
# codec that reads every member (GB18030 reads GB2312 and GBK). Big5 has two
# extended forms (Microsoft's cp950, Hong Kong's HKSCS); each is tried.
_FAMILIES = {
    "utf-8": ("UTF-8", "utf-8-sig"),
    "utf-8-sig": ("UTF-8", "utf-8-sig"),
    "ascii": ("UTF-8", "utf-8-sig"),
    "utf-16": ("UTF-16", "utf-16"),
    "utf-16-le": ("UTF-16", "utf-16-le"),
    "utf-16-be": ("UTF-16", "utf-16-be"),
    "utf-32": ("UTF-32", "utf-32"),
    "utf-32-le": ("UTF-32", "utf-32-le"),
    "utf-32-be": ("UTF-32", "utf-32-be"),
    "gb2312": ("GB18030", "gb18030"),
    "gbk": ("GB18030", "gb18030"),
    "gb18030": ("GB18030", "gb18030"),
    "big5": ("Big5", "cp950"),
    "cp950": ("Big5", "cp950"),
    "big5hkscs": ("Big5", "big5hkscs"),
}
# Files that are not text at all, told by their first bytes.
_NOT_TEXT = (
    (
        b"%PDF",
        gettext_lazy("这是 PDF 文件，请先把正文复制出来另存为纯文本（.txt）再导入"),
    ),
    (
        b"PK\x03\x04",
        gettext_lazy("这是 DOCX 等办公文档或压缩包，请先另存为纯文本（.txt）再导入"),
    ),
    (
        b"\xd0\xcf\x11\xe0",
        gettext_lazy("这是旧版办公文档（DOC、XLS），请先另存为纯文本（.txt）再导入"),
    ),
    (b"{\\rtf", gettext_lazy("这是 RTF 文档，请先另存为纯文本（.txt）再导入")),
)
# charset-normalizer's measure of mess (odd symbols, mixed scripts): 0 for
# clean text, far above this for text read in the wrong encoding (乱码).
MESS_MAX = 0.1
ALLOWED = "UTF-8、UTF-16、GB18030（GBK、GB2312）、Big5"


def read_notice(path: Path, encoding: str | None = None) -> DecodedNotice:
    """Read a text file, detecting its encoding; refuse what is not text."""
    if not path.exists():
        raise NoticeReadError(_("文件不存在"))
    if not path.is_file():
        raise NoticeReadError(_("不是普通文件"))
    if path.stat().st_size > MAX_BYTES:
        raise NoticeReadError(_("文件过大（超过 5 MB），不像一件公文"))
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise NoticeReadError(_read_failure(error)) from error
    return decode_notice(raw, encoding)


def _read_failure(error: OSError) -> str:
    """Why a file could not be read, in Chinese (the system's strerror is English)."""
    reasons = {
        errno.EACCES: _("没有读取这个文件的权限"),
        errno.EPERM: _("没有读取这个文件的权限"),
        errno.ENOENT: _("文件不存在"),
        errno.EISDIR: _("不是普通文件"),
        errno.EIO: _("读取时出错（磁盘或网络存储故障）"),
    }
    return _("无法读取：%s") % reasons.get(
        error.errno, _("系统错误（错误号 %s）") % error.errno
    )


def decode_notice(raw: bytes, encoding: str | None = None) -> DecodedNotice:
    """The text of a notice's bytes, in the encoding given or the one detected.

    Detected with charset-normalizer; only the encodings Chinese notices come in
    are accepted, every byte must decode, and the result must read as Chinese
    text, so a file in another encoding is refused rather than saved as 乱码.
    A Big5 file (繁体) is converted to 简体, with a note saying so.
    """
    if not raw.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise NoticeReadError(_("文件为空"))
    if len(raw) > MAX_BYTES:
        raise NoticeReadError(_("文件过大（超过 5 MB），不像一件公文"))
    for magic, message in _NOT_TEXT:
        if raw.startswith(magic):
            raise NoticeReadError(str(message))
    label, codec = _codec(raw, encoding)
    text = _decode(raw, label, codec)
    _check_text(text)
    notes: tuple[str, ...] = ()
    if label == "Big5":
        text = to_simplified(text)
        notes = (
            _(
                "文件是繁体字 Big5 编码，已转换为简体字。"
                "个别字词（人名、地名、专用词）可能转换不准，请对照原件核对。"
            ),
        )
    return DecodedNotice(text=text, encoding=label, notes=notes)


def _codec(raw: bytes, encoding: str | None) -> tuple[str, str]:
    """(label, codec): the one asked for, else the one detected, if accepted."""
    if encoding:
        try:
            name = codecs.lookup(encoding).name
        except LookupError as error:
            raise NoticeReadError(_("不认识的编码：%s") % encoding) from error
        return _FAMILIES.get(name, (name, name))
    best = from_bytes(raw).best()
    if best is None:
        if b"\x00" in raw:
            raise NoticeReadError(_("文件是二进制内容，不是文本"))
        raise NoticeReadError(
            _("无法识别文件的编码，未导入。请另存为 UTF-8 编码的纯文本后再试")
        )
    family = _FAMILIES.get(codecs.lookup(best.encoding).name)
    if family is None:
        raise NoticeReadError(
            _(
                "文件不是中文公文使用的编码（%s），"
                "看来是日文、韩文或西文文本，未导入。请另存为 UTF-8 编码的纯文本后再试"
            )
            % ALLOWED
        )
    return family


def _decode(raw: bytes, label: str, codec: str) -> str:
    codecs_to_try = [codec, "big5hkscs"] if label == "Big5" else [codec]
    for name in codecs_to_try:
        try:
            return raw.decode(name).removeprefix("\ufeff")
        except (UnicodeDecodeError, LookupError):
            continue
    raise NoticeReadError(
        _("文件中有不能按 %s 解读的内容（可能混用了几种编码，或不是文本），未导入")
        % label
    )


def _check_text(text: str) -> None:
    """Refuse text that a wrong encoding or a binary file would give."""
    if not text.strip():
        raise NoticeReadError(_("文件为空"))
    controls = sum(
        1 for c in text if unicodedata.category(c) == "Cc" and c not in "\t\n\r\f"
    )
    if controls > len(text) / 100:
        raise NoticeReadError(_("文件含大量控制字符，不是文本"))
    if len(re.findall(r"[\u4e00-\u9fff]", text)) < 10:
        raise NoticeReadError(_("文本中没有可识别的中文公文内容"))
    if mess_ratio(text[:DETECT_BYTES], maximum_threshold=1) > MESS_MAX:
        raise NoticeReadError(
            _("文本中乱码过多，可能是编码不对；请另存为 UTF-8 编码的纯文本后再试")
        )


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
