"""Every kind of response carries the security headers, in every environment.

The test settings send the same CSP, nosniff, Referrer-Policy, X-Frame-Options,
COOP and Permissions-Policy as production (they are set in base.py); HTTPS-only
behaviour is in test_production_transport.py.
"""

import pytest
from django.contrib.auth import get_user_model
from django.http import HttpResponse

from config.middleware import ContentSecurityPolicyMiddleware
from tests.factories.pages import make_guide
from tests.portal.printing import require_pdf_renderer

from .csp import (
    ADMIN_POLICY,
    BASE_POLICY,
    assert_no_outside_origin_and_no_unsafe_script,
    parse_csp,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def guide(site_tree):
    return make_guide(
        site_tree,
        title="临时救助办事指南",
        steps=[("提出申请", "apply", "applicant", 0)],
        materials=["居民身份证"],
        phone="0768-1234567",
    )


@pytest.fixture
def superuser_client(client):
    user = get_user_model().objects.create_superuser(
        "headers-admin", "admin@example.gov.cn", "Headers-Admin-2026!"
    )
    client.force_login(user)
    return client


def assert_security_headers(response, expected_policy=BASE_POLICY):
    policy = parse_csp(response["Content-Security-Policy"])
    assert policy == expected_policy
    assert_no_outside_origin_and_no_unsafe_script(policy)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    permissions = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in permissions


def test_public_page_sends_the_strict_policy(client, guide):
    response = client.get(guide.url)
    assert response.status_code == 200
    assert_security_headers(response)


def test_print_view_and_poster_pdf_send_the_strict_policy(client, guide):
    response = client.get(guide.url + "print/")
    assert response.status_code == 200
    assert_security_headers(response)
    require_pdf_renderer()
    response = client.get(guide.url + "poster.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert_security_headers(response)


def test_api_json_and_its_docs_send_the_strict_policy(client):
    response = client.get("/api/v1/reference")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert_security_headers(response)
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    assert_security_headers(response)


def test_not_found_page_sends_the_strict_policy(client, site_tree):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert_security_headers(response)


def test_admin_allows_style_elements_only_and_never_inline_scripts(
    superuser_client, guide
):
    response = superuser_client.get("/admin/login/")
    assert_security_headers(response, ADMIN_POLICY)
    response = superuser_client.get(f"/admin/pages/{guide.pk}/edit/")
    assert response.status_code == 200
    assert_security_headers(response, ADMIN_POLICY)


def test_preview_frame_may_be_framed_by_the_admin_only(superuser_client, guide):
    """Wagtail's preview panel frames the preview: frame-ancestors 'self' there."""
    response = superuser_client.get(
        f"/admin/pages/{guide.pk}/edit/preview/?in_preview_panel=true"
    )
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert parse_csp(response["Content-Security-Policy"]) == {
        **ADMIN_POLICY,
        "frame-ancestors": ["'self'"],
    }


def test_policy_of_an_inner_preview_request_is_replaced(rf):
    """Wagtail renders a preview through a fake inner request, whose middleware
    pass already set the public page's header; the outer request's wins."""
    inner = HttpResponse("<h1>预览</h1>")
    inner["Content-Security-Policy"] = "default-src 'self'; frame-ancestors 'none'"
    inner["X-Frame-Options"] = "SAMEORIGIN"
    middleware = ContentSecurityPolicyMiddleware(lambda request: inner)
    response = middleware(rf.get("/admin/pages/3/edit/preview/"))
    assert parse_csp(response["Content-Security-Policy"]) == {
        **ADMIN_POLICY,
        "frame-ancestors": ["'self'"],
    }


def test_a_view_framed_nowhere_keeps_frame_ancestors_none(rf):
    middleware = ContentSecurityPolicyMiddleware(lambda request: HttpResponse("x"))
    response = middleware(rf.get("/guides/"))
    assert parse_csp(response["Content-Security-Policy"]) == BASE_POLICY
