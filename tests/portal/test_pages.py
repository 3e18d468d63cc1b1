"""Every public page type renders its content; hierarchy rules; error pages."""

import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from django.core.files.base import ContentFile
from django.test import RequestFactory
from django.views.defaults import server_error
from wagtail.documents.models import Document
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from portal.models import (
    ComplaintChannelPage,
    ComplaintPhone,
    HomePage,
    PolicyAttachment,
    PolicyIndexPage,
    PolicyPage,
    ServiceGuideIndexPage,
    ServiceGuideLegalBasis,
    ServiceGuideMaterial,
    ServiceGuidePage,
    ServicePoint,
    ServicePointIndexPage,
)
from tests.factories import (
    AssistanceTypeFactory,
    ServicePointFactory,
    TownshipFactory,
    UserFactory,
    VillageFactory,
    build_site,
    make_guide,
    make_policy,
)

pytestmark = pytest.mark.django_db

REPEALED = PolicyPage.Status.REPEALED
STEPS = [
    ("提出申请", "apply", "applicant", 0),
    ("窗口受理", "accept", "township", 1),
    ("入户调查", "investigate", "township", 5),
    ("县级审核确认", "decide", "county", 10),
]


class PageHierarchyRulesTests(WagtailPageTestCase):
    def test_policy_page_only_under_policy_index(self):
        self.assertAllowedParentPageTypes(PolicyPage, {PolicyIndexPage})
        self.assertCanCreateAt(PolicyIndexPage, PolicyPage)
        self.assertCanNotCreateAt(HomePage, PolicyPage)
        self.assertCanNotCreateAt(ServiceGuideIndexPage, PolicyPage)

    def test_service_guide_only_under_guide_index(self):
        self.assertAllowedParentPageTypes(ServiceGuidePage, {ServiceGuideIndexPage})
        self.assertCanCreateAt(ServiceGuideIndexPage, ServiceGuidePage)
        self.assertCanNotCreateAt(PolicyIndexPage, ServiceGuidePage)

    def test_sections_sit_directly_under_home(self):
        self.assertAllowedSubpageTypes(
            HomePage,
            {
                PolicyIndexPage,
                ServiceGuideIndexPage,
                ComplaintChannelPage,
                ServicePointIndexPage,
            },
        )
        for section in (PolicyIndexPage, ComplaintChannelPage, ServicePointIndexPage):
            self.assertCanNotCreateAt(Page, section)

    def test_leaf_pages_take_no_children(self):
        for leaf in (
            PolicyPage,
            ServiceGuidePage,
            ComplaintChannelPage,
            ServicePointIndexPage,
        ):
            self.assertAllowedSubpageTypes(leaf, set())

    def test_home_page_sits_at_the_tree_root(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})


class EveryPageTypeRendersTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        cls.guide = make_guide(cls.tree, title="临时救助办事指南")
        cls.policy = make_policy(cls.tree, title="临时救助实施办法")

    def test_every_page_type_and_route_renders(self):
        tree = self.tree
        for page in (
            tree.home,
            tree.policies,
            tree.guides,
            tree.complaints,
            tree.service_points,
            self.guide,
            self.policy,
        ):
            self.assertPageIsRenderable(page)
        self.assertPageIsRenderable(self.guide, route_path="flowchart/")


def _html(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, url
    return response.content.decode()


def test_home_shows_intro_guides_policies_hotline_and_service_points(client, site_tree):
    home = site_tree.home
    home.intro = "<p>困难群众申请救助，到户籍地乡镇窗口一次办好。</p>"
    home.announcement = "节假日期间急难情况可拨打热线求助"
    home.save()
    make_guide(
        site_tree,
        title="特困人员供养办事指南",
        assistance_type=AssistanceTypeFactory(code="tekun", name="特困人员供养"),
    )
    make_policy(
        site_tree,
        title="临时救助工作规程",
        document_number="某民发〔2024〕5号",
        issue_date=datetime.date(2024, 5, 6),
    )
    html = _html(client, home.url)
    for text in (
        "到户籍地乡镇窗口一次办好",
        "节假日期间急难情况可拨打热线求助",
        "特困人员供养办事指南",
        "临时救助工作规程",
        "某民发〔2024〕5号",
        "2024年5月6日",
        "现行有效",
        "12349",
        f'href="{site_tree.service_points.url}"',
        f'href="{site_tree.complaints.url}"',
    ):
        assert text in html, text


def test_policy_list_filters_by_status_and_assistance_type(client, site_tree):
    dibao = AssistanceTypeFactory(code="dibao", name="最低生活保障")
    current = make_policy(site_tree, title="低保审核确认办法（2024）")
    current.assistance_types.add(dibao)
    current.save()
    make_policy(site_tree, title="旧版低保办法", status=REPEALED)
    make_policy(site_tree, title="临时救助办法")

    repealed = _html(client, site_tree.policies.url, status="repealed")
    assert "旧版低保办法" in repealed
    assert "临时救助办法" not in repealed
    by_type = _html(client, site_tree.policies.url, type="dibao")
    assert "低保审核确认办法（2024）" in by_type
    assert "临时救助办法" not in by_type
    assert re.search(r'href="[^"]*type=dibao"\s+aria-current="true"', by_type)


def test_policy_list_pagination_keeps_the_filters(client, site_tree):
    for n in range(21):
        make_policy(site_tree, title=f"第{n}号救助文件")
    html = _html(client, site_tree.policies.url, status="in_force")
    assert "第 1 页，共 2 页" in html
    assert 'href="?status=in_force&amp;page=2"' in html


def test_search_pagination_keeps_a_query_holding_an_ampersand(client, site_tree):
    for n in range(11):
        make_policy(site_tree, title=f"第{n}号文件", body_text="临时救助")
    html = _html(client, "/search/", q="临时救助 &")
    link = re.search(r'href="\?([^"]*)" rel="next"', html).group(1)
    assert link == "q=%E4%B8%B4%E6%97%B6%E6%95%91%E5%8A%A9+%26&amp;page=2"


def test_repealed_policy_warns_and_links_to_the_superseding_page(client, site_tree):
    new = make_policy(
        site_tree, title="低保办法（修订）", document_number="某民规〔2024〕2号"
    )
    old = make_policy(
        site_tree,
        title="低保办法",
        document_number="某民规〔2019〕1号",
        issuing_body="某县民政局",
        issue_date=datetime.date(2019, 3, 10),
        effective_date=datetime.date(2019, 4, 1),
        status=REPEALED,
        superseded_by=new,
    )
    html = _html(client, old.url)
    assert "某民规〔2019〕1号" in html
    assert "某县民政局" in html
    assert "2019年4月1日" in html
    banner = re.search(r'<div class="banner banner-warning.*?</div>', html, re.S)
    assert banner is not None
    assert "已废止" in banner.group()
    assert f'href="{new.url}"' in banner.group()
    assert "本文件已废止" not in _html(client, new.url)


def test_policy_page_shows_the_forwarding_chain_nearest_first(client, site_tree):
    province = make_policy(
        site_tree,
        title="省民政厅关于规范社会救助窗口服务的通知",
        document_number="粤民函〔2019〕1777号",
        forwarded_document_number="民发〔2019〕1号",
    )
    city = make_policy(site_tree, title="市民政局转发通知", forwards=province)
    county = make_policy(site_tree, title="县民政局再转发通知", forwards=city)
    html = _html(client, county.url)
    chain = html[html.index("转发关系") :]
    positions = [
        chain.index(f'href="{city.url}"'),
        chain.index(f'href="{province.url}"'),
        chain.index("民发〔2019〕1号"),
    ]
    assert positions == sorted(positions)
    assert "县民政局再转发通知" in _html(client, city.url)


def test_policy_body_blocks_and_attachments_render(
    client, site_tree, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    document = Document.objects.create(
        title="申请审批表", file=ContentFile(b"%PDF-1.4", name="form.pdf")
    )
    policy = make_policy(site_tree, title="医疗救助办法")
    policy.body = [
        {"type": "heading", "value": {"text": "一、救助对象", "level": "h3"}},
        {
            "type": "callout",
            "value": {"title": "温馨提示", "text": "<p>材料不全可先受理。</p>"},
        },
        {"type": "document", "value": {"document": document.pk, "title": ""}},
    ]
    policy.save()
    PolicyAttachment.objects.create(
        page=policy, document=document, title="附件一：申请表"
    )
    html = _html(client, policy.url)
    assert '<h3 class="body-heading">一、救助对象</h3>' in html
    assert "温馨提示" in html and "材料不全可先受理。" in html
    assert html.count(f'href="{document.url}"') == 2
    assert "附件一：申请表" in html


def _guide_with_everything(site_tree):
    policy = make_policy(site_tree, title="社会救助暂行办法实施细则")
    point = ServicePointFactory(
        name="城关镇社会救助窗口",
        address="城关镇人民路8号",
        opening_hours="工作日 8:30–17:30",
        phone="0753-1234567",
    )
    guide = make_guide(
        site_tree,
        title="最低生活保障办事指南",
        steps=STEPS,
        materials=["居民身份证", "户口簿", "家庭收入证明"],
        public_notice_days=7,
        phone="0753-7654321",
        online_application_url="https://zwfw.example.gov.cn/apply",
    )
    ServiceGuideMaterial.objects.filter(page=guide, name="户口簿").update(
        form="copy", copies=2, note="含全部家庭成员页", required=False
    )
    ServiceGuideLegalBasis.objects.create(page=guide, policy=policy, sort_order=0)
    ServiceGuideLegalBasis.objects.create(
        page=guide, citation="《社会救助暂行办法》第十一条", sort_order=1
    )
    guide.service_points.add(point)
    guide.save()
    return guide, policy


def test_guide_page_lists_steps_materials_bases_and_places(client, site_tree):
    guide, policy = _guide_with_everything(site_tree)
    html = _html(client, guide.url)
    for title, _stage, _level, days in STEPS:
        step = re.search(rf"<h3 class=\"step-title\">{title}</h3>.*?</li>", html, re.S)
        assert step is not None, title
        expected = f"{days}个工作日" if days else "即时办理"
        assert expected in step.group(), title
    assert "县级民政部门" in html
    for name in ("居民身份证", "户口簿", "家庭收入证明"):
        assert f'<th scope="row">{name}</th>' in html
    row = re.search(r"<th scope=\"row\">户口簿</th>.*?</tr>", html, re.S).group()
    assert "复印件" in row and "2" in row and "含全部家庭成员页" in row
    assert "视情况提供" in row
    assert f'href="{policy.url}"' in html
    assert "《社会救助暂行办法》第十一条" in html
    assert "城关镇人民路8号" in html and "0753-1234567" in html
    assert "0753-7654321" in html
    assert "公示天数" in html and "7 个自然日" in html
    assert "不收费" in html
    assert 'href="https://zwfw.example.gov.cn/apply"' in html
    assert "<svg" in html
    assert f'href="{guide.url}flowchart/"' in html


def test_flowchart_page_and_svg_show_every_step_as_valid_xml(client, site_tree):
    guide = make_guide(site_tree, title="临时救助办事指南", steps=STEPS)
    page_html = _html(client, guide.url + "flowchart/")
    inline = re.search(r"<svg.*?</svg>", page_html, re.S).group()
    response = guide.flowchart_image(RequestFactory().get("/"))
    assert response["Content-Type"] == "image/svg+xml"
    for svg in (inline, response.content.decode()):
        # Our own output, parsed to prove it is well-formed XML.
        text = "".join(ET.fromstring(svg).itertext())  # noqa: S314
        for title, *_ in STEPS:
            assert title in text
    assert "办理流程图" in page_html


def test_flowchart_svg_route_is_reachable_by_url(client, site_tree):
    guide = make_guide(site_tree, title="临时救助办事指南", steps=STEPS)
    response = client.get(guide.url + guide.reverse_subpage("flowchart_image"))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    ET.fromstring(response.content)  # noqa: S314


def test_complaint_page_shows_hotline_phones_letters_visits_and_commitment(
    client, site_tree
):
    page = site_tree.complaints
    page.letter_recipient = "县民政局社会救助股"
    page.postcode = "514000"
    page.email = "jiuzhu@example.gov.cn"
    page.visit_address = "县民政局一楼接待室"
    page.visit_hours = "工作日上午"
    page.response_days = 10
    page.online_form_intro = "网上投诉请如实填写联系方式。"
    page.save()
    ComplaintPhone.objects.create(page=page, label="县救助股", number="0753-2223333")
    html = _html(client, page.url)
    assert re.search(r'class="hotline-number hotline-number-big">.*12349', html)
    for text in (
        "0753-2223333",
        "县民政局社会救助股",
        "县民政局信访室",
        "514000",
        "mailto:jiuzhu@example.gov.cn",
        "县民政局一楼接待室",
        "10 个工作日",
        "网上投诉请如实填写联系方式。",
    ):
        assert text in html, text
    # The header search form and the online complaint form, posting to cases.
    assert html.count("<form") == 2
    assert 'action="/complaints/submit/"' in html


def test_service_points_are_grouped_by_level_and_filter_by_township(client, site_tree):
    town_a = TownshipFactory(code="chengguan", name="城关镇")
    town_b = TownshipFactory(code="hexi", name="河西镇")
    a_staff = UserFactory(username="zhang", first_name="张伟", last_name="")
    b_staff = UserFactory(username="li_b", first_name="", last_name="")
    ServicePointFactory(
        name="县社会救助服务大厅", level=ServicePoint.Level.COUNTY, township=None
    )
    ServicePointFactory(
        name="城关镇一门受理窗口", township=town_a, staff_a=a_staff, staff_b=b_staff
    )
    ServicePointFactory(name="河西镇一门受理窗口", township=town_b)
    ServicePointFactory(
        name="东门社区民政服务站",
        level=ServicePoint.Level.VILLAGE,
        township=town_a,
        village=VillageFactory(township=town_a, name="东门社区"),
    )
    html = _html(client, site_tree.service_points.url)
    order = [
        html.index("县社会救助服务大厅"),
        html.index("城关镇一门受理窗口"),
        html.index("东门社区民政服务站"),
    ]
    assert order == sorted(order)
    assert "张伟" in html and "li_b" in html
    filtered = _html(client, site_tree.service_points.url, township="hexi")
    assert "河西镇一门受理窗口" in filtered
    assert "城关镇一门受理窗口" not in filtered
    assert re.search(r'township=hexi"\s+aria-current="true"', filtered)


def test_unknown_url_gives_the_friendly_chinese_404(client, site_tree):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "页面未找到" in html
    assert 'id="site-search-q"' in html
    assert "12349" in html


def test_500_page_renders_without_database_or_context_processors(
    django_assert_num_queries,
):
    with django_assert_num_queries(0):
        response = server_error(RequestFactory().get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert 'href="/static/css/portal.css"' in html
    assert "12349" in html and "{%" not in html
