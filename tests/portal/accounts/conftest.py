"""Staff in each role with a known password, and the steps of a real login."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.permissions import setup_groups
from tests.factories import TownshipFactory, UserFactory, VillageFactory
from tests.factories.accounts import otp_code
from tests.factories.staff import (
    auditor,
    clerk,
    editor,
    reviewer,
    staff,
    village_coordinator,
)

PASSWORD = "correct-horse-battery"
OFFICE = "10.8.1.20"


@pytest.fixture(autouse=True)
def groups(db):
    return setup_groups()


@pytest.fixture
def people(db):
    town = TownshipFactory(name="东岭镇")
    village = VillageFactory(township=town, name="上庄村")
    return {
        "clerk": clerk(town, username="clerk-a", first_name="刘", last_name="海燕"),
        "coordinator": village_coordinator(village, username="coord"),
        "reviewer": reviewer(username="reviewer"),
        "auditor": auditor(username="auditor", first_name="赵", last_name="明远"),
        "editor": editor(username="editor"),
        "moderator": staff("content_moderator", username="moderator"),
        "admin": UserFactory(username="root", is_superuser=True, is_staff=True),
    }


def sign_in(client, username, password=PASSWORD, *, ip=OFFICE, **meta):
    """POST the Wagtail login form as a browser at ``ip`` would."""
    return client.post(
        "/admin/login/",
        {"username": username, "password": password},
        REMOTE_ADDR=ip,
        **meta,
    )


def enrol(user, key_hex="12" * 20) -> TOTPDevice:
    return TOTPDevice.objects.create(
        user=user, name="phone", key=key_hex, confirmed=True
    )


def give_code(client, device, *, ip=OFFICE, steps_ahead=0, path="/admin/2fa/verify/"):
    return client.post(
        path,
        {"otp_token": otp_code(device.key, steps_ahead=steps_ahead)},
        REMOTE_ADDR=ip,
    )


def wrong_code(client, times=1):
    return [
        client.post("/admin/2fa/verify/", {"otp_token": "000000"}) for _ in range(times)
    ]


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session
