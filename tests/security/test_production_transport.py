"""Production's HTTPS rules: redirect, HSTS, Secure and HttpOnly cookies.

The values are read from config.settings.production itself, in a subprocess
with production's environment, then applied here, so the real middleware, login
view and cookies are exercised with exactly what production configures.
"""

import json
import os
import subprocess
import sys

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories.accounts import otp_code
from tests.test_settings import PRODUCTION_ENV, ROOT, run_manage

from .csp import BASE_POLICY, parse_csp

pytestmark = pytest.mark.django_db

HOST = "jiuzhu.example.gov.cn"
ENV = {
    **PRODUCTION_ENV,
    "ALLOWED_HOSTS": HOST,
    "BASE_URL": f"https://{HOST}",
    "CSRF_TRUSTED_ORIGINS": f"https://{HOST}",
}
TRANSPORT_SETTINGS = [
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SAMESITE",
    "X_FRAME_OPTIONS",
    "CONTENT_SECURITY_POLICY",
    "PERMISSIONS_POLICY",
]
DUMP = (
    "import json, django; from django.conf import settings; django.setup(); "
    f"print(json.dumps({{n: getattr(settings, n) for n in {TRANSPORT_SETTINGS!r}}}))"
)
PASSWORD = "Transport-Check-2026!"


@pytest.fixture(scope="session")
def production_values(tmp_path_factory) -> dict:
    env = {**ENV, "VAR_DIR": str(tmp_path_factory.mktemp("production-var"))}
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", DUMP],
        cwd=ROOT,
        env={**_clean_environ(), **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def _clean_environ() -> dict:
    skipped = {"DATABASE_URL", "ELASTICSEARCH_URL", "SEARCH_BACKEND"}
    return {k: v for k, v in os.environ.items() if k not in skipped}


@pytest.fixture
def production(settings, production_values):
    """The test settings with production's transport and header settings."""
    for name, value in production_values.items():
        if name == "SECURE_PROXY_SSL_HEADER":
            value = tuple(value)
        setattr(settings, name, value)
    return settings


def https_client() -> Client:
    """A browser behind the TLS proxy, which says so in X-Forwarded-Proto."""
    return Client(
        enforce_csrf_checks=True, HTTP_HOST=HOST, HTTP_X_FORWARDED_PROTO="https"
    )


def test_production_redirects_plain_http_to_https(production, site_tree):
    response = Client(HTTP_HOST=HOST).get("/guides/?page=2")
    assert response.status_code == 301
    assert response["Location"] == f"https://{HOST}/guides/?page=2"


def test_production_sends_hsts_for_a_year_with_subdomains_and_preload(
    production, site_tree
):
    response = https_client().get("/")
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )
    assert parse_csp(response["Content-Security-Policy"]) == BASE_POLICY
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_production_cookies_are_secure_and_httponly_after_login(production):
    user = get_user_model().objects.create_superuser(
        "transport", "t@example.gov.cn", PASSWORD
    )
    client = https_client()
    login_page = client.get("/admin/login/")
    assert login_page.status_code == 200
    csrf = login_page.cookies["csrftoken"]
    assert csrf["secure"] and csrf["httponly"] and csrf["samesite"] == "Lax"

    response = client.post(
        "/admin/login/",
        {
            "username": "transport",
            "password": PASSWORD,
            "csrfmiddlewaretoken": csrf.value,
        },
        HTTP_ORIGIN=f"https://{HOST}",
    )
    assert response.status_code == 302, response.content[:500]
    session = response.cookies["portal_admin_session"]
    assert session.value
    assert session["secure"] and session["httponly"]
    assert session["samesite"] == "Lax"
    assert session["path"] == "/admin/"
    # Django rotates the CSRF token at login; the new cookie is just as strict.
    rotated = response.cookies["csrftoken"]
    assert rotated["secure"] and rotated["httponly"]
    # A superuser gives a one-time code next (portal.accounts); that step gives
    # the session a new key, in a cookie just as strict.
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    assert client.get("/admin/").url.startswith("/admin/2fa/verify/")
    response = client.post(
        "/admin/2fa/verify/",
        {"otp_token": otp_code(device.key), "csrfmiddlewaretoken": rotated.value},
        HTTP_ORIGIN=f"https://{HOST}",
    )
    assert response.status_code == 302, response.content[:500]
    verified = response.cookies["portal_admin_session"]
    assert verified.value != session.value
    assert verified["secure"] and verified["httponly"]
    assert client.get("/admin/").status_code == 200


def test_production_passes_the_deploy_check_without_any_warning(tmp_path):
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={**ENV, "VAR_DIR": str(tmp_path)},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
