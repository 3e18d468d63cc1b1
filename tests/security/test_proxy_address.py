"""Behind the deployment's reverse proxy, the client is the one the proxy names;
a header a client sends by itself changes nothing."""

import pytest
from django.test import RequestFactory

from config.proxy import client_ip, resolve
from portal.models import AccessEvent
from tests.portal.accounts.conftest import people, sign_in  # noqa: F401 - a fixture

PROXY = "10.0.0.5"


@pytest.mark.parametrize(
    ("remote", "forwarded", "client"),
    [
        (PROXY, "198.51.100.7", "198.51.100.7"),
        # The left part is the client's own writing; the proxy appends the truth.
        (PROXY, "1.2.3.4, 198.51.100.7", "198.51.100.7"),
        # A second trusted hop (10.0.0.0/24) is skipped.
        (PROXY, "198.51.100.7, 10.0.0.9", "198.51.100.7"),
        (PROXY, "2001:db8::7", "2001:db8::7"),
        # Not from a trusted proxy: the header is ignored.
        ("203.0.113.9", "198.51.100.7", "203.0.113.9"),
        # Garbage or nothing forwarded: the proxy's own address stays.
        (PROXY, "<script>", PROXY),
        (PROXY, "", PROXY),
        (PROXY, "10.0.0.9", PROXY),
        # No address at all (a Unix socket): none, not a shared "" bucket.
        ("", "198.51.100.7", None),
    ],
)
def test_client_address_is_read_from_the_right_of_x_forwarded_for(
    remote, forwarded, client
):
    meta = {"REMOTE_ADDR": remote, "HTTP_X_FORWARDED_FOR": forwarded}
    assert resolve(meta, ["10.0.0.0/24"]) == client


def test_no_trusted_proxies_means_remote_addr_is_the_client():
    meta = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="198.51.100.7").META
    assert resolve(meta, []) == "127.0.0.1"


def test_client_ip_is_worked_out_once_per_request(settings):
    settings.TRUSTED_PROXIES = [PROXY]
    request = RequestFactory().get(
        "/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.7"
    )
    assert client_ip(request) == "198.51.100.7"
    # What the middleware does next (REMOTE_ADDR rewritten, header dropped)
    # does not change the answer.
    request.META["REMOTE_ADDR"] = "198.51.100.7"
    del request.META["HTTP_X_FORWARDED_FOR"]
    assert client_ip(request) == "198.51.100.7"
    assert client_ip(None) is None


@pytest.mark.usefixtures("people")
def test_failed_login_behind_the_proxy_logs_the_clients_address(client, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    sign_in(
        client, "editor", "wrong-Password-1", ip=PROXY,
        HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7",
    )  # fmt: skip
    assert AccessEvent.objects.get(kind="login_failed").ip_address == "198.51.100.7"


@pytest.mark.usefixtures("people")
def test_forged_forwarded_header_from_outside_does_not_change_the_address(
    client, settings
):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    sign_in(
        client, "editor", "wrong-Password-1", ip="203.0.113.9",
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )  # fmt: skip
    assert AccessEvent.objects.get(kind="login_failed").ip_address == "203.0.113.9"


@pytest.mark.usefixtures("people")
def test_address_lockout_behind_the_proxy_locks_the_client_not_everyone(
    client, settings
):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    settings.ACCOUNTS = {
        **settings.ACCOUNTS,
        "LOCKOUT_LIMITS": {"username": 50, "ip_address": 3},
    }
    for _ in range(3):
        sign_in(
            client, "editor", "wrong-Password-1", ip=PROXY,
            HTTP_X_FORWARDED_FOR="198.51.100.7",
        )  # fmt: skip
    attacker = sign_in(
        client, "editor", "wrong-Password-1", ip=PROXY,
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )  # fmt: skip
    other = client.__class__()
    colleague = sign_in(
        other, "moderator", "wrong-Password-1", ip=PROXY,
        HTTP_X_FORWARDED_FOR="198.51.100.8",
    )  # fmt: skip
    assert attacker.status_code == 429
    assert colleague.status_code != 429
