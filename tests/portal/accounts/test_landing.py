"""登录后的首页: a person who has a 我的待办 lands on it after signing in (and
after the second factor); others land on the admin home page. Only the first
page after signing in is turned."""

import pytest

from .conftest import enrol, give_code, sign_in

pytestmark = pytest.mark.django_db

MY_WORK = "/admin/cases/my-work/"


def land(client, user, *, code=True) -> str:
    """Sign in as a browser does and follow to the first page shown."""
    response = sign_in(client, user.username)
    assert response.status_code == 302
    if code:
        device = enrol(user)
        response = client.get(response.url)  # → the code page
        response = give_code(client, device)
    response = client.get(response.url)
    return response.url if response.status_code == 302 else "shown"


@pytest.mark.parametrize("role", ["clerk", "coordinator", "reviewer"])
def test_rules_case_roles_land_on_their_work_queue(client, people, role):
    assert land(client, people[role]) == MY_WORK
    page = client.get(MY_WORK)
    assert page.status_code == 200
    assert "我的待办" in page.content.decode()


def test_rules_only_the_first_page_after_sign_in_is_turned(client, people):
    assert land(client, people["clerk"]) == MY_WORK
    assert client.get("/admin/").status_code == 200  # the dashboard, when asked


@pytest.mark.parametrize("role", ["auditor", "admin"])
def test_rules_roles_without_a_work_queue_land_on_the_home_page(client, people, role):
    assert land(client, people[role]) == "shown"


def test_rules_an_editor_lands_on_the_home_page(client, people):
    assert land(client, people["editor"], code=False) == "shown"


def test_rules_a_next_address_is_kept(client, people):
    user = people["clerk"]
    device = enrol(user)
    client.post(
        "/admin/login/?next=/admin/cases/case/",
        {"username": user.username, "password": "correct-horse-battery"},
    )
    response = give_code(
        client, device, path="/admin/2fa/verify/?next=/admin/cases/case/"
    )
    assert response.url == "/admin/cases/case/"
    assert client.get(response.url).status_code == 200
