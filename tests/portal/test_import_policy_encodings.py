"""公文导入: the encodings notices come in, the ones refused, and 转发.

Every file here is made in the test from the test's own notice text, in the
encoding under test: UTF-8 with and without a BOM, UTF-16 with and without one,
GB18030/GBK/GB2312 and Big5 (converted to 简体, with a note). Text in any other
encoding, text read wrongly (乱码) and files that are not text are refused with
a Chinese message and never become a page.
"""

import datetime
import os
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from portal.middleware import to_traditional
from portal.models import PolicyPage
from portal.policy_import import (
    NoticeReadError,
    decode_notice,
    parse_decoded,
    parse_notice,
)
from portal.policy_import.patterns import MAX_BYTES
from tests.factories import make_policy

NOTICE = (
    "青禾县民政局\n禾民发〔2026〕7号\n关于做好冬春困难群众生活救助工作的通知\n"
    "各乡镇人民政府：\n为保障困难群众温暖过冬，现将有关事项通知如下。\n"
    "一、摸清底数\n各乡镇要对低保对象、特困人员逐户走访，建立工作台账。\n"
    "二、及时救助\n对突发困难家庭，按规定给予临时救助，做到先行救助。\n"
    "青禾县民政局\n2026年1月5日\n"
)


def _run(*args):
    out, err = StringIO(), StringIO()
    call_command("import_policy", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


# --- encodings read ----------------------------------------------------------


@pytest.mark.parametrize(
    ("codec", "label"),
    [
        ("utf-8", "UTF-8"),
        ("utf-8-sig", "UTF-8"),
        ("utf-16", "UTF-16"),  # with its BOM
        ("utf-16-le", "UTF-16"),  # without
        ("utf-16-be", "UTF-16"),
        ("gb18030", "GB18030"),
        ("gbk", "GB18030"),
        ("gb2312", "GB18030"),
    ],
)
def test_rules_import_every_unicode_and_gb_encoding_reads_the_same_text(codec, label):
    decoded = decode_notice(NOTICE.encode(codec))
    assert decoded.text == NOTICE
    assert decoded.encoding == label
    assert decoded.notes == ()
    parsed = parse_decoded(decoded)
    assert parsed.document_number == "禾民发〔2026〕7号"
    assert parsed.title == "青禾县民政局关于做好冬春困难群众生活救助工作的通知"
    assert parsed.encoding == label


@pytest.mark.parametrize("codec", ["cp950", "big5hkscs"])
def test_rules_import_big5_becomes_simplified_with_a_warning(codec):
    raw = to_traditional(NOTICE).encode(codec)
    assert "關於做好冬春困難群眾" in raw.decode(codec)  # the file really is 繁体
    decoded = decode_notice(raw)
    assert decoded.encoding == "Big5"
    assert decoded.text == NOTICE
    parsed = parse_decoded(decoded)
    assert parsed.notes[0] == decoded.notes[0]
    assert "Big5" in parsed.notes[0] and "简体" in parsed.notes[0]
    assert "核对" in parsed.notes[0]


def test_rules_import_a_named_encoding_is_used_as_given():
    assert decode_notice(NOTICE.encode("gbk"), "gb18030").text == NOTICE
    big5 = decode_notice(to_traditional(NOTICE).encode("cp950"), "big5")
    assert big5.text == NOTICE and big5.notes
    with pytest.raises(NoticeReadError, match="GB18030"):
        decode_notice(to_traditional(NOTICE).encode("cp950") + b"\xff", "gb18030")


# --- refused -------------------------------------------------------------------

JAPANESE = "市役所の窓口で生活保護の申請を受け付けています。お気軽にご相談ください。"
KOREAN = "주민센터 창구에서 기초생활보장 신청을 받습니다. 편하게 문의하십시오."
FRENCH = "Le guichet unique reçoit les demandes d'aide sociale, même le samedi. "


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (JAPANESE.encode("shift_jis") * 3, "不是中文公文使用的编码"),
        (JAPANESE.encode("euc_jp") * 3, "不是中文公文使用的编码"),
        (KOREAN.encode("euc_kr") * 3, "不是中文公文使用的编码"),
        (FRENCH.encode("latin-1") * 5, "不是中文公文使用的编码"),
        # UTF-8 bytes once read as Latin-1 and saved again: valid UTF-8, 乱码.
        (NOTICE.encode().decode("latin-1").encode(), "控制字符|乱码"),
        # Half UTF-8, half GBK: no one encoding reads it.
        (NOTICE.encode() + NOTICE.encode("gbk"), "编码"),
        (NOTICE.encode("utf-7"), "没有可识别的中文"),
        (NOTICE.encode("utf-16-le")[:-1], "二进制|编码"),  # cut mid-character
        (os.urandom(4096), "二进制|编码"),
        (NOTICE.encode() + b"\x00" * 200, "控制字符|二进制"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + os.urandom(512), "PDF"),
        (b"PK\x03\x04" + os.urandom(512), "DOCX"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + os.urandom(512), "DOC"),
        ("😀🎉🙏" * 100, "没有可识别的中文"),
    ],
    ids=[
        "shift-jis",
        "euc-jp",
        "euc-kr",
        "latin-1",
        "mojibake",
        "mixed",
        "utf-7",
        "utf-16-cut",
        "random",
        "nul-padded",
        "pdf",
        "docx",
        "doc",
        "emoji-only",
    ],
)
def test_rules_import_hostile_encodings_are_refused_in_chinese(raw, reason):
    if isinstance(raw, str):
        raw = raw.encode()
    with pytest.raises(NoticeReadError, match=reason) as refused:
        decode_notice(raw)
    assert any("\u4e00" <= c <= "\u9fff" for c in str(refused.value))


@pytest.mark.parametrize(
    "raw",
    [b"", b" \r\n\t ", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff\x00\n"],
    ids=["empty", "blank", "utf-8-bom-only", "utf-16-bom-only", "utf-16-newline"],
)
def test_rules_import_empty_files_are_refused(raw):
    with pytest.raises(NoticeReadError, match="文件为空"):
        decode_notice(raw)


def test_rules_import_huge_files_are_refused_before_reading():
    with pytest.raises(NoticeReadError, match="5 MB"):
        decode_notice(NOTICE.encode() * (MAX_BYTES // len(NOTICE.encode()) + 1))


@pytest.mark.django_db
def test_rules_import_command_refuses_unreadable_files_and_saves_none(
    site_tree, tmp_path
):
    korean = tmp_path / "korean.txt"
    korean.write_bytes(KOREAN.encode("euc_kr") * 3)
    huge = tmp_path / "huge.txt"
    huge.write_bytes(b"a" * (MAX_BYTES + 1))
    with pytest.raises(CommandError, match="2 个文件未能导入"):
        _run(korean, huge)
    assert not PolicyPage.objects.exists()


@pytest.mark.django_db
def test_rules_import_command_reports_the_encoding_and_the_big5_warning(
    site_tree, tmp_path
):
    path = tmp_path / "fanti.txt"
    path.write_bytes(to_traditional(NOTICE).encode("cp950"))
    out, _err = _run(path)
    assert "文件编码：Big5" in out
    assert "已转换为简体字" in out
    page = PolicyPage.objects.get()
    assert page.title == "青禾县民政局关于做好冬春困难群众生活救助工作的通知"
    assert "逐户走访" in page.plain_text()


@pytest.mark.django_db
def test_rules_import_command_reads_utf16_without_a_bom(site_tree, tmp_path):
    path = tmp_path / "utf16.txt"
    path.write_bytes(NOTICE.encode("utf-16-le"))
    out, _err = _run(path)
    assert "文件编码：UTF-16" in out
    assert PolicyPage.objects.get().document_number == "禾民发〔2026〕7号"


# --- 转发 ------------------------------------------------------------------------

FORWARDING = (
    "青禾县民政局\n{title}\n各乡镇人民政府：\n{sentence}\n"
    "请结合实际抓好落实。\n青禾县民政局\n2026年2月3日\n"
)


def _forwarding(title, sentence="现将该文件转发给你们，请认真执行。"):
    return parse_notice(FORWARDING.format(title=title, sentence=sentence))


@pytest.mark.parametrize(
    ("title", "forwarded"),
    [
        (
            "关于转发《市民政局关于规范低保审核确认的通知》的通知",
            "市民政局关于规范低保审核确认的通知",
        ),
        (
            "转发市民政局关于做好春节走访慰问工作的通知",
            "市民政局关于做好春节走访慰问工作的通知",
        ),
        (
            "关于转发市民政局关于做好春节走访慰问工作的通知的通知",
            "市民政局关于做好春节走访慰问工作的通知",
        ),
        (
            "关于转发市财政局等三部门临时救助资金管理办法的通知",
            "市财政局等三部门临时救助资金管理办法",
        ),
    ],
    ids=["brackets", "no-brackets", "doubled-notice", "kind-before-notice"],
)
def test_rules_import_forwarded_document_title_comes_from_the_title(title, forwarded):
    parsed = _forwarding(title)
    assert parsed.forwarded_title == forwarded
    assert parsed.forwarded_document_number == ""


def test_rules_import_forwarding_sentence_without_a_wenhao_gives_the_title():
    parsed = _forwarding(
        "关于做好救助资金发放的通知",
        "《市民政局临时救助操作规程》已经局务会议通过，现转发给你们。",
    )
    assert parsed.forwarded_title == "市民政局临时救助操作规程"


def test_rules_import_forwarding_sentence_with_a_wenhao_gives_both():
    parsed = _forwarding(
        "关于转发市民政局低保操作规程的通知",
        "现将《市民政局低保操作规程》（市民发〔2025〕12号）转发给你们。",
    )
    assert parsed.forwarded_title == "市民政局低保操作规程"
    assert parsed.forwarded_document_number == "市民发〔2025〕12号"


def test_rules_import_printing_and_citing_are_not_forwarding():
    printed = _forwarding(
        "关于印发《青禾县临时救助工作规程》的通知", "现将规程印发给你们。"
    )
    assert printed.forwarded_title == ""
    cited = _forwarding(
        "关于做好救助工作的通知", "根据《社会救助暂行办法》，现就有关事项通知如下。"
    )
    assert cited.forwarded_title == "" and cited.forwarded_document_number == ""


@pytest.mark.django_db
def test_rules_import_links_the_forwarded_policy_by_wenhao(site_tree, tmp_path):
    source = make_policy(
        site_tree, title="市民政局低保操作规程", document_number="市民发〔2025〕12号"
    )
    path = tmp_path / "forward.txt"
    path.write_text(
        FORWARDING.format(
            title="关于转发市民政局低保操作规程的通知",
            sentence="现将《市民政局低保操作规程》（市民发〔2025〕12号）转发给你们。",
        ),
        encoding="utf-8",
    )
    out, _err = _run(path)
    assert f"已在本站：页面 ID {source.pk}" in out
    page = PolicyPage.objects.exclude(pk=source.pk).get()
    assert page.forwards_id == source.pk
    assert page.forwarded_document_number == "市民发〔2025〕12号"


@pytest.mark.django_db
def test_rules_import_links_the_forwarded_policy_by_title(site_tree, tmp_path):
    source = make_policy(site_tree, title="市民政局关于规范低保审核确认的通知")
    path = tmp_path / "forward.txt"
    path.write_text(
        FORWARDING.format(
            title="关于转发《市民政局关于规范低保审核确认的通知》的通知",
            sentence="现将该文件转发给你们，请认真执行。",
        ),
        encoding="utf-8",
    )
    _run(path)
    page = PolicyPage.objects.exclude(pk=source.pk).get()
    assert page.forwards_id == source.pk


@pytest.mark.django_db
def test_rules_import_an_unpublished_forwarded_document_is_recorded_and_shown(
    site_tree, tmp_path, client
):
    path = tmp_path / "forward.txt"
    path.write_text(
        FORWARDING.format(
            title="关于转发《省民政厅关于加强窗口建设的意见》的通知",
            sentence="现将该意见转发给你们。",
        ),
        encoding="utf-8",
    )
    _run(path)
    page = PolicyPage.objects.get()
    assert page.forwards is None
    assert page.forwarded_document_title == "省民政厅关于加强窗口建设的意见"
    page.issue_date = datetime.date(2026, 2, 3)
    page.save_revision().publish()
    html = client.get(page.url).content.decode()
    assert "转发关系" in html and "省民政厅关于加强窗口建设的意见" in html
