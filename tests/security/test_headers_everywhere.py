"""Every answer carries the same security headers as a freshly made page.

The header middlewares are the outermost ones (config/settings/base.py), so an
answer gets them whoever made it: the page cache (a hit never reaches the rest
of the stack), WhiteNoise, a redirect, an error page, a file, the API. Each test
compares the whole set with a fresh page's: public answers with a public page,
admin answers (exports) with an admin page.
"""

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import OperationalError
from django.test import Client
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from portal.printing import views as printing_views
from tests.factories.pages import make_guide, make_policy
from tests.portal.test_uploads import png_bytes

from .csp import ADMIN_POLICY, BASE_POLICY, parse_csp

pytestmark = pytest.mark.django_db

SECURITY_HEADERS = (
    "Content-Security-Policy",
    "Permissions-Policy",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
)


def security_headers(response) -> dict[str, str]:
    return {name: response.get(name) for name in SECURITY_HEADERS}


@pytest.fixture
def guide(site_tree):
    return make_guide(site_tree, title="临时救助办事指南")


@pytest.fixture
def fresh(client, guide):
    """The headers of a page made for this request (not from the cache)."""
    response = client.get(guide.url)
    assert response.status_code == 200
    assert response["X-Page-Cache"] == "miss"
    headers = security_headers(response)
    assert None not in headers.values()
    assert parse_csp(headers["Content-Security-Policy"]) == BASE_POLICY
    return headers


@pytest.fixture
def admin_client(db):
    client = Client()
    client.force_login(
        get_user_model().objects.create_superuser("headers-everywhere", "h@example.cn")
    )
    return client


@pytest.fixture
def fresh_admin(admin_client):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    headers = security_headers(response)
    assert parse_csp(headers["Content-Security-Policy"]) == ADMIN_POLICY
    return headers


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


# ---- the page cache ----------------------------------------------------------


def test_page_cache_hit_carries_the_headers_of_a_fresh_page(client, guide, fresh):
    response = client.get(guide.url)
    assert response["X-Page-Cache"] == "hit"
    assert security_headers(response) == fresh


# ---- redirects -----------------------------------------------------------------


def test_redirects_carry_the_headers_of_a_fresh_page(client, site_tree, guide, fresh):
    Redirect.objects.create(old_path="/old-guide", redirect_link=guide.url)
    answers = {
        "favicon": client.get("/favicon.ico"),
        "reading aid": client.get("/reading-aids/font/large/", {"next": guide.url}),
        "trailing slash": client.get(guide.url.rstrip("/")),
        "wagtail redirect": client.get("/old-guide"),
    }
    for name, response in answers.items():
        assert response.status_code in (301, 302), name
        assert security_headers(response) == fresh, name


# ---- error pages ---------------------------------------------------------------


def test_not_found_page_carries_the_headers_of_a_fresh_page(client, fresh):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert security_headers(response) == fresh


def test_csrf_refusal_carries_the_headers_of_a_fresh_page(fresh):
    response = Client(enforce_csrf_checks=True).post("/complaints/submit/", {})
    assert response.status_code == 403
    assert security_headers(response) == fresh


def test_bad_host_answer_carries_the_headers_of_a_fresh_page(settings, fresh):
    settings.ALLOWED_HOSTS = ["testserver"]
    response = Client().get("/", headers={"host": "evil.example"})
    assert response.status_code == 400
    assert security_headers(response) == fresh


def test_rate_limit_answer_carries_the_headers_of_a_fresh_page(
    client, monkeypatch, fresh
):
    from config.ratelimit import Allowance

    monkeypatch.setattr(
        "cases.public.views.hit", lambda *args: Allowance(False, retry_after=60)
    )
    response = client.post("/progress/", {"number": "x", "phone_last4": "1234"})
    assert response.status_code == 429
    assert security_headers(response) == fresh


@pytest.mark.parametrize(
    ("error", "status"), [(RuntimeError("boom"), 500), (OperationalError(), 503)]
)
def test_server_error_pages_carry_the_headers_of_a_fresh_page(
    monkeypatch, fresh, error, status
):
    def fail(*args, **kwargs):
        raise error

    monkeypatch.setattr("portal.views.search_pages", fail)
    response = Client(raise_request_exception=False).get("/search/")
    assert response.status_code == status
    assert security_headers(response) == fresh


# ---- files -----------------------------------------------------------------------


def test_static_file_from_whitenoise_carries_the_headers_of_a_fresh_page(client, fresh):
    response = client.get("/static/css/portal.css")
    assert response.status_code == 200
    assert security_headers(response) == fresh


def test_media_image_and_rendition_carry_the_headers_of_a_fresh_page(
    client, media, fresh
):
    image = get_image_model().objects.create(
        title="服务大厅", file=ContentFile(png_bytes(), name="hall.png")
    )
    for url in (image.file.url, image.get_rendition("width-100").url):
        response = client.get(url)
        assert response.status_code == 200, url
        assert security_headers(response) == fresh, url


def test_published_document_carries_the_headers_of_a_fresh_page_or_stricter(
    client, site_tree, media, fresh
):
    document = get_document_model().objects.create(
        title="申请表", file=ContentFile(b"%PDF-1.4 form\n", name="form.pdf")
    )
    make_policy(
        site_tree,
        title="附申请表的通知",
        body_text=f'<a linktype="document" id="{document.pk}">申请表</a>',
    )
    response = client.get(document.url)
    assert response.status_code == 200
    # Wagtail gives a served document a stricter policy of its own (nothing in
    # it may load or run anything); the rest of the set is the page's.
    headers = security_headers(response)
    assert headers.pop("Content-Security-Policy") == "default-src 'none'"
    fresh.pop("Content-Security-Policy")
    assert headers == fresh


def test_poster_pdf_carries_the_headers_of_a_fresh_page(
    client, site_tree, monkeypatch, fresh
):
    monkeypatch.setattr(printing_views, "render_pdf", lambda html, base_url: b"%PDF-")
    policy = make_policy(site_tree, title="关于低保标准的通知")
    response = client.get(policy.url + "poster.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert security_headers(response) == fresh


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_exports_carry_the_headers_of_a_fresh_admin_page(
    admin_client, fresh_admin, fmt
):
    response = admin_client.get("/admin/reports/site-history/", {"export": fmt})
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert security_headers(response) == fresh_admin


# ---- the API ---------------------------------------------------------------------


def test_api_answers_and_errors_carry_the_headers_of_a_fresh_page(client, fresh):
    answers = {
        "json": (client.get("/api/v1/reference"), 200),
        "no token": (client.get("/api/v1/cases/JZ0"), 401),
        "unknown endpoint": (client.get("/api/v2/nothing"), 404),
        "bad input": (client.get("/api/v1/progress", {"number": "x"}), 422),
    }
    for name, (response, status) in answers.items():
        assert response.status_code == status, name
        assert response["Content-Type"].startswith("application/json"), name
        assert security_headers(response) == fresh, name
