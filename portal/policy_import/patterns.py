"""The shapes of a notice: 文号, dates, headings, issuers, web-page chrome."""

import re

MAX_BYTES = 5 * 1024 * 1024
DETECT_BYTES = 64 * 1024  # enough to tell the encoding; detection of 5 MB is slow
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
CITED_RE = re.compile(r"《(?P<name>[^《》]{2,200})》")
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
