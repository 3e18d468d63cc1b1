"""公文导入: read the plain text of a published notice into policy-page fields.

Plain functions and a dataclass, no page code, so every rule can be tested on its
own; the ``import_policy`` command does the saving.
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.html import escape
from django.utils.translation import gettext as _

DEFAULT_ENCODINGS = ("utf-8", "utf-8-sig", "gb18030")
MAX_BYTES = 5 * 1024 * 1024
TITLE_MAX = 255  # Page.title
HEADING_MAX = 60  # longer lines read as text, not headings (the block allows 120)
ISSUER_MAX = 200  # PolicyPage.issuing_body
SUMMARY_MAX = 150  # longer first sentences make poor list summaries
HEAD_MAX = 6  # lines that can hold the 版头 (issuer, 文号, title)
CHROME_ZONE = 12  # page meta lines (来源, 发布时间) sit above the text

_ASCII_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_DATE = (
    r"(?P<y>\d{4}|[〇零○一二三四五六七八九]{4})\s*年\s*"
    r"(?P<m>\d{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*"
    r"(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})\s*日"
)
DATE_RE = re.compile(_DATE)
DATE_LINE_RE = re.compile(rf"[（(]?{_DATE}[）)]?")
WENHAO = (
    r"[\u4e00-\u9fff]{1,12}\s*[〔\[［(（【]\s*(?:19|20)\d{2}\s*[〕\]］)）】]"
    r"\s*第?\s*\d{1,5}\s*号"
)
WENHAO_LINE_RE = re.compile(rf"(?:文号\s*[:：]\s*)?({WENHAO})")
FORWARD_RE = re.compile(
    rf"《(?P<name>[^》]{{2,200}})》\s*[（(]\s*(?P<number>{WENHAO})\s*[）)]"
)
_ORG_SUFFIX = (
    r"(?:人民政府|政府|办公室|办公厅|委员会|管委会|办事处|局|厅|部|委|院|中心)"
)
ORG_LINE_RE = re.compile(rf"[\u4e00-\u9fff（）()\s]{{1,38}}?{_ORG_SUFFIX}(?:文件)?")
ORG_PREFIX_RE = re.compile(
    r"[\u4e00-\u9fff]{2,30}?(?:人民政府|政府|局|厅|委员会)(?:办公室|办公厅)?"
)
H2_RE = re.compile(r"[一二三四五六七八九十]{1,3}、|第[一二三四五六七八九十]{1,3}[章节]")
H3_RE = re.compile(r"[（(][一二三四五六七八九十]{1,3}[）)]")
ITEM_RE = re.compile(
    r"\d{1,2}\s*[、.．]|[（(]\d{1,2}[）)]|第[一二三四五六七八九十百]+条"
)
DOC_KIND_RE = re.compile(
    r"(?:通知|意见|方案|办法|规定|制度|决定|细则|规则|规范|通报|批复|公告)$"
)
EFFECTIVE_RE = re.compile(rf"自\s*{_DATE}\s*起\s*(?:施行|实施|执行|生效)")
EFFECTIVE_ON_ISSUE_RE = re.compile(
    r"自(?:印发|发布|公布|下发|签发)之日起\s*(?:施行|实施|执行)"
)
PUBLISHED_RE = re.compile(
    r"(?:发布时间|发布日期|发文日期|时间|日期)\s*[:：]\s*"
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})"
)
META_RE = re.compile(
    r"(?:来源|信息来源|发布时间|发布日期|发文日期|时间|日期|作者|索引号|文号|发布机构)"
    r"\s*[:：]"
)
NOISE_RES = [
    re.compile(r"(?:页面|字体|对比度|字号|分享到?)\s*[:：]"),
    re.compile(r".*(?:浏览次数|浏览量|阅读次数|浏览\s*[:：])"),
    re.compile(r"/?(?:media|static|uploads?|images?)/\S*$"),
    re.compile(r"\S+\.(?:jpe?g|png|gif|webp|svg|bmp)$", re.IGNORECASE),
    re.compile(r"(?:高级搜索|简体\s*繁体|繁体\s*简体)$"),
    re.compile(r".*(?:无障碍阅读|无障碍浏览|适老模式|版权所有|©)"),
    re.compile(r".*(?:copy(?:r)?ight|all rights reserved)", re.IGNORECASE),
    re.compile(r"(?:当前位置|您当前的位置|您的位置)"),
    re.compile(r"[【\[]?(?:打印本页|关闭窗口|返回顶部|打印|关闭)[】\]]?$"),
    re.compile(r"[\W_]+$"),  # bullets or rules left over from the page layout
]
_TERMINAL = "。！？；：;:!?…"
_CLOSERS = '”’"」』）)】'


class NoticeReadError(Exception):
    """The file cannot be read as the text of a notice; the message says why."""


@dataclass
class ParsedNotice:
    title: str = ""
    document_number: str = ""
    forwarded_document_number: str = ""
    issuing_body: str = ""
    issue_date: datetime.date | None = None
    effective_date: datetime.date | None = None
    publication_date: datetime.date | None = None
    summary: str = ""
    body: list[tuple[str, object]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


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
    text = re.sub(r"[\u200b-\u200d\ufeff]", "", text)
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


def _is_body_like(line: str) -> bool:
    return bool(
        line[-1] in "：:"
        or re.search(r"[。，,；;！？]", line)
        or len(line) > 80
        or H2_RE.match(line)
        or H3_RE.match(line)
        or ITEM_RE.match(line)
    )


def _is_org(line: str) -> bool:
    return "关于" not in line and bool(ORG_LINE_RE.fullmatch(line))


def _is_date_line(line: str) -> bool:
    return "印发" not in line and bool(
        DATE_LINE_RE.fullmatch(line.translate(_ASCII_DIGITS))
    )


def _wenhao_line(line: str) -> str:
    match = WENHAO_LINE_RE.fullmatch(line.translate(_ASCII_DIGITS))
    return re.sub(r"\s+", "", match[1]) if match else ""


def _ends_sentence(line: str) -> bool:
    return line.rstrip(_CLOSERS)[-1:] in _TERMINAL if line.rstrip(_CLOSERS) else True


def join_broken_lines(lines: list[str]) -> list[str]:
    """Rejoin paragraphs that a page break or PDF copy cut mid-sentence."""
    groups: list[list[str]] = []  # parts, joined once at the end: no quadratic copying
    open_prose = False  # the last group is prose that stopped mid-sentence
    for line in lines:
        starts_new = H2_RE.match(line) or H3_RE.match(line) or ITEM_RE.match(line)
        if open_prose and not starts_new and not _is_date_line(line):
            groups[-1].append(line)
        else:
            groups.append([line])
            open_prose = (
                len(line) >= 40 or bool(re.search(r"[，,。；;]", line))
            ) and not heading_level(line)
        open_prose = open_prose and not _ends_sentence(line)
    return ["".join(parts) for parts in groups]


def heading_level(line: str) -> str:
    """h2 for 一、… and embedded document titles, h3 for （一）…, else ''."""
    if len(line) > HEADING_MAX or re.search(r"[。；;！？]", line):
        return ""
    if H2_RE.match(line):
        return "h2"
    if H3_RE.match(line):
        return "h3"
    if DOC_KIND_RE.search(line) and not re.search(r"[，,：:]", line):
        return "h2"
    return ""


def build_body(lines: list[str]) -> list[tuple[str, object]]:
    """Paragraphs (escaped, so markup in the source stays inert) and headings."""
    blocks: list[tuple[str, object]] = []
    pending = ""  # a short unpunctuated line that may start a two-line title
    for line in lines:
        level = heading_level(line)
        if level and pending and not H2_RE.match(line) and not H3_RE.match(line):
            blocks.pop()
            line = pending + line
        pending = ""
        if level:
            blocks.append(("heading", {"text": line[:120], "level": level}))
            continue
        blocks.append(("paragraph", f"<p>{escape(line)}</p>"))
        plain = len(line) <= 30 and not re.search(r"[。，,；;：:、！？]", line)
        if plain and not _is_org(line) and not _is_date_line(line):
            pending = line
    return blocks


def truncate_title(title: str, limit: int = TITLE_MAX) -> str:
    """Cut at a punctuation mark near the limit where there is one."""
    if len(title) <= limit:
        return title
    cut = title[: limit - 1]
    stop = max(cut.rfind(mark) for mark in "，、》）”")
    return (cut[: stop + 1] if stop > limit * 3 // 4 else cut) + "…"


def _signature(lines: list[str]) -> tuple[datetime.date | None, str]:
    """The first 落款: a date line and the issuer line(s) just above it."""
    for index, line in enumerate(lines):
        inline = re.fullmatch(
            rf"(\S.{{1,38}}?)\s+{_DATE}", line.translate(_ASCII_DIGITS)
        )
        if inline and _is_org(inline[1]):
            return parse_date(line), inline[1]
        if not _is_date_line(line):
            continue
        orgs = []
        for above in reversed(lines[max(0, index - 4) : index]):
            if not _is_org(above):
                break
            orgs.insert(0, above)
        return parse_date(line), "、".join(orgs)
    return None, ""


def _issuer_from_title(title: str) -> str:
    prefix = re.split(r"关于|转发|印发", title, maxsplit=1)[0]
    if prefix != title and _is_org(prefix):
        return prefix
    match = ORG_PREFIX_RE.match(title)
    return match[0] if match and len(match[0]) < len(title) else ""


def _summary(lines: list[str]) -> str:
    for line in lines:
        if heading_level(line) or _is_org(line) or _is_date_line(line):
            return ""
        if line[-1] in "：:":
            continue  # 主送机关 or an introduction to a list
        sentence = re.match(r"[^。！？]*[。！？]", line)
        if sentence and 4 <= len(sentence[0]) <= SUMMARY_MAX:
            return sentence[0]
        return ""
    return ""


def _forwarded_number(title: str, body: list[str]) -> str:
    """转发: the 文号 in 《…》(文号) of the sentence that forwards it."""
    cited = [
        m for line in body[:6] if "转发" in line for m in FORWARD_RE.finditer(line)
    ]
    if "转发" in title:  # 转发《X》: the body may cite X with its 文号 further down
        cited += [
            m for line in body for m in FORWARD_RE.finditer(line) if m["name"] in title
        ]
    return re.sub(r"\s+", "", cited[0]["number"]) if cited else ""


def _effective(body: list[str], issue_date: datetime.date | None):
    for line in body:
        if match := EFFECTIVE_RE.search(line.translate(_ASCII_DIGITS)):
            return parse_date(match[0])
        if EFFECTIVE_ON_ISSUE_RE.search(line):
            return issue_date
    return None


def parse_notice(text: str, *, fallback_title: str = "") -> ParsedNotice:
    """Read title, 文号, issuer, dates and body out of a notice's text."""
    lines, published, meta_number = clean_lines(text)
    result = ParsedNotice(publication_date=published)
    start = next((i for i, line in enumerate(lines) if _is_body_like(line)), len(lines))
    start = min(start, HEAD_MAX)
    header_orgs, title_parts, header_date = [], [], None
    for line in lines[:start]:
        if number := _wenhao_line(line):
            result.document_number = result.document_number or number
        elif _is_date_line(line):
            header_date = header_date or parse_date(line)
        elif _is_org(line):
            header_orgs.append(re.sub(r"文件$", "", "、".join(line.split())))
        elif line not in title_parts:
            title_parts.append(line)
    result.document_number = result.document_number or meta_number
    body = join_broken_lines(lines[start:])

    title = "".join(title_parts)
    # 发文机关 + 事由 + 文种: a header issuer line is the start of the full title.
    if title.startswith(("关于", "转发", "印发")) and header_orgs:
        title = "、".join(header_orgs) + title
    if not title:
        title = fallback_title or _("未命名公文")
        result.notes.append(_("未找到标题，暂用“%s”") % title)
    result.title = truncate_title(title)
    if result.title != title:
        result.notes.append(_("标题过长，已截断为 %d 字") % len(result.title))

    signed_on, signer = _signature(body)
    result.issue_date = signed_on or header_date
    if result.issue_date is None and published is not None:
        result.issue_date = published
        result.notes.append(_("无落款日期，成文日期暂用网页发布日期 %s") % published)

    result.issuing_body = signer or "、".join(header_orgs)
    if not result.issuing_body and (guess := _issuer_from_title(result.title)):
        result.issuing_body = guess
        result.notes.append(_("发文机关根据标题推断为“%s”") % guess)
    result.issuing_body = result.issuing_body[:ISSUER_MAX]

    forwarded = _forwarded_number(result.title, body)
    if forwarded and forwarded != result.document_number:
        result.forwarded_document_number = forwarded

    effective = _effective(body, result.issue_date)
    if effective and result.issue_date and effective < result.issue_date:
        result.notes.append(_("施行日期早于成文日期，未采用"))
        effective = None
    result.effective_date = effective
    result.summary = _summary(body)
    result.body = build_body(body)
    result.missing = [
        label
        for label, found in (
            (_("标题"), bool(title_parts)),
            (_("文号"), bool(result.document_number)),
            (_("发文机关"), bool(result.issuing_body)),
            (_("成文日期"), result.issue_date is not None),
        )
        if not found
    ]
    return result
