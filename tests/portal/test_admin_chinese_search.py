"""The admin's choosers and listings find Chinese typed from the middle of a name.

Editors pick 救助事项, pages and documents in choosers; clerks look up the directory
in the snippet listings. Each is asked, as the person who uses it, for two
characters from inside a name (医疗 of 城乡医疗救助): that item is listed and a
neighbour without those two characters together is not; an unrelated query finds
neither. The search backend is the database one of the run (SQLite FTS5, or
PostgreSQL's text search in CI's second run).
"""

from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from portal.permissions import setup_groups
from tests.factories import (
    AssistanceTypeFactory,
    DepartmentFactory,
    ServicePointFactory,
    TownshipFactory,
    VillageFactory,
    make_policy,
)
from tests.factories.staff import clerk, editor

pytestmark = pytest.mark.django_db


@dataclass
class Sample:
    make: object  # (site_tree) -> None: creates the wanted and the neighbour item
    query: str  # two characters from the middle of the wanted name
    wanted: str
    neighbour: str  # shares a character with the query, not the pair


def _types(tree):
    AssistanceTypeFactory(code="yiliao", name="城乡医疗救助")
    AssistanceTypeFactory(code="linshi", name="临时救助疗养")


def _departments(tree):
    DepartmentFactory(code="yibao", name="县医疗保障局")
    DepartmentFactory(code="renshe", name="县人力资源和社会保险局")


def _townships(tree):
    TownshipFactory(code="dongling", name="青禾县东岭镇")
    TownshipFactory(code="xiling", name="青禾县西岭镇")


def _villages(tree):
    VillageFactory(code="qianjin", name="东岭前进村")
    VillageFactory(code="qianshan", name="东岭前山村")


def _service_points(tree):
    ServicePointFactory(
        code="dl-window", name="东岭镇便民服务窗口", address="河滨路8号"
    )
    ServicePointFactory(
        code="xl-window", name="西岭镇综合服务大厅", address="民主路1号"
    )


def _service_point_addresses(tree):
    ServicePointFactory(
        code="dl-window", name="东岭镇一门受理窗口", address="青禾县河滨路8号"
    )
    ServicePointFactory(
        code="xl-window", name="西岭镇一门受理窗口", address="青禾县滨江路1号"
    )


def _pages(tree):
    make_policy(tree, title="关于调整城乡医疗救助标准的通知")
    make_policy(tree, title="关于做好疗养补贴发放的通知")


def _documents(tree):
    document = get_document_model()
    document.objects.create(
        title="城乡医疗救助申请表", file=ContentFile(b"%PDF-1.4", name="a.pdf")
    )
    document.objects.create(
        title="临时救助疗养审批表", file=ContentFile(b"%PDF-1.4", name="b.pdf")
    )


def _images(tree):
    image = get_image_model()
    image.objects.create(title="县医疗救助窗口照片", file=get_test_image_file("a.png"))
    image.objects.create(title="县疗养院门口照片", file=get_test_image_file("b.png"))


SAMPLES = {
    "type": Sample(_types, "医疗", "城乡医疗救助", "临时救助疗养"),
    "department": Sample(
        _departments, "保障", "县医疗保障局", "县人力资源和社会保险局"
    ),
    "township": Sample(_townships, "东岭", "青禾县东岭镇", "青禾县西岭镇"),
    "village": Sample(_villages, "前进", "东岭前进村", "东岭前山村"),
    "point": Sample(
        _service_points, "便民", "东岭镇便民服务窗口", "西岭镇综合服务大厅"
    ),
    "address": Sample(
        _service_point_addresses, "河滨", "东岭镇一门受理窗口", "西岭镇一门受理窗口"
    ),
    "page": Sample(
        _pages, "医疗", "关于调整城乡医疗救助标准的通知", "关于做好疗养补贴发放的通知"
    ),
    "document": Sample(_documents, "医疗", "城乡医疗救助申请表", "临时救助疗养审批表"),
    "image": Sample(_images, "医疗", "县医疗救助窗口照片", "县疗养院门口照片"),
}
CHOOSER = "wagtailsnippetchoosers_portal_{}:choose_results"
LISTING = "wagtailsnippets_portal_{}:list"
# (what staff call it, URL name, who uses it, sample)
VIEWS = [
    # Choosers of the page editor.
    ("type chooser", CHOOSER.format("assistancetype"), "editor", "type"),
    ("department chooser", CHOOSER.format("department"), "editor", "department"),
    ("township chooser", CHOOSER.format("township"), "editor", "township"),
    ("village chooser", CHOOSER.format("village"), "editor", "village"),
    ("service point chooser", CHOOSER.format("servicepoint"), "editor", "point"),
    ("page chooser", "wagtailadmin_choose_page_search", "editor", "page"),
    ("document chooser", "wagtaildocs_chooser:choose_results", "editor", "document"),
    ("image chooser", "wagtailimages_chooser:choose_results", "editor", "image"),
    # Listings.
    ("pages search", "wagtailadmin_pages:search", "editor", "page"),
    ("documents listing", "wagtaildocs:index", "editor", "document"),
    ("type listing", LISTING.format("assistancetype"), "clerk", "type"),
    ("department listing", LISTING.format("department"), "clerk", "department"),
    ("township listing", LISTING.format("township"), "clerk", "township"),
    ("village listing", LISTING.format("village"), "clerk", "village"),
    ("service point listing", LISTING.format("servicepoint"), "clerk", "point"),
    ("service point address", LISTING.format("servicepoint"), "clerk", "address"),
]


@pytest.fixture
def staff_client(client, site_tree):
    setup_groups(content_root=site_tree.home)

    def login(role):
        user = (
            editor() if role == "editor" else clerk(TownshipFactory(code="home-town"))
        )
        client.force_login(user)
        return client

    return login


def _listed(client, url_name, query) -> str:
    response = client.get(reverse(url_name), {"q": query})
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("url_name", "role", "sample"),
    [view[1:] for view in VIEWS],
    ids=[view[0] for view in VIEWS],
)
def test_admin_search_finds_two_characters_from_the_middle_of_a_name(
    staff_client, site_tree, url_name, role, sample
):
    sample = SAMPLES[sample]
    sample.make(site_tree)
    client = staff_client(role)

    found = _listed(client, url_name, sample.query)
    assert sample.wanted in found
    assert sample.neighbour not in found

    unrelated = _listed(client, url_name, "养老")
    assert sample.wanted not in unrelated
    assert sample.neighbour not in unrelated


def test_chooser_finds_a_longer_phrase_a_code_and_traditional_characters(
    staff_client, site_tree
):
    """医疗救助 needs its bigrams side by side; 醫療 is 医疗; a code by its start."""
    _types(site_tree)
    AssistanceTypeFactory(code="jiuzhu", name="医疗费用临时救助")
    client = staff_client("editor")
    url_name = CHOOSER.format("assistancetype")

    phrase = _listed(client, url_name, "医疗救助")
    assert "城乡医疗救助" in phrase
    assert "医疗费用临时救助" not in phrase

    traditional = _listed(client, url_name, "醫療")
    assert "城乡医疗救助" in traditional
    assert "医疗费用临时救助" in traditional
    assert "临时救助疗养" not in traditional

    code = _listed(client, url_name, "yil")
    assert "城乡医疗救助" in code
    assert "医疗费用临时救助" not in code
