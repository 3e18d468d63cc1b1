"""输入文本规范化 (issue 18, item 5): one rule for typed text at every door.

NFC; zero-width, direction and other invisible characters removed; every other
control character refused with a message that names it. Tried at each door:
the rule itself, the API (JSON escapes too), the public complaint form, the
public and archive searches, the Wagtail admin's own forms, and passwords,
which pass untouched.
"""

import json
import time

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.test import Client, RequestFactory
from django.urls import reverse
from wagtail.models import Collection

from cases.models import Case, Complaint
from cases.public.spam import form_token
from config.text_input import TextInputMiddleware
from core.text import RefusedCharacter, clean_text, validate_text
from tests.factories import make_policy
from tests.factories.api import ApiClient, case_body, county
from tests.factories.staff import clerk

# The characters the issue lists, and the few more that print as nothing.
LISTED_INVISIBLE = [
    *map(chr, range(0x200B, 0x2010)),
    *map(chr, range(0x202A, 0x202F)),
    *map(chr, range(0x2066, 0x206A)),
    "\u061c",
    "\ufeff",
]
MORE_INVISIBLE = ["\u00ad", "\u180e", "\u2060", "\u2064"]
REFUSED = ["\x00", "\x07", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\x9b", "\ud800"]


@pytest.mark.parametrize("char", LISTED_INVISIBLE + MORE_INVISIBLE, ids=ascii)
def test_rule_invisible_characters_are_removed(char):
    assert clean_text(f"王{char}小明") == "王小明"


@pytest.mark.parametrize("char", REFUSED, ids=ascii)
def test_rule_other_control_characters_are_refused_naming_the_character(char):
    with pytest.raises(RefusedCharacter) as refused:
        clean_text(f"王{char}小明")
    assert refused.value.code == f"U+{ord(char):04X}"
    with pytest.raises(ValidationError) as invalid:
        validate_text(f"王{char}小明")
    assert f"U+{ord(char):04X}" in invalid.value.messages[0]


def test_rule_text_is_brought_to_nfc_and_keeps_tabs_and_line_breaks():
    assert clean_text("Jose\u0301\t第一行\r\n第二行\u2028第三行") == (
        "José\t第一行\r\n第二行\n第三行"
    )
    # An accent after a zero-width space composes once the space is gone.
    assert clean_text("e\u200b\u0301") == "é"


@pytest.mark.django_db
def test_api_intake_stores_clean_text_even_when_sent_as_json_escapes():
    world = county()
    body = case_body(world.east, world.dibao)
    body["applicant"]["name"] = "王\u200b小\u202e明"
    body["description"] = "Jose\u0301 家中困难\ufeff"
    raw = json.dumps(body)  # ASCII: the characters travel as \\u escapes
    assert "\\u200b" in raw
    response = ApiClient(clerk(world.east)).post("/cases", raw=raw)
    assert response.status_code == 201, response.content
    case = Case.objects.get(number=response.json()["number"])
    assert case.applicant.name == "王小明"
    assert case.description == "José 家中困难"


@pytest.mark.django_db
@pytest.mark.parametrize("char", ["\x07", "\x85"], ids=ascii)
def test_api_refuses_a_control_character_with_422_naming_field_and_character(char):
    world = county()
    body = case_body(world.east, world.dibao)
    body["applicant"]["name"] = f"王{char}小明"
    response = ApiClient(clerk(world.east)).post("/cases", body)
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors[0]["field"] == "applicant.name"
    assert f"U+{ord(char):04X}" in errors[0]["message"]
    assert not Case.objects.exists()


def complain(content: str):
    return Client().post(
        "/complaints/submit/",
        {
            "content": content,
            "phone": "13800001234",
            "token": form_token(now=time.time() - 10),
            "website": "",
        },
    )


def test_public_complaint_is_stored_clean(site_tree):
    response = complain("村里\u200b低保\u202e评议没有公示\u2069。")
    assert response.status_code in {200, 201, 302}
    assert Complaint.objects.get().content == "村里低保评议没有公示。"


def test_public_complaint_with_a_control_character_is_refused(site_tree):
    response = complain("村里低保\x1b评议没有公示。")
    assert response.status_code == 400
    assert "U+001B" in response.content.decode()
    assert not Complaint.objects.exists()


def test_public_search_finds_a_word_typed_with_invisible_characters(site_tree):
    make_policy(site_tree, title="临时救助实施办法", body_text="临时救助")
    url = reverse("portal:search")
    plain = Client().get(url, {"q": "临时救助"}).content.decode()
    hidden = Client().get(url, {"q": "临时\u200b救\u202e助"}).content.decode()
    assert "临时救助实施办法" in plain and "临时救助实施办法" in hidden


def test_public_search_with_a_control_character_says_why(site_tree):
    response = Client().get(reverse("portal:search"), {"q": "临时\x07救助"})
    assert response.status_code == 200
    assert "含有不可见的控制字符（U+0007）" in response.content.decode()


@pytest.mark.django_db
def test_wagtail_own_plain_forms_refuse_control_characters(client, site_tree):
    """Collections, redirects, users: Wagtail builds plain Django forms there."""
    admin = get_user_model().objects.create_superuser("root", password="x")
    client.force_login(admin)
    root = Collection.get_first_root_node()
    add = reverse("wagtailadmin_collections:add")
    response = client.post(add, {"name": "档案\x07", "parent": root.pk})
    assert response.status_code == 400
    assert "提交的内容含有不可见的控制字符（U+0007）" in response.content.decode()
    assert not Collection.objects.filter(name__startswith="档案").exists()
    response = client.post(add, {"name": "档\u200b案", "parent": root.pk})
    assert response.status_code == 302
    assert Collection.objects.filter(name="档案").exists()


def test_passwords_and_tokens_pass_untouched():
    typed = "密码\u200bJose\u0301"
    request = RequestFactory().post(
        "/admin/login/",
        {"username": "王\u200b小明", "password": typed, "otp_token": typed},
    )
    TextInputMiddleware(lambda r: None).process_view(request, None, (), {})
    assert request.POST["username"] == "王小明"
    assert request.POST["password"] == typed
    assert request.POST["otp_token"] == typed
