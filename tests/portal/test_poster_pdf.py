"""poster.pdf: the A4 poster, made by WeasyPrint from the print view's HTML."""

import io
from urllib.parse import unquote

import pypdf
import pytest

from portal.printing.pdf import ResourceRefused, static_url_fetcher
from tests.factories.pages import make_guide, make_policy

from .printing import current_of, publish_body, require_pdf_renderer

pytestmark = pytest.mark.django_db

A4 = (595.28, 841.89)


def _pdf(client, page) -> tuple[pypdf.PdfReader, object]:
    require_pdf_renderer()
    response = client.get(page.url + "poster.pdf")
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    return pypdf.PdfReader(io.BytesIO(response.content)), response


def _text(reader) -> str:
    return "".join(page.extract_text() for page in reader.pages)


def _fonts(reader) -> list[dict]:
    fonts = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object()
            fonts.append(
                {
                    "name": str(font["/BaseFont"]),
                    "descriptor": descendant["/FontDescriptor"].get_object(),
                    "to_unicode": "/ToUnicode" in font,
                }
            )
    return fonts


@pytest.fixture
def guide(site_tree):
    return make_guide(
        site_tree,
        title="特困人员供养办事指南",
        steps=[
            ("提出申请", "apply", "applicant", 0),
            ("入户调查", "investigate", "township", 5),
            ("审批确认", "decide", "county", 20),
        ],
        materials=["居民身份证", "特困供养申请书"],
        phone="0768-1234567",
    )


def test_poster_pdf_is_a4_and_served_inline_with_safe_filenames(client, guide):
    reader, response = _pdf(client, guide)
    assert len(reader.pages) >= 1
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert width == pytest.approx(A4[0], abs=1)
        assert height == pytest.approx(A4[1], abs=1)
    disposition = response["Content-Disposition"]
    assert disposition.startswith("inline;")
    plain = disposition.split('filename="', 1)[1].split('"', 1)[0]
    assert plain.isascii() and plain.endswith("-v1.pdf")
    encoded = disposition.split("filename*=UTF-8''", 1)[1]
    assert unquote(encoded) == "特困人员供养办事指南（第1版）.pdf"


def test_poster_pdf_contains_the_page_chinese_text(client, guide):
    reader, _response = _pdf(client, guide)
    text = _text(reader)
    edition = current_of(guide)
    for phrase in (
        "特困人员供养办事指南",
        "入户调查",
        "特困供养申请书",
        "0768-1234567",
        "第1版",
        edition.code,
    ):
        assert phrase in text, phrase
    # The flowchart's text is in the PDF too (SVG text stays text); on the
    # one-page poster it is the compact chart, numbered 1., 2., 3.
    assert "3. 审批确认" in text


def test_poster_pdf_embeds_subsets_of_the_simplified_chinese_font(client, guide):
    reader, _response = _pdf(client, guide)
    fonts = _fonts(reader)
    assert fonts
    for font in fonts:
        descriptor = font["descriptor"]
        assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
        assert "+" in font["name"], f"not a subset: {font['name']}"
        assert font["to_unicode"], f"text not extractable: {font['name']}"
        # SC, also for the flowchart's SVG text: never a JP/KR/TC face.
        assert "SC" in font["name"] or "sc" in font["name"], font["name"]


def test_policy_poster_pdf_has_its_title_and_body(client, site_tree):
    policy = make_policy(
        site_tree,
        title="关于做好临时救助工作的通知",
        body_text="对遭遇突发事件的家庭及时给予临时救助",
        document_number="某民发〔2024〕3号",
    )
    text = _text(_pdf(client, policy)[0])
    for phrase in (
        "关于做好临时救助工作的通知",
        "某民发〔2024〕3号",
        "及时给予临时救助",
    ):
        assert phrase in text, phrase


def test_complaint_poster_pdf_has_the_hotline(client, site_tree):
    text = _text(_pdf(client, site_tree.complaints)[0])
    assert "12349" in text
    assert "监督投诉" in text


def test_poster_pdf_follows_the_new_edition(client, site_tree):
    policy = make_policy(site_tree, title="关于低保标准的通知", body_text="原有标准")
    first = current_of(policy)
    publish_body(policy, "提高后的标准")
    second = current_of(policy)
    text = _text(_pdf(client, policy)[0])
    assert "第2版" in text and second.code in text
    assert first.code not in text
    assert "提高后的标准" in text


def test_poster_pdf_without_a_cjk_font_is_503_with_a_chinese_message(
    client, site_tree, settings, caplog
):
    policy = make_policy(site_tree, title="关于低保标准的通知")
    settings.OFFLINE_SYNC = {
        **settings.OFFLINE_SYNC,
        "PDF_FONT_FAMILY": "No Such Font For Tests",
    }
    response = client.get(policy.url + "poster.pdf")
    assert response.status_code == 503
    content = response.content.decode()
    assert "海报 PDF 暂时无法生成" in content
    assert policy.url + "print/" in content
    assert any("not made" in record.getMessage() for record in caplog.records)


def test_poster_fetches_only_local_static_files():
    found = static_url_fetcher("http://testserver/static/css/poster.css")
    assert b"@page" in found["string"]
    assert found["mime_type"] == "text/css"
    for url in (
        "https://cdn.example.com/assets/poster.css",
        "https://fonts.example.com/font.woff2",
        "file:///etc/passwd",
        "data:text/css,body{}",
        "http://testserver/static/../../../etc/passwd",
        "http://testserver/static/css/no-such-file.css",
        "http://testserver/media/secret.pdf",
    ):
        with pytest.raises(ResourceRefused):
            static_url_fetcher(url)


def test_a_missing_weasyprint_or_pango_is_reported_not_raised(monkeypatch):
    import sys

    from portal.printing.pdf import _problem

    # None in sys.modules makes `import weasyprint` raise ImportError.
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    reason = _problem(("Font For The Missing Library Test",))
    assert reason is not None and "pango" in reason
