import datetime
import os
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import DatabaseError

from portal.models import PolicyPage
from portal.policy_import import (
    build_body,
    clean_lines,
    heading_level,
    join_broken_lines,
    parse_date,
    parse_decoded,
    parse_notice,
    read_notice,
    truncate_title,
)
from tests.factories import UserFactory

SEEDS = Path(settings.BASE_DIR).parent / "shared" / "seeds"
# The notices live beside the repository (../shared/seeds); CI always has them.
needs_seeds = pytest.mark.skipif(
    not SEEDS.is_dir() and not os.environ.get("CI"),
    reason="source notices live outside the repository",
)
D = datetime.date


def seed(prefix: str) -> Path:
    return next(SEEDS.glob(f"{prefix}_*.txt"))


def parse_seed(prefix: str):
    path = seed(prefix)
    return parse_decoded(read_notice(path), fallback_title=path.stem)


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("import_policy", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def texts(blocks, kind):
    return [
        value["text"] if kind == "heading" else value
        for block_kind, value in blocks
        if block_kind == kind
    ]


NOTICE = (
    "孟家镇人民政府\n{number}\n关于做好临时救助工作的通知\n"
    "各村：\n{body}\n孟家镇人民政府\n{date}\n"
)


def notice(
    number="孟政发〔2024〕5号", body="请按要求做好救助工作。", date="2024年3月1日"
):
    return NOTICE.format(number=number, body=body, date=date)


# --- parser rules ------------------------------------------------------------


def test_dates_are_read_in_arabic_and_chinese_numerals():
    assert parse_date("2019年10月16日") == D(2019, 10, 16)
    assert parse_date("二〇一九年十月十六日") == D(2019, 10, 16)
    assert parse_date("二〇二三年十二月二十日") == D(2023, 12, 20)
    assert parse_date("２０２３年１月２日") == D(2023, 1, 2)
    assert parse_date("2019年2月30日") is None
    assert parse_date("2014年12月底前") is None


@pytest.mark.parametrize(
    "number",
    ["孟政发〔2023〕34号", "济政字[2020]53号", "民发［2019］1号", "粤民函(2019)1777号"],
)
def test_own_wenhao_line_is_recognised_in_every_bracket_style(number):
    assert parse_notice(notice(number=number)).document_number == number


def test_wenhao_cited_inside_a_sentence_is_not_the_documents_own():
    parsed = parse_notice(
        notice(number="", body="根据《某某办法》(济政字[2020]53号)要求，通知如下。")
    )
    assert parsed.document_number == ""
    assert parsed.forwarded_document_number == ""
    assert "文号" in parsed.missing


def test_forwarding_sentence_gives_the_forwarded_wenhao():
    body = "现将《省厅关于规范窗口服务的通知》(粤民函〔2019〕1777号)转发给你们。"
    parsed = parse_notice(notice(number="", body=body))
    assert parsed.forwarded_document_number == "粤民函〔2019〕1777号"
    assert parsed.document_number == ""


def test_title_starting_with_guanyu_gets_the_issuer_from_the_header():
    parsed = parse_notice(notice())
    assert parsed.title == "孟家镇人民政府关于做好临时救助工作的通知"
    assert parsed.issuing_body == "孟家镇人民政府"
    assert parsed.issue_date == D(2024, 3, 1)
    assert parsed.missing == []


def test_issuer_line_below_the_title_is_not_part_of_the_title():
    parsed = parse_notice("关于做好救助工作的通知\n某县民政局\n各村：\n请落实到位。\n")
    assert parsed.title == "某县民政局关于做好救助工作的通知"
    assert parsed.issuing_body == "某县民政局"
    assert set(parsed.missing) == {"文号", "成文日期"}


def test_issuer_and_date_on_one_signature_line():
    parsed = parse_notice(notice(date="孟家镇人民政府  二〇二四年三月一日"))
    assert parsed.issue_date == D(2024, 3, 1)


def test_page_chrome_is_dropped_and_publication_date_kept():
    text = (
        "页面:\n字体:\n对比度:\n字号:\n高级搜索\n简体 繁体\n无障碍阅读 进入适老模式\n"
        "/media/images/bg1.jpg\n来源:本站   发布时间:2020-05-06 10:00\n"
        "某县民政局救助工作制度\n浏览次数:12\n\n为做好救助工作，制定本制度。\n"
        "• 版权所有 某县民政局 Copyright 2020\n"
    )
    lines, published, _number = clean_lines(text)
    assert lines == ["某县民政局救助工作制度", "为做好救助工作，制定本制度。"]
    assert published == D(2020, 5, 6)


def test_breadcrumb_ending_with_the_title_is_dropped():
    lines, _published, _number = clean_lines(
        "首页\u00a0政策\u00a0某县救助规定\n某县救助规定\n正文。\n"
    )
    assert lines == ["某县救助规定", "正文。"]


def test_long_line_naming_copyright_is_kept_as_text():
    line = (
        "第十条 "
        + "各单位编印的宣传材料版权所有问题按规定处理，" * 6
        + "不得擅自翻印。"
    )
    assert clean_lines(line)[0] == [line]


def test_publication_date_is_a_reported_fallback_for_a_missing_signature_date():
    text = (
        "来源:本站 发布日期:2018-11-13\n某市民政局服务制度\n为方便群众，制定本制度。\n"
    )
    parsed = parse_notice(text)
    assert parsed.issue_date == D(2018, 11, 13)
    assert parsed.publication_date == D(2018, 11, 13)
    assert any("发布日期" in note for note in parsed.notes)
    assert parsed.issuing_body == "某市民政局"  # guessed from the title, and said so
    assert any("推断" in note for note in parsed.notes)


def test_paragraph_cut_mid_sentence_is_rejoined_but_headings_are_not():
    lines = [
        "一、健全工作网络",
        "(一)镇层面。全面建立综合服务平台，做好各类社会救助事项的申请受理、入",
        "户调查、审核确认等工作。",
        "(二)村层面。设立工作站。",
    ]
    assert join_broken_lines(lines) == [
        "一、健全工作网络",
        "(一)镇层面。全面建立综合服务平台，做好各类社会救助事项的申请受理、入户调查、审核确认等工作。",
        "(二)村层面。设立工作站。",
    ]


def test_numbered_lines_are_headings_only_without_a_full_stop():
    assert heading_level("一、提高思想认识") == "h2"
    assert heading_level("（一）行政村设立民政服务站") == "h3"
    assert heading_level("关于加强基层民政服务能力建设的意见") == "h2"
    assert heading_level("(一)规范信息公开。要按照要求公开。") == ""
    assert heading_level("县教育局负责教育救助；") == ""


def test_two_line_embedded_title_becomes_one_heading():
    blocks = build_body(
        ["某县社会救助", "“一门受理”工作实施方案", "为做好工作，制定本方案。"]
    )
    assert blocks[0] == (
        "heading",
        {"text": "某县社会救助“一门受理”工作实施方案", "level": "h2"},
    )


def test_body_paragraphs_escape_markup():
    ((kind, value),) = build_body(['<script>alert("x")</script>，请注意。'])
    assert kind == "paragraph"
    assert "<script>" not in value and "&lt;script&gt;" in value


def test_effective_date_stated_or_on_issue():
    stated = parse_notice(notice(body="本通知自2024年4月1日起施行。"))
    assert stated.effective_date == D(2024, 4, 1)
    on_issue = parse_notice(notice(body="本通知自印发之日起施行。"))
    assert on_issue.effective_date == D(2024, 3, 1)
    earlier = parse_notice(notice(body="本通知自2020年1月1日起施行。"))
    assert earlier.effective_date is None
    assert any("施行日期" in note for note in earlier.notes)


def test_overlong_title_is_truncated_to_the_field_length():
    title = "关于" + "做好困难群众基本生活保障、" * 30 + "的通知"
    cut = truncate_title(title)
    assert len(cut) <= 255 and cut.endswith("…") and title.startswith(cut[:-1])


def test_summary_is_the_first_short_sentence_after_the_addressee():
    parsed = parse_notice(notice(body="现将方案印发给你们。请认真落实。"))
    assert parsed.summary == "现将方案印发给你们。"


# --- the five source notices -------------------------------------------------

SEED_FACTS = {
    "000": {
        "title": (
            "梅州市民政局转发广东省民政厅关于进一步规范社会救助工作窗口服务和管理的通知"
        ),
        "document_number": "",
        "forwarded_document_number": "粤民函〔2019〕1777号",
        "forwarded_title": (
            "广东省民政厅关于进一步规范社会救助工作窗口服务和管理的通知"
        ),
        "issuing_body": "梅州市民政局",
        "issue_date": D(2019, 10, 16),
        "publication_date": D(2019, 10, 22),
        "missing": ["文号"],
    },
    "001": {
        "title": (
            "滦南县人民政府办公室关于转发"
            "《滦南县民政局等四部门关于加强全县基层民政服务能力建设的意见》的通知"
        ),
        "document_number": "",
        "forwarded_document_number": "",
        # The one of three forwarding notices the importer used to miss: the
        # forwarded document has no 文号, so its title is what links it.
        "forwarded_title": "滦南县民政局等四部门关于加强全县基层民政服务能力建设的意见",
        "issuing_body": "滦南县人民政府办公室",
        "issue_date": D(2018, 5, 15),
        "publication_date": D(2018, 5, 15),
        "missing": ["文号"],
    },
    "002": {
        "title": (
            "刚察县人民政府办公室关于印发"
            "《刚察县社会救助“一门受理、协同办理”工作实施方案》的通知"
        ),
        "document_number": "",
        "forwarded_document_number": "",
        "forwarded_title": "",
        "issuing_body": "刚察县人民政府办公室",
        "issue_date": None,
        "publication_date": None,
        "missing": ["文号", "成文日期"],
    },
    "003": {
        "title": "孟姑集镇人民政府关于加强社会救助工作网络建设的通知",
        "document_number": "孟政发〔2023〕34号",
        "forwarded_document_number": "",
        "forwarded_title": "",
        "issuing_body": "孟姑集镇人民政府",
        "issue_date": D(2023, 12, 12),
        "publication_date": None,
        "missing": [],
    },
    "004": {
        "title": "濮阳市民政局优质服务常态化工作制度",
        "document_number": "",
        "forwarded_document_number": "",
        "forwarded_title": "",
        "issuing_body": "濮阳市民政局",
        "issue_date": D(2018, 11, 13),  # from the web page: no signature date
        "publication_date": D(2018, 11, 13),
        "missing": ["文号"],
    },
}


@needs_seeds
@pytest.mark.parametrize("prefix", sorted(SEED_FACTS))
def test_seed_yields_its_metadata(prefix):
    parsed = parse_seed(prefix)
    found = {key: getattr(parsed, key) for key in SEED_FACTS[prefix]}
    assert found == SEED_FACTS[prefix]
    assert parsed.effective_date is None


@needs_seeds
@pytest.mark.parametrize("prefix", sorted(SEED_FACTS))
def test_seed_body_carries_no_page_chrome(prefix):
    body = " ".join(str(value) for _kind, value in parse_seed(prefix).body)
    for chrome in (
        "字体:",
        "对比度",
        "浏览",
        "/media/images",
        "高级搜索",
        "适老模式",
        "版权所有",
    ):
        assert chrome not in body
    assert SEED_FACTS[prefix]["title"] not in texts(parse_seed(prefix).body, "heading")


@needs_seeds
def test_seed_bodies_keep_headings_and_whole_paragraphs():
    forwarding = parse_seed("000")
    assert ("heading", {"text": "一、提高思想认识", "level": "h2"}) in forwarding.body
    assert texts(forwarding.body, "paragraph")[0].endswith("社会保障局:</p>")
    assert any("发布日期" in note for note in parse_seed("004").notes)
    assert not parse_seed("003").notes
    # 003 was cut mid-word by page breaks; its paragraphs are whole again.
    paragraphs = texts(parse_seed("003").body, "paragraph")
    assert all(p.removesuffix("</p>")[-1] in "。；：;:日府" for p in paragraphs)


# --- the command -------------------------------------------------------------


@needs_seeds
@pytest.mark.django_db
def test_import_saves_an_unpublished_draft_under_the_policy_index(site_tree):
    out, _err = run(seed("003"))
    page = PolicyPage.objects.get()
    assert page.get_parent().pk == site_tree.policies.pk
    assert not page.live and page.has_unpublished_changes
    assert page.latest_revision is not None
    assert page.document_number == "孟政发〔2023〕34号"
    assert page.status == PolicyPage.Status.IN_FORCE
    assert page.issue_date == D(2023, 12, 12)
    assert f"/admin/pages/{page.pk}/edit/" in out


@needs_seeds
@pytest.mark.django_db
def test_every_seed_imports_and_reports_what_is_missing(site_tree):
    out, _err = run(*(seed(prefix) for prefix in sorted(SEED_FACTS)))
    assert PolicyPage.objects.count() == 5
    assert not PolicyPage.objects.filter(live=True).exists()
    assert "未能识别：文号、成文日期" in out
    forwarding = PolicyPage.objects.get(issuing_body="梅州市民政局")
    assert forwarding.forwarded_document_number == "粤民函〔2019〕1777号"
    assert forwarding.forwarded_document_title.startswith("广东省民政厅关于")
    no_number = PolicyPage.objects.get(issuing_body="滦南县人民政府办公室")
    assert no_number.forwarded_document_title.endswith("服务能力建设的意见")


@needs_seeds
@pytest.mark.django_db
def test_bad_files_are_reported_and_the_good_ones_still_saved(site_tree, tmp_path):
    binary = tmp_path / "scan.pdf"
    binary.write_bytes(b"%PDF-1.4\x00\x01\x02\xff\xfe" * 50)
    garbage = tmp_path / "garbage.txt"
    garbage.write_text("qwerty 12345 !!! zzz\n" * 20)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    missing = tmp_path / "missing.txt"
    with pytest.raises(CommandError) as failure:
        run(binary, garbage, seed("003"), empty, missing)
    assert failure.value.returncode == 1
    assert "4 个文件未能导入" in str(failure.value)
    assert PolicyPage.objects.get().document_number == "孟政发〔2023〕34号"


@needs_seeds
@pytest.mark.django_db
def test_failure_while_saving_one_file_leaves_no_half_saved_page(
    site_tree, monkeypatch
):
    original = PolicyPage.save_revision

    def failing(page, *args, **kwargs):
        if page.document_number:
            raise DatabaseError("disk full")
        return original(page, *args, **kwargs)

    monkeypatch.setattr(PolicyPage, "save_revision", failing)
    with pytest.raises(CommandError):
        run(seed("003"), seed("000"))
    assert list(PolicyPage.objects.values_list("issuing_body", flat=True)) == [
        "梅州市民政局"
    ]


@needs_seeds
@pytest.mark.django_db
def test_same_wenhao_is_skipped_unless_duplicates_are_allowed(site_tree):
    run(seed("003"))
    out, _err = run(seed("003"))
    assert "跳过" in out
    assert PolicyPage.objects.count() == 1
    run(seed("003"), "--allow-duplicates")
    slugs = set(PolicyPage.objects.values_list("slug", flat=True))
    assert len(slugs) == 2


@needs_seeds
@pytest.mark.django_db
def test_without_wenhao_the_same_title_counts_as_duplicate(site_tree):
    run(seed("002"))
    run(seed("002"))
    assert PolicyPage.objects.count() == 1


@needs_seeds
@pytest.mark.django_db
def test_gb18030_file_is_read_with_or_without_encoding_option(site_tree, tmp_path):
    legacy = tmp_path / "notice-gbk.txt"
    legacy.write_bytes(seed("003").read_text(encoding="utf-8").encode("gb18030"))
    run(legacy)
    assert PolicyPage.objects.get().document_number == "孟政发〔2023〕34号"
    with pytest.raises(CommandError):
        run(legacy, "--encoding", "utf-8", "--allow-duplicates")
    run(legacy, "--encoding", "gb18030", "--allow-duplicates")
    assert PolicyPage.objects.count() == 2


@pytest.mark.django_db
def test_stray_control_and_direction_characters_are_dropped_on_import(
    site_tree, tmp_path
):
    """A page refuses them (portal/text.py); a notice copied from a web page or a
    PDF may carry a few, which are noise."""
    path = tmp_path / "notice.txt"
    body = (
        "请按要求做好\u202e救助\x07工作，\u2066不得推诿。\u2069" + "请认真落实。" * 60
    )
    path.write_text(notice(body=body), encoding="utf-8")
    run(path)
    page = PolicyPage.objects.get()
    text = page.plain_text()
    assert "请按要求做好救助工作，不得推诿。" in text
    assert not any(c in text for c in "\u202e\x07\u2066\u2069")


@pytest.mark.django_db
def test_unknown_encoding_and_wrong_parent_are_clear_errors(site_tree, tmp_path):
    path = tmp_path / "n.txt"
    path.write_text(notice(), encoding="utf-8")
    with pytest.raises(CommandError, match="编码"):
        run(path, "--encoding", "klingon")
    with pytest.raises(CommandError, match="不是政策法规栏目"):
        run(path, "--parent", site_tree.home.pk)
    with pytest.raises(CommandError, match="找不到"):
        run(path, "--parent", 999999)


@pytest.mark.django_db
def test_without_a_policy_index_the_command_says_so(tmp_path):
    path = tmp_path / "n.txt"
    path.write_text(notice(), encoding="utf-8")
    with pytest.raises(CommandError, match="政策法规栏目"):
        run(path)


@pytest.mark.django_db
def test_hostile_file_is_stored_inert(site_tree, tmp_path):
    title = "关于" + "加强救助工作" * 60 + "的通知"
    text = notice(
        body='<script>alert("x")</script><img src=x onerror=alert(1)>请落实。'
    )
    text = text.replace("关于做好临时救助工作的通知", title) + "很长" * 20000 + "\n"
    path = tmp_path / "hostile.txt"
    path.write_text(text, encoding="utf-8")
    run(path)
    page = PolicyPage.objects.get()
    assert len(page.title) <= 255
    rendered = page.body.render_as_block()
    assert "<script>" not in rendered and "<img" not in rendered
    assert "&lt;script&gt;" in rendered


@pytest.mark.django_db
def test_imported_draft_opens_in_the_admin_editor(site_tree, tmp_path, client):
    path = tmp_path / "n.txt"
    path.write_text(
        notice(body="一、工作要求\n请按要求做好救助工作。"), encoding="utf-8"
    )
    run(path)
    page = PolicyPage.objects.get()
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    assert "孟政发〔2024〕5号" in response.content.decode()
