"""Every limit counts the client config.proxy names, and nothing else reads it.

A caller that writes a new X-Forwarded-For on each request must not get a new
allowance; behind the deployment's proxy (TRUSTED_PROXIES) each real client
still gets its own.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client

from tests.factories.api import ApiClient, county
from tests.factories.cases import received_case
from tests.factories.staff import clerk
from tests.portal.accounts.conftest import people, sign_in  # noqa: F401 - a fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_rate_limit")]
ROOT = Path(__file__).resolve().parents[2]
PROXY = "10.0.0.5"
ATTACKER = "203.0.113.9"


@pytest.fixture
def case():
    world = county()
    return received_case(clerk(world.east), world.east)


def api_from(remote, forwarded=None):
    client = ApiClient()
    client.client.defaults["REMOTE_ADDR"] = remote
    if forwarded is not None:
        client.client.defaults["HTTP_X_FORWARDED_FOR"] = forwarded
    return client


def progress(client, case):
    return client.get("/progress", number=case.number, phone_last4="5678").status_code


def test_forged_forwarded_for_does_not_reset_the_progress_limit(case, settings):
    settings.API_PROGRESS_RATE = "3/m"
    statuses = [progress(api_from(ATTACKER, f"198.51.100.{n}"), case) for n in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_forged_forwarded_for_does_not_reset_the_progress_page_limit(case, settings):
    settings.API_PROGRESS_RATE = "3/m"
    statuses = [
        Client(REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
        .post("/progress/", {"number": case.number, "phone_last4": "5678"})
        .status_code
        for n in range(4)
    ]
    assert statuses == [200, 200, 200, 429]


def test_forged_prefix_behind_the_proxy_does_not_reset_the_progress_limit(
    case, settings
):
    """The proxy appends the client it saw; what the client wrote is on the left."""
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    settings.API_PROGRESS_RATE = "3/m"
    statuses = [
        progress(api_from(PROXY, f"192.0.2.{n}, 198.51.100.7"), case) for n in range(4)
    ]
    assert statuses == [200, 200, 200, 429]


def test_each_client_behind_the_proxy_has_its_own_progress_allowance(case, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    settings.API_PROGRESS_RATE = "3/m"
    for _ in range(3):
        progress(api_from(PROXY, "198.51.100.7"), case)
    assert progress(api_from(PROXY, "198.51.100.7"), case) == 429
    assert progress(api_from(PROXY, "198.51.100.8"), case) == 200


@pytest.mark.usefixtures("people")
def test_forged_forwarded_for_does_not_reset_the_complaint_limit(settings):
    settings.COMPLAINT_RATE = "2/h"
    body = {"content": "反映问题", "channel": "website"}
    statuses = [
        api_from(ATTACKER, f"198.51.100.{n}").post("/complaints", body).status_code
        for n in range(3)
    ]
    assert statuses == [201, 201, 429]


@pytest.mark.usefixtures("people")
def test_forged_forwarded_for_does_not_reset_the_login_lockout(client, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    settings.ACCOUNTS = {
        **settings.ACCOUNTS,
        "LOCKOUT_LIMITS": {"username": 50, "ip_address": 3},
    }
    users = ["editor", "moderator", "reviewer", "auditor"]
    answers = [
        sign_in(
            client, user, "wrong-Password-1", ip=ATTACKER,
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
        ).status_code
        for n, user in enumerate(users)
    ]  # fmt: skip
    # The third failure from the one real address locks it, whatever it said.
    assert 429 not in answers[:2]
    assert answers[2:] == [429, 429]


def test_axes_asks_the_one_helper_for_the_address():
    assert django_settings.AXES_CLIENT_IP_CALLABLE == "config.proxy.client_ip"


# Code that reads the address or the forwarding header by itself, or a library
# helper that does (django-ninja's get_ident, django-ipware).
_READERS = re.compile(
    r"REMOTE_ADDR|HTTP_X_FORWARDED_FOR|get_ident\(|ipware"
    r"|headers(\.get\(|\[)\s*[\"']x-forwarded-for",
    re.IGNORECASE,
)


def test_config_proxy_is_the_only_reader_of_the_client_address():
    readers = []
    for folder in ("cases", "portal", "search", "config"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if relative == "config/proxy.py" or "/migrations/" in relative:
                continue
            for number, line in enumerate(path.read_text().splitlines(), start=1):
                if _READERS.search(line) and not line.lstrip().startswith("#"):
                    readers.append(f"{relative}:{number}: {line.strip()}")
    assert readers == []


def test_public_search_is_limited_per_client_address_not_per_forged_header(
    site_tree, settings, fresh_rate_limit
):
    """站内搜索: the same allowance as the other public doors, counted per
    client (config.proxy.client_ip) in the shared cache; a new X-Forwarded-For
    on each request from an untrusted address changes nothing."""
    settings.SEARCH_RATE = "3/m"
    settings.TRUSTED_PROXIES = []
    client = Client()
    answers = [
        client.get(
            "/search/", {"q": "救助"}, headers={"x-forwarded-for": f"10.0.0.{n}"}
        )
        for n in range(5)
    ]
    assert [a.status_code for a in answers] == [200, 200, 200, 429, 429]
    limited = answers[-1]
    assert 1 <= int(limited["Retry-After"]) <= 60
    assert "搜索过于频繁" in limited.content.decode()
