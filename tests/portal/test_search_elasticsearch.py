"""Public page search on Wagtail's Elasticsearch 8 backend keeps its Chinese rules."""

import os
import uuid
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from wagtail.search.backends import get_search_backend

from tests.factories import make_guide, make_policy
from tests.search.conftest import es_backend

pytestmark = pytest.mark.django_db


@pytest.fixture
def elastic_pages(settings):
    es_backend()  # skips outside CI when Elasticsearch is not there; fails in CI
    prefix = f"test_pages_{uuid.uuid4().hex[:10]}_"
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "wagtail.search.backends.elasticsearch8",
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
    assert "elasticsearch" in type(elastic_pages).__module__

    content = client.get(reverse("portal:search"), {"q": "临时救助"}).content.decode()
    assert "关于规范窗口服务的通知" in content
    assert "<mark>临时救助</mark>" in content
    assert "养老服务补贴办法" not in content
    assert "救助时限说明" not in content

    traditional = client.get(reverse("portal:search"), {"q": "臨時救助"})
    assert "关于规范窗口服务的通知" in traditional.content.decode()
    guide = client.get(reverse("portal:search"), {"q": "费用票据"})
    assert "医疗救助办事指南" in guide.content.decode()
