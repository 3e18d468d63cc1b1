"""Finding the title, 文号, issuer, dates and body in a notice's lines."""

import datetime
import re
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.translation import gettext as _

from .patterns import (
    _ASCII_DIGITS,
    _CLOSERS,
    _DATE,
    _TERMINAL,
    CITED_RE,
    DATE_LINE_RE,
    DOC_KIND_RE,
    EFFECTIVE_ON_ISSUE_RE,
    EFFECTIVE_RE,
    FORWARD_RE,
    H2_RE,
    H3_RE,
    HEAD_MAX,
    HEADING_MAX,
    ISSUER_MAX,
    ITEM_RE,
    ORG_LINE_RE,
    ORG_PREFIX_RE,
    SUMMARY_MAX,
    TITLE_MAX,
    WENHAO_LINE_RE,
)
from .reading import DecodedNotice, clean_lines, parse_date


@dataclass
class ParsedNotice:
    title: str = ""
    document_number: str = ""
    forwarded_document_number: str = ""
    forwarded_title: str = ""
    issuing_body: str = ""
    issue_date: datetime.date | None = None
    effective_date: datetime.date | None = None
    publication_date: datetime.date | None = None
    summary: str = ""
    body: list[tuple[str, object]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    encoding: str = ""


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


def _forwarded(title: str, body: list[str]) -> tuple[str, str]:
    """转发: the forwarded document's title and 文号.

    From the sentence that forwards it (现将《X》(文号)转发给你们, 《X》……现转发给你们)
    and from the title (关于转发《X》的通知, 转发X的通知); a 文号 the forwarding
    sentence leaves out may come with a citation of X further down.
    """
    name = number = ""
    for line in body[:6]:
        if "转发" not in line:
            continue
        if match := FORWARD_RE.search(line):
            name, number = match["name"], match["number"]
            break
        if match := CITED_RE.search(line):
            name = match["name"]
            break
    if "转发" in title:
        name = name or _forwarded_title(title)
        if not number:
            number = next(
                (
                    m["number"]
                    for line in body
                    for m in FORWARD_RE.finditer(line)
                    if m["name"] in title or m["name"] == name
                ),
                "",
            )
    return name.strip(), re.sub(r"\s+", "", number)


def _forwarded_title(title: str) -> str:
    """X in 关于转发《X》的通知, or in 转发X（的通知）: X names a kind of document."""
    rest = title.split("转发", 1)[1].strip()
    if match := CITED_RE.search(rest):
        return match["name"]
    # 转发X的通知的通知 is written 转发X的通知: drop the second 的通知 only.
    trimmed = re.sub(r"的(?:通知|函)$", "", rest)
    if trimmed != rest and DOC_KIND_RE.search(trimmed):
        return trimmed
    return rest if DOC_KIND_RE.search(rest) else ""


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

    forwarded_title, forwarded = _forwarded(result.title, body)
    if forwarded and forwarded != result.document_number:
        result.forwarded_document_number = forwarded
    if forwarded_title and forwarded_title != result.title:
        result.forwarded_title = truncate_title(forwarded_title)

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


def parse_decoded(decoded: DecodedNotice, *, fallback_title: str = "") -> ParsedNotice:
    """parse_notice, with the encoding and what the reading had to say."""
    result = parse_notice(decoded.text, fallback_title=fallback_title)
    result.encoding = decoded.encoding
    result.notes[:0] = decoded.notes
    return result
