"""Elasticsearch unreachable: the portal and the case module keep working.

Both search settings point at a port where nothing listens (the shared
development node is left alone). Page search says it is unavailable instead of
failing; publishing still publishes; intake, the case page, referrals and
complaints save, and the archive's updates wait in the outbox for
``archive_index sync``.
"""

import time

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from cases.models import Case, Complaint, Referral
from cases.public.spam import form_token
from search.backends import base as archive_backends
from search.indexing import backlog
from tests.factories import DepartmentFactory, make_policy
from tests.factories.api import ApiClient, case_body

pytestmark = pytest.mark.django_db

DEAD_URL = "http://127.0.0.1:9"


@pytest.fixture(autouse=True)
def elasticsearch_unreachable(settings):
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "portal.search_backends.Elasticsearch8SearchBackend",
            "URLS": [DEAD_URL],
            "INDEX_PREFIX": "unreachable_",
            "TIMEOUT": 1,
        }
    }
    settings.ARCHIVE_SEARCH = {
        "BACKEND": "search.backends.elasticsearch",
        "URL": DEAD_URL,
        "INDEX_PREFIX": "unreachable",
        "TIMEOUT": 1,
    }
    archive_backends._backend.cache_clear()
    cache.clear()
    yield
    archive_backends._backend.cache_clear()


def test_page_search_says_search_is_unavailable_when_elasticsearch_is_down(
    site_tree,
):
    response = Client().get("/search/", {"q": "临时救助"})
    assert response.status_code == 503
    page = response.content.decode()
    assert "站内搜索暂时不可用" in page
    # The reader is pointed at the listings that do not need the index.
    assert site_tree.policies.url in page


def test_publishing_a_page_works_while_elasticsearch_is_down(site_tree, staff):
    policy = make_policy(site_tree, title="临时救助实施办法", body_text="正文。")
    policy.title = "临时救助实施办法（修订）"
    revision = policy.save_revision(user=staff["editor"])
    revision.publish()  # as publish_scheduled does; the signals are the same
    policy.refresh_from_db()
    assert policy.live and policy.title == "临时救助实施办法（修订）"
    assert Client().get(policy.url).status_code == 200


def test_api_intake_works_and_the_archive_update_waits(site_tree, staff, town, item):
    response = ApiClient(staff["clerk"]).post(
        "/cases", case_body(town, item, materials=[{"name": "居民身份证"}])
    )
    assert response.status_code == 201
    assert Case.objects.filter(number=response.json()["number"]).exists()
    assert backlog() > 0


def test_case_page_and_referral_work_while_elasticsearch_is_down(login, staff, case):
    DepartmentFactory(code="jiaoyu", name="县教育局")
    client = login(staff["clerk"])
    assert client.get(f"/admin/cases/case/{case.number}/").status_code == 200
    response = client.post(
        f"/admin/cases/case/{case.number}/refer/",
        {
            "refer-department": "jiaoyu",
            "refer-reason": "学费减免属教育部门",
            "refer-due_working_days": 3,
        },
    )
    assert response.status_code == 302
    assert Referral.objects.filter(case=case).count() == 1
    assert backlog() > 0


def test_public_complaint_is_registered_while_elasticsearch_is_down(site_tree):
    response = Client().post(
        "/complaints/submit/",
        {
            "content": "村里低保评议没有公示。",
            "token": form_token(now=time.time() - 10),
            "website": "",
        },
    )
    assert response.status_code == 201
    assert Complaint.objects.count() == 1
    assert backlog() > 0


def test_archive_search_says_unavailable_while_elasticsearch_is_down(
    login, staff, case
):
    response = login(staff["auditor"]).get(reverse("archive_search"), {"q": "救助"})
    assert response.status_code == 503
    assert "暂时不可用" in response.content.decode()
