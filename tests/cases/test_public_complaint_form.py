"""网上投诉 on the complaint-channel page: a plain HTML form, CSRF, a honeypot, a
signed time token, a shared per-address rate limit, Chinese messages."""

import re
import time
from datetime import date

import pytest
from django.core import signing
from django.test import Client, override_settings

from cases.models import Complaint
from cases.public.spam import SALT, form_token
from tests.factories.clock import on_day

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_rate_limit")]
URL = "/complaints/submit/"


def token(seconds_ago: int = 10) -> str:
    return form_token(now=time.time() - seconds_ago)


def submit(client=None, **fields):
    data = {"content": "村里低保评议没有公示。", "token": token(), "website": ""}
    data.update(fields)
    return (client or Client()).post(URL, data)


def test_complaint_page_carries_the_form_with_csrf_token_and_honeypot(site_tree):
    page = Client().get(site_tree.complaints.url).content.decode()
    assert f'action="{URL}"' in page
    assert 'name="csrfmiddlewaretoken"' in page
    assert 'name="token"' in page
    assert 'class="hp-field"' in page and 'name="website"' in page
    assert "<script" not in page  # no JavaScript needed


def test_named_complaint_confirmation_shows_number_and_due_date(db):
    with on_day(date(2026, 11, 20)):
        response = submit(name="李梅", phone="13800001234")
    page = response.content.decode()
    assert response.status_code == 201
    complaint = Complaint.objects.get()
    assert complaint.number in page
    assert "2026年12月4日" in page
    assert complaint.channel == "website"


def test_anonymous_confirmation_says_there_is_no_answer(db):
    page = submit().content.decode()
    assert Complaint.objects.get().number in page
    assert "无法向您反馈结果" in page


def test_empty_content_reshows_the_form_with_a_chinese_message(db):
    response = submit(content="", name="李梅", phone="13800001234")
    page = response.content.decode()
    assert response.status_code == 400
    assert "请填写投诉内容" in page
    assert 'value="李梅"' in page  # what was typed is kept
    assert not Complaint.objects.exists()


def test_oversized_content_is_refused(db):
    response = submit(content="长" * 2001)
    assert response.status_code == 400
    assert "2000" in response.content.decode()
    assert not Complaint.objects.exists()


def test_named_without_phone_is_asked_for_a_contact(db):
    response = submit(name="李梅")
    assert response.status_code == 400
    assert "联系电话" in response.content.decode()


def test_filled_honeypot_is_refused(db):
    response = submit(website="http://spam.example")
    assert response.status_code == 400
    assert "未通过校验" in response.content.decode()
    assert not Complaint.objects.exists()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (0, "提交过快"),
        (3 * 3600, "打开时间过长"),
        ("forged:token", "校验未通过"),
        ("", "校验未通过"),
    ],
)
def test_too_fast_too_old_or_tampered_token_is_refused(db, value, message):
    response = submit(token=token(value) if isinstance(value, int) else value)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Complaint.objects.exists()


def test_tampered_time_in_token_is_refused(db):
    good = token()
    payload, _, rest = good.partition(":")
    forged = (payload[:-1] + ("A" if payload[-1] != "A" else "B")) + ":" + rest
    assert "校验未通过" in submit(token=forged).content.decode()


def test_form_needs_csrf(db):
    client = Client(enforce_csrf_checks=True)
    response = submit(client)
    assert response.status_code == 403
    assert not Complaint.objects.exists()


def test_form_with_csrf_from_the_page_is_accepted(site_tree):
    client = Client(enforce_csrf_checks=True)
    page = client.get(site_tree.complaints.url).content.decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    response = submit(client, csrfmiddlewaretoken=csrf)
    assert response.status_code == 201


@override_settings(COMPLAINT_RATE="2/h")
def test_form_and_api_share_the_per_address_limit(db):
    from tests.factories.api import ApiClient

    assert submit().status_code == 201
    assert (
        ApiClient()
        .post("/complaints", {"content": "x", "channel": "website"})
        .status_code
        == 201
    )
    response = submit()
    assert response.status_code == 429
    assert "过于频繁" in response.content.decode()
    assert 1 <= int(response["Retry-After"]) <= 3600
    assert Complaint.objects.count() == 2


def test_markup_in_a_complaint_is_shown_escaped_on_the_form(db):
    response = submit(content="<script>alert(1)</script>", token="")
    page = response.content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_double_clicked_form_files_one_complaint(db):
    """The same showing of the form sent twice: one complaint, the same page."""
    data = {"content": "村里低保评议没有公示。", "token": token(), "website": ""}
    first = Client().post(URL, data)
    second = Client().post(URL, data)
    assert first.status_code == second.status_code == 201
    complaint = Complaint.objects.get()
    assert complaint.number in first.content.decode()
    assert complaint.number in second.content.decode()


def test_form_resent_with_other_content_is_refused(db):
    sent = token()
    assert submit(token=sent).status_code == 201
    response = submit(token=sent, content="换了内容再提交一次。")
    page = response.content.decode()
    assert response.status_code == 400
    assert "这份表单已经提交过" in page and "刷新页面" in page
    assert Complaint.objects.count() == 1
    assert Complaint.objects.get().number not in page


@override_settings(COMPLAINT_RATE="1/h")
def test_resent_form_is_not_charged_to_the_per_address_limit(db):
    sent = token()
    assert submit(token=sent).status_code == 201
    assert submit(token=sent).status_code == 201  # the double click
    assert submit().status_code == 429  # a new complaint is over the limit
    assert Complaint.objects.count() == 1


def test_token_of_a_form_served_without_a_key_is_refused(db):
    """Pages served before forms carried a key get the form again, new token."""
    old = signing.dumps({"t": int(time.time()) - 10}, salt=SALT)
    response = submit(token=old)
    assert response.status_code == 400
    assert "校验未通过" in response.content.decode()
    assert not Complaint.objects.exists()
