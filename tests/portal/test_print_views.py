"""打印版: every printable page has a print view stamped with its edition."""

import re

import pytest
from wagtail.models import PageViewRestriction

from portal.models import ComplaintPhone, PolicyPage
from portal.printing.stamp import qr_svg
from tests.factories.pages import make_guide, make_policy

from .printing import current_of, local_date, publish_body

pytestmark = pytest.mark.django_db

BODY = "本县城乡低保标准按月人均计算，由县民政局会同财政部门拟定后公布"


def _policy(site_tree, **fields):
    fields.setdefault("document_number", "某民发〔2024〕12号")
    fields.setdefault("issuing_body", "某县民政局")
    return make_policy(
        site_tree, title="关于调整城乡低保标准的通知", body_text=BODY, **fields
    )


def _assert_stamped(content: str, edition):
    verify_url = f"http://testserver/verify/{edition.code}/"
    assert f"第{edition.number}版" in content
    assert local_date(edition.published_at) in content
    assert verify_url in content
    assert edition.code in content
    # The QR code is the one for exactly this edition's verification URL.
    assert qr_svg(verify_url) in content


def test_policy_print_view_is_stamped_with_edition_date_and_qr(client, site_tree):
    policy = _policy(site_tree)
    response = client.get(policy.url + "print/")
    assert response.status_code == 200
    content = response.content.decode()
    _assert_stamped(content, current_of(policy))
    assert "第1版" in content
    for text in ("关于调整城乡低保标准的通知", "某民发〔2024〕12号", "某县民政局"):
        assert text in content
    assert "2024年3月1日" in content  # 成文日期
    assert "现行有效" in content
    assert BODY in content


def test_guide_print_view_has_flowchart_steps_and_materials(client, site_tree):
    guide = make_guide(
        site_tree,
        title="临时救助办事指南",
        steps=[
            ("提出申请", "apply", "applicant", 0),
            ("入户调查", "investigate", "township", 5),
            ("审批确认", "decide", "county", 3),
        ],
        materials=["居民身份证", "家庭经济状况声明"],
        phone="0768-1234567",
        fee="不收费",
    )
    response = client.get(guide.url + "print/")
    assert response.status_code == 200
    content = response.content.decode()
    _assert_stamped(content, current_of(guide))
    assert 'class="flowchart"' in content and "<svg" in content
    # The flowchart's text uses the PDF's CJK family, not whatever fontconfig picks.
    assert 'font-family="Noto Sans CJK SC' in content
    steps = content[content.index("steps-table") :]
    for text in ("入户调查", "县级民政部门", "5个工作日", "3个工作日", "即时办理"):
        assert text in steps
    materials = content[content.index("materials-table") :]
    for text in ("家庭经济状况声明", "原件", "份数"):
        assert text in materials
    for text in ("20 个工作日", "不收费", "0768-1234567"):
        assert text in content


def test_complaint_print_view_shows_hotline_commitment_and_phones(client, site_tree):
    page = site_tree.complaints
    ComplaintPhone.objects.create(
        page=page, label="县民政局监督电话", number="0768-7654321"
    )
    page.save_revision().publish()
    response = client.get(page.url + "print/")
    assert response.status_code == 200
    content = response.content.decode()
    _assert_stamped(content, current_of(page))
    assert re.search(r'class="hotline-number">\s*12349\s*<', content)
    assert "0768-7654321" in content
    assert "10 个工作日内" in content
    assert "县民政局信访室" in content


def test_complaint_page_published_without_a_signal_still_gets_an_edition(
    client, site_tree
):
    """build_site adds the page live without publishing a revision."""
    response = client.get(site_tree.complaints.url + "print/")
    assert response.status_code == 200
    assert "第1版" in response.content.decode()


def test_print_view_after_publishing_changed_text_says_second_edition(
    client, site_tree
):
    policy = _policy(site_tree)
    first = current_of(policy)
    publish_body(policy, "低保标准自下月起每人每月提高五十元")
    second = current_of(policy)
    assert second.number == 2
    content = client.get(policy.url + "print/").content.decode()
    _assert_stamped(content, second)
    assert "第2版" in content and "第1版" not in content
    assert first.code not in content
    assert "每人每月提高五十元" in content


def test_republishing_unchanged_text_keeps_the_edition(client, site_tree):
    policy = _policy(site_tree)
    first = current_of(policy)
    page = PolicyPage.objects.get(pk=policy.pk)
    page.seo_title = "只改了搜索标题"
    page.save_revision().publish()
    assert current_of(policy).pk == first.pk
    content = client.get(policy.url + "print/").content.decode()
    _assert_stamped(content, first)
    assert "第1版" in content


def test_print_view_has_no_script_no_style_attribute_and_no_outside_resource(
    client, site_tree
):
    guide = make_guide(site_tree, title="医疗救助办事指南")
    content = client.get(guide.url + "print/").content.decode()
    assert "<script" not in content.lower()
    assert not re.search(r"\sstyle\s*=", content, re.IGNORECASE)
    assert "<style" not in content.lower()
    for url in re.findall(r'\s(?:src|href)="([^"]*)"', content):
        assert not url.startswith(("http:", "https:", "//")), url
    assert "/static/css/poster.css" in content


def test_print_stylesheet_sets_a4(client):
    from django.contrib.staticfiles import finders

    with open(finders.find("css/poster.css"), encoding="utf-8") as sheet:
        assert re.search(r"@page\s*{[^}]*size:\s*A4", sheet.read())


def test_print_view_of_a_draft_page_is_404(client, site_tree):
    draft = PolicyPage(title="尚未发布的通知", live=False)
    site_tree.policies.add_child(instance=draft)
    draft.save_revision()
    assert client.get(draft.url + "print/").status_code == 404
    assert client.get(draft.url + "poster.pdf").status_code == 404


def test_print_view_of_an_unpublished_page_is_404(client, site_tree):
    policy = _policy(site_tree)
    url = policy.url
    assert client.get(url + "print/").status_code == 200
    PolicyPage.objects.get(pk=policy.pk).unpublish()
    assert client.get(url + "print/").status_code == 404
    assert client.get(url + "poster.pdf").status_code == 404


def test_print_view_of_a_restricted_page_is_404(client, site_tree):
    policy = _policy(site_tree)
    PageViewRestriction.objects.create(
        page=policy, restriction_type=PageViewRestriction.LOGIN
    )
    assert client.get(policy.url + "print/").status_code == 404
    assert client.get(policy.url + "poster.pdf").status_code == 404


def test_non_printable_page_path_falls_through_to_wagtail(client, site_tree):
    assert client.get("/policies/print/").status_code == 404
    assert client.get("/print/").status_code == 404
    assert client.get("/policies/poster.pdf").status_code == 404
    assert client.get("/no-such-page/print/").status_code == 404


def test_a_real_page_slugged_print_is_still_served(client, site_tree):
    """/policies/print/ names the index's child page slugged "print", not a poster."""
    child = make_policy(site_tree, title="打印服务收费的规定", slug="print")
    response = client.get("/policies/print/")
    assert response.status_code == 200
    assert response.context["page"].pk == child.pk
    assert "portal/policy_page.html" in [t.name for t in response.templates]
    # …and that page has its own print view one level down.
    poster = client.get("/policies/print/print/")
    assert poster.status_code == 200
    assert "portal/print/page.html" in [t.name for t in poster.templates]


def test_page_links_to_its_print_view_and_poster(site_tree):
    policy = _policy(site_tree)
    assert policy.print_url() == policy.url + "print/"
    assert policy.poster_url() == policy.url + "poster.pdf"
