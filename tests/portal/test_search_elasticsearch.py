"""Public page search on Wagtail's Elasticsearch 8 backend keeps its Chinese rules."""

import os
import uuid
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from wagtail.search.backends import get_search_backend
from wagtail.search.backends.elasticsearch8 import Elasticsearch8SearchBackend

from tests.factories import make_guide, make_policy
from tests.search.conftest import es_backend

pytestmark = pytest.mark.django_db


@pytest.fixture
def elastic_pages(settings):
    es_backend()  # skips outside CI when Elasticsearch is not there; fails in CI
    prefix = f"test_pages_{uuid.uuid4().hex[:10]}_"
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "portal.search_backends.Elasticsearch8SearchBackend",
            "URLS": [os.environ["ELASTICSEARCH_URL"]],
            "INDEX_PREFIX": prefix,
            "TIMEOUT": 10,
        }
    }
    # As a deployment does once: create the indexes with Wagtail's mappings;
    # publishing then keeps them current.
    call_command("update_index", stdout=StringIO(), stderr=StringIO())
    backend = get_search_backend()
    yield backend
    backend.es.indices.delete(index=f"{prefix}*", ignore_unavailable=True)


def test_public_search_on_elasticsearch_finds_a_mid_sentence_phrase(
    client, site_tree, elastic_pages
):
    make_policy(
        site_tree,
        title="关于规范窗口服务的通知",
        body_text="各乡镇对遭遇突发困难的家庭应当及时给予临时救助并做好登记。",
    )
    make_policy(site_tree, title="养老服务补贴办法", body_text="高龄津贴按月发放。")
    # Holds every character of 临时救助, but not the phrase.
    make_policy(site_tree, title="救助时限说明", body_text="临近年底，助学金按时发放。")
    make_guide(site_tree, title="医疗救助办事指南", materials=["医疗费用票据原件"])
    elastic_pages.refresh_indexes()
    assert isinstance(elastic_pages, Elasticsearch8SearchBackend)

    content = client.get(reverse("portal:search"), {"q": "临时救助"}).content.decode()
    assert "关于规范窗口服务的通知" in content
    assert "<mark>临时救助</mark>" in content
    assert "养老服务补贴办法" not in content
    assert "救助时限说明" not in content

    traditional = client.get(reverse("portal:search"), {"q": "臨時救助"})
    assert "关于规范窗口服务的通知" in traditional.content.decode()
    guide = client.get(reverse("portal:search"), {"q": "费用票据"})
    assert "医疗救助办事指南" in guide.content.decode()


def test_admin_choosers_on_elasticsearch_find_chinese_in_the_middle_of_a_name(
    client, site_tree, elastic_pages
):
    """The admin's autocomplete through portal.search_backends on Elasticsearch:
    every character of the query is required (Wagtail's default wants any one),
    so 医疗 finds 城乡医疗救助 but not a neighbour holding only 疗, and 养老
    finds neither."""
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    from portal.permissions import setup_groups
    from tests.factories import AssistanceTypeFactory
    from tests.factories.staff import editor

    make_policy(site_tree, title="关于调整城乡医疗救助标准的通知")
    make_policy(site_tree, title="关于做好疗养补贴发放的通知")
    AssistanceTypeFactory(code="yiliao", name="城乡医疗救助")
    AssistanceTypeFactory(code="liaoyang", name="疗养补贴")
    documents = get_document_model().objects
    documents.create(
        title="城乡医疗救助申请表", file=ContentFile(b"%PDF", name="a.pdf")
    )
    documents.create(title="疗养补贴审批表", file=ContentFile(b"%PDF", name="b.pdf"))
    elastic_pages.refresh_indexes()
    setup_groups(content_root=site_tree.home)
    client.force_login(editor())

    choosers = [
        (reverse("wagtailadmin_choose_page_search"), "关于调整城乡医疗救助标准的通知"),
        (
            reverse("wagtailsnippetchoosers_portal_assistancetype:choose_results"),
            "城乡医疗救助",
        ),
        (reverse("wagtaildocs_chooser:choose_results"), "城乡医疗救助申请表"),
    ]
    for url, wanted in choosers:
        found = client.get(url, {"q": "医疗"}).content.decode()
        assert wanted in found, url
        assert "疗养补贴" not in found, url
        assert wanted not in client.get(url, {"q": "养老"}).content.decode(), url
