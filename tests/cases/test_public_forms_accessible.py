"""The public complaint and progress forms as a screen reader and a phone meet them:
every aria-describedby names an element on the page, the fields say what they
hold (autocomplete, inputmode), and a failed submit puts the focus where the
problem is (autofocus, no script)."""

import re
import time

import pytest
from django.test import Client

from cases.public.spam import form_token

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_rate_limit")]

INPUT = re.compile(r"<(?:input|textarea)\b[^>]*>")


def _attrs(tag: str) -> dict[str, str]:
    return dict(re.findall(r'([\w-]+)="([^"]*)"', tag))


def _inputs(html: str) -> dict[str, dict[str, str]]:
    fields = {}
    for tag in INPUT.findall(html):
        attrs = _attrs(tag)
        if attrs.get("type") != "hidden" and "name" in attrs:
            fields[attrs["name"]] = attrs | {"_bare": tag}
    return fields


def _dangling_describedby(html: str) -> list[str]:
    ids = set(re.findall(r'\bid="([^"]+)"', html))
    named = [
        ref
        for refs in re.findall(r'aria-describedby="([^"]*)"', html)
        for ref in refs.split()
    ]
    return [ref for ref in named if ref not in ids]


def _complaint(**fields):
    data = {"content": "村里评议没有张榜。", "token": form_token(now=time.time() - 10)}
    return Client().post("/complaints/submit/", data | fields)


def _progress(**fields):
    return Client().post("/progress/", fields)


@pytest.mark.parametrize(
    "response",
    [
        lambda: Client().get("/complaints/submit/"),
        lambda: _complaint(content="", phone="1" * 80),
        lambda: Client().get("/progress/"),
        lambda: _progress(number="", phone_last4="12x"),
    ],
    ids=["complaint", "complaint-errors", "progress", "progress-errors"],
)
def test_every_aria_describedby_names_an_element_on_the_page(response):
    html = response().content.decode()
    assert "aria-describedby" in html
    assert _dangling_describedby(html) == []


def test_error_and_help_texts_are_the_ones_the_field_names():
    html = _progress(number="", phone_last4="").content.decode()
    described = _inputs(html)["number"]["aria-describedby"].split()
    assert described == ["id_number_helptext", "id_number_error"]
    assert re.search(r'id="id_number_error"[^>]*>.*请填写案件编号', html, re.S)
    assert re.search(r'id="id_number_helptext"[^>]*>[^<]*收件回执单', html)


def test_complaint_fields_say_what_they_hold_for_autofill():
    fields = _inputs(Client().get("/complaints/submit/").content.decode())
    assert fields["name"]["autocomplete"] == "name"
    assert fields["phone"]["autocomplete"] == "tel"
    assert fields["phone"]["type"] == "tel"
    assert fields["case_number"]["autocomplete"] == "off"
    assert fields["website"]["autocomplete"] == "off"  # the honeypot


def test_progress_digits_get_a_number_keypad_and_no_old_entries():
    fields = _inputs(Client().get("/progress/").content.decode())
    assert fields["phone_last4"]["inputmode"] == "numeric"
    assert fields["phone_last4"]["autocomplete"] == "off"
    assert fields["phone_last4"]["maxlength"] == "4"
    assert fields["number"]["autocomplete"] == "off"


def test_a_blank_form_puts_no_focus_anywhere():
    for url in ("/complaints/submit/", "/progress/"):
        assert "autofocus" not in Client().get(url).content.decode()


def test_failed_complaint_focuses_the_first_field_in_error_only():
    response = _complaint(content="   ", phone="1" * 80)
    assert response.status_code == 400
    html = response.content.decode()
    fields = _inputs(html)
    focused = [name for name, attrs in fields.items() if "autofocus" in attrs["_bare"]]
    assert focused == ["phone"]  # phone comes before content in the form
    assert fields["phone"]["aria-invalid"] == "true"
    assert html.count("autofocus") == 1


def test_refused_complaint_without_a_field_error_focuses_the_summary():
    response = _complaint(website="http://spam.example")
    html = response.content.decode()
    assert response.status_code == 400
    summary = r'<p class="form-errors" role="alert" tabindex="-1" autofocus>'
    assert re.search(summary, html)
    assert html.count("autofocus") == 1


def test_failed_progress_look_up_focuses_the_field_or_the_message():
    html = _progress(number="JZ1", phone_last4="").content.decode()
    assert "autofocus" in _inputs(html)["phone_last4"]["_bare"]
    assert html.count("autofocus") == 1
    missing = _progress(number="JZ2026999999", phone_last4="0000")
    html = missing.content.decode()
    assert missing.status_code == 404
    assert re.search(r'class="form-errors" role="alert" tabindex="-1" autofocus', html)
    assert html.count("autofocus") == 1


def test_admin_sign_in_fields_carry_autocomplete(client):
    fields = _inputs(client.get("/admin/login/").content.decode())
    assert fields["username"]["autocomplete"] == "username"
    assert fields["password"]["autocomplete"] == "current-password"
