"""办理进度查询 on the public site: the page the receipt sends applicants to.

The receipt says the case number and the last four digits of the phone find the
progress; until this page, only the integrators' JSON API could. Same answer as
GET /api/v1/progress, posted (the digits stay out of addresses and logs), the same
per-address allowance, Chinese messages.
"""

import pytest
from django.test import Client, override_settings

from tests.factories.api import ApiClient, county
from tests.factories.cases import VALID_ID, received_case
from tests.factories.staff import clerk

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_rate_limit")]
URL = "/progress/"


@pytest.fixture
def case():
    world = county()
    return received_case(clerk(world.east), world.east)


def look_up(number, last4, client=None):
    return (client or Client()).post(URL, {"number": number, "phone_last4": last4})


def test_progress_page_offers_the_form_with_csrf_and_no_script():
    response = Client().get(URL)
    page = response.content.decode()
    assert response.status_code == 200
    assert "办理进度查询" in page
    assert 'method="post"' in page and 'name="csrfmiddlewaretoken"' in page
    assert 'name="number"' in page and 'name="phone_last4"' in page
    assert "<script" not in page


def test_progress_page_shows_status_and_deadlines_for_the_right_pair(case):
    response = look_up(case.number.lower(), "5678")
    page = response.content.decode()
    assert response.status_code == 200
    assert case.number in page
    assert "已接收" in page
    deadline = case.deadlines.get()
    assert f"{deadline.due_on:%Y-%m-%d}" in page
    assert deadline.get_stage_display() in page


def test_progress_page_reveals_nothing_personal(case):
    page = look_up(case.number, "5678").content.decode()
    applicant = case.applicant
    for personal in (applicant.name, VALID_ID, applicant.phone, applicant.address):
        assert personal not in page


def test_progress_page_answers_a_wrong_pair_like_an_unknown_number(case):
    wrong_pair = look_up(case.number, "0000")
    unknown = look_up("JZ2000000001", "5678")
    assert wrong_pair.status_code == unknown.status_code == 404
    for response in (wrong_pair, unknown):
        page = response.content.decode()
        assert "没有查到" in page
        assert "已接收" not in page
    assert case.number not in unknown.content.decode()


@pytest.mark.parametrize(
    ("number", "last4", "message"),
    [
        ("", "5678", "请填写案件编号"),
        ("JZ2026000001", "567", "后4位数字"),
        ("JZ2026000001", "٥٦٧٨", "后4位数字"),
        ("JZ2026000001", "", "后4位数字"),
    ],
)
def test_progress_page_bad_input_gets_a_chinese_message(number, last4, message):
    response = look_up(number, last4)
    assert response.status_code == 400
    assert message in response.content.decode()


@override_settings(API_PROGRESS_RATE="3/m")
def test_progress_page_guessing_last4_is_rate_limited(case):
    client = Client()
    statuses = [look_up(case.number, f"{n:04d}", client).status_code for n in range(4)]
    assert statuses == [404, 404, 404, 429]
    refused = look_up(case.number, "5678", client)
    assert refused.status_code == 429  # even the right pair
    assert "查询过于频繁" in refused.content.decode()


def test_public_footer_links_to_the_progress_page(site_tree):
    page = Client().get("/").content.decode()
    assert f'href="{URL}"' in page


def look_up_from(address, number, last4):
    return Client(REMOTE_ADDR=address).post(
        URL, {"number": number, "phone_last4": last4}
    )


def test_progress_page_locks_a_case_number_after_ten_wrong_guesses(case):
    """The API's lock, on the page too: one count for both, from any address."""
    for n in range(5):
        assert (
            look_up_from(f"198.51.100.{n}", case.number, f"{n:04d}").status_code == 404
        )
        assert check_api_from(f"198.51.101.{n}", case.number, f"{n:04d}") == 404
    locked = look_up_from("203.0.113.60", case.number, "5678")
    page = locked.content.decode()
    assert locked.status_code == 429
    assert "该案件编号查询错误已达10次" in page and "暂停查询" in page
    assert "已接收" not in page
    assert 3500 <= int(locked["Retry-After"]) <= 3600


def check_api_from(address, number, last4) -> int:
    client = ApiClient()
    client.client.defaults["REMOTE_ADDR"] = address
    return client.get("/progress", number=number, phone_last4=last4).status_code


def test_progress_page_and_api_share_one_allowance_per_address(case, settings):
    settings.API_PROGRESS_RATE = "4/m"
    client = Client()
    pages = [look_up(case.number, "5678", client).status_code for _ in range(2)]
    api = [check_api_from("127.0.0.1", case.number, "5678") for _ in range(3)]
    assert pages + api == [200, 200, 200, 200, 429]
    assert look_up(case.number, "5678", client).status_code == 429
