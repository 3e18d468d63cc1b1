"""Token auth: issue_token, Authorization: Bearer, and 401 for anything else."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone
from wagtail.models import APIToken

from tests.factories.api import ApiClient, case_body, county
from tests.factories.cases import received_case
from tests.factories.staff import clerk

pytestmark = pytest.mark.django_db


def issue(username: str, *args) -> str:
    out, err = StringIO(), StringIO()
    call_command("issue_token", username, *args, stdout=out, stderr=err)
    return out.getvalue().strip()


def test_issue_token_prints_a_token_that_acts_as_the_user():
    world = county()
    user = clerk(world.east, username="dl_clerk")
    case = received_case(user, world.east)
    token = issue("dl_clerk", "--name", "省级平台推送")
    response = ApiClient(token=token).get(f"/cases/{case.number}")
    assert response.status_code == 200
    assert response.json()["number"] == case.number
    stored = APIToken.objects.get(user=user)
    assert stored.name == "省级平台推送"
    assert token not in {stored.key_hash, stored.prefix}  # only a digest is kept


def test_issue_token_refuses_an_unknown_user():
    with pytest.raises(CommandError, match="nobody"):
        issue("nobody")
    assert APIToken.objects.count() == 0


def test_issue_token_refuses_a_deactivated_user():
    world = county()
    clerk(world.east, username="gone", is_active=False)
    with pytest.raises(CommandError, match="停用"):
        issue("gone")


def test_case_endpoints_without_a_token_are_401_json():
    world = county()
    case = received_case(clerk(world.east), world.east)
    anonymous = ApiClient()
    answers = [
        anonymous.post("/cases", case_body(world.east, world.dibao)),
        anonymous.get(f"/cases/{case.number}"),
        anonymous.get(f"/cases/{case.number}/history"),
        anonymous.post(f"/cases/{case.number}/transitions", {"action": "accept"}),
    ]
    for response in answers:
        assert response.status_code == 401
        assert "令牌" in response.json()["message"]
    assert case.__class__.objects.count() == 1


@pytest.mark.parametrize("how", ["garbage", "revoked", "inactive_user", "basic"])
def test_bad_tokens_are_401(how):
    world = county()
    user = clerk(world.east)
    case = received_case(user, world.east)
    instance, token = APIToken.create_token(user=user, name="t")
    headers = {"Authorization": f"Bearer {token}"}
    if how == "garbage":
        headers["Authorization"] = "Bearer wagtail_notarealtoken"
    elif how == "revoked":
        APIToken.objects.filter(pk=instance.pk).update(revoked_at=timezone.now())
    elif how == "inactive_user":
        user.is_active = False
        user.save()
    elif how == "basic":
        headers["Authorization"] = f"Basic {token}"
    client = ApiClient()
    client.headers = headers
    response = client.get(f"/cases/{case.number}")
    assert response.status_code == 401
    assert case.applicant.name not in response.content.decode()


def test_a_logged_in_session_does_not_open_the_api():
    world = county()
    user = clerk(world.east)
    case = received_case(user, world.east)
    anonymous = ApiClient()
    anonymous.client.force_login(user)
    assert anonymous.get(f"/cases/{case.number}").status_code == 401


def test_bearer_requests_need_no_csrf_token():
    world = county()
    client = ApiClient(clerk(world.east))
    client.client = Client(enforce_csrf_checks=True)
    response = client.post("/cases", case_body(world.east, world.dibao))
    assert response.status_code == 201
