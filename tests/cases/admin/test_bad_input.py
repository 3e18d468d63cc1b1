"""Hostile text in every free-text field: stored inert and escaped, or refused.

Markup, template syntax, SQL, NUL bytes, 100,000-character strings, astral
characters and right-to-left overrides go into the public complaint form, the
public and archive search boxes, the progress lookup, the admin intake and a
case action. The answer is never a 500; what is stored comes back escaped on
every page that shows it; NUL bytes are refused before they reach PostgreSQL.
Run these on PostgreSQL too (DATABASE_URL=postgres://…).
"""

import time

import pytest
from django.test import Client
from django.urls import reverse

from cases.models import Case, Complaint, Notice, Referral
from cases.public.spam import form_token
from tests.factories import AssistanceTypeFactory, DepartmentFactory, make_guide
from tests.factories.cases import received_case

from .test_intake import CREATE_URL, application

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_rate_limit")]

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
TEMPLATE = "{{7*7}}{% debug %}"
SQL = "'; DROP TABLE cases_case; --"
ASTRAL = "救助😀𠀀"
RTL = "报告\u202efdp.exe"
HOSTILE = [SCRIPT, IMG, TEMPLATE, SQL, ASTRAL]
CONTROL_MESSAGE = "含有不可见的控制字符（U+0000）"
RAW_MARKUP = ("<script>alert(1)", "<img src=x")
NUL = "低保\x00申请"
HUGE = "救" * 100_000


def quiet() -> Client:
    return Client(raise_request_exception=False)


def assert_escaped(page: str) -> None:
    for raw in RAW_MARKUP:
        assert raw not in page


def complain(client, **fields):
    data = {
        "content": "村里低保评议没有公示。",
        "token": form_token(now=time.time() - 10),
        "website": "",
    }
    data.update(fields)
    return client.post("/complaints/submit/", data)


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_complaint_text_is_stored_inert_and_escaped_everywhere(
    login, staff, text
):
    response = complain(
        quiet(),
        content=f"{text} 村里低保评议没有公示。",
        name=text[:50],
        phone="13800001234",
    )
    assert response.status_code == 201
    assert_escaped(response.content.decode())
    complaint = Complaint.objects.get()
    assert complaint.content.startswith(text)  # kept as written, not cleaned up
    page = login(staff["reviewer"]).get(f"/admin/cases/complaint/{complaint.number}/")
    assert page.status_code == 200
    assert_escaped(page.content.decode())
    if text == TEMPLATE:
        assert "{{7*7}}" in page.content.decode()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("content", NUL, CONTROL_MESSAGE),
        ("name", NUL, CONTROL_MESSAGE),
        ("phone", "138\x00", CONTROL_MESSAGE),
        ("content", HUGE, "2000"),
    ],
)
def test_complaint_with_control_characters_or_oversized_text_is_refused_with_a_message(
    site_tree, field, value, message
):
    response = complain(quiet(), **{"phone": "13800001234", field: value})
    assert response.status_code == 400
    assert not Complaint.objects.exists()
    page = response.content.decode()
    assert "投诉未提交" in page and message in page


@pytest.mark.parametrize("query", [*HOSTILE, RTL, NUL, HUGE, "\x00", "%00"])
def test_public_search_with_hostile_query_never_fails(site_tree, query):
    response = quiet().get("/search/", {"q": query})
    assert response.status_code == 200
    assert_escaped(response.content.decode())


def test_public_search_with_invalid_utf8_never_fails(site_tree):
    response = quiet().get("/search/?q=%ED%A0%80%FF%00")
    assert response.status_code == 200


@pytest.mark.parametrize("query", [*HOSTILE, RTL, NUL, HUGE, "\x00"])
def test_archive_search_with_hostile_query_never_fails(login, staff, case, query):
    response = login(staff["auditor"]).get(reverse("archive_search"), {"q": query})
    assert response.status_code in {200, 400}
    assert_escaped(response.content.decode())


@pytest.mark.parametrize(
    ("number", "last4"),
    [(SCRIPT, "1234"), (NUL, "1234"), ("JZ2026000001", "12\x0034"), (HUGE, "1")],
)
def test_progress_lookup_with_hostile_input_never_fails(db, number, last4):
    response = quiet().get("/api/v1/progress", {"number": number, "phone_last4": last4})
    assert response.status_code in {404, 422}
    assert response["Content-Type"].startswith("application/json")
    assert_escaped(response.content.decode())


def test_hostile_intake_text_is_escaped_on_case_page_receipt_and_list(
    login, staff, town, item
):
    client = login(staff["clerk"])
    response = client.post(
        CREATE_URL,
        application(
            item,
            town,
            applicant_name=IMG[:50],
            address=SCRIPT + ASTRAL + TEMPLATE,
            description=" ".join(HOSTILE),
        ),
    )
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.description == " ".join(HOSTILE)
    receipt = case.notices.get(kind=Notice.Kind.RECEIPT)
    for url in (
        f"/admin/cases/case/{case.number}/",
        f"/admin/cases/case/{case.number}/notices/{receipt.number}/",
        "/admin/cases/case/",
    ):
        page = client.get(url)
        assert page.status_code == 200, url
        assert_escaped(page.content.decode())


@pytest.mark.parametrize(
    "field", ["applicant_name", "address", "description", "members-0-name"]
)
@pytest.mark.parametrize("value", [NUL, "低保\x07申请", "低保\x9b申请"])
def test_intake_with_control_characters_is_refused_with_a_message(
    login, staff, town, item, field, value
):
    response = login(staff["clerk"]).post(
        CREATE_URL, application(item, town, **{field: value})
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "登记未保存" in page and "含有不可见的控制字符（U+" in page
    assert not Case.objects.exists()


def test_intake_text_is_brought_to_nfc_without_invisible_characters(
    login, staff, town, item
):
    """输入文本规范化: an override, zero-width spaces and a decomposed accent
    are stored as a reader sees them; nothing is refused."""
    response = login(staff["clerk"]).post(
        CREATE_URL,
        application(
            item,
            town,
            applicant_name="王\u200b小\ufeff明",
            address=RTL,
            description="Jose\u0301 \u2066说明\u2069",
        ),
    )
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.applicant.name == "王小明"
    assert case.applicant.address == "报告fdp.exe"
    assert case.description == "José 说明"


def test_intake_with_100k_character_description_never_fails(login, staff, town, item):
    client = login(staff["clerk"])
    client.raise_request_exception = False
    response = client.post(CREATE_URL, application(item, town, description=HUGE))
    assert response.status_code in {200, 302, 400}
    if response.status_code != 302:
        assert not Case.objects.exists()


@pytest.mark.parametrize("reason", [NUL, RTL, SCRIPT, HUGE])
def test_case_action_with_hostile_reason_never_fails(login, staff, case, reason):
    DepartmentFactory(code="jiaoyu", name="县教育局")
    client = login(staff["clerk"])
    client.raise_request_exception = False
    response = client.post(
        f"/admin/cases/case/{case.number}/refer/",
        {
            "refer-department": "jiaoyu",
            "refer-reason": reason,
            "refer-due_working_days": 3,
        },
    )
    assert response.status_code in {200, 302, 400}
    if reason in (NUL, HUGE):
        assert not Referral.objects.exists()
    if reason == RTL:
        assert Referral.objects.get().reason == "报告fdp.exe"
    page = client.get(f"/admin/cases/case/{case.number}/").content.decode()
    assert_escaped(page)


def test_hostile_guide_material_names_are_escaped_on_the_notice_and_receipt(
    login, staff, town, site_tree
):
    """Material names come from the published guide (page text typed by an
    editor) into every case's checklist, receipt and one-time notice."""
    formula = '=HYPERLINK("http://evil.example","点我")'
    guide = make_guide(
        site_tree,
        title="恶意材料名称的指南",
        assistance_type=AssistanceTypeFactory(code="hostile", name="临时救助"),
        materials=[IMG, formula, SCRIPT],
    )
    case = received_case(
        staff["clerk"], town, assistance_type=guide.assistance_type, materials=[IMG]
    )
    client = login(staff["clerk"])
    client.raise_request_exception = False
    response = client.post(
        f"/admin/cases/case/{case.number}/one-time-notice/",
        {
            "notice-m0_include": "on",
            "notice-m0_reason": TEMPLATE + SCRIPT,
            "notice-m1_include": "on",
            "notice-m1_reason": IMG,
        },
    )
    assert response.status_code == 302
    notice = case.notices.get(kind=Notice.Kind.ONE_TIME)
    receipt = case.notices.get(kind=Notice.Kind.RECEIPT)
    for url in (
        f"/admin/cases/case/{case.number}/",
        f"/admin/cases/case/{case.number}/notices/{notice.number}/",
        f"/admin/cases/case/{case.number}/notices/{receipt.number}/",
    ):
        page = client.get(url)
        assert page.status_code == 200, url
        assert_escaped(page.content.decode())
    printed = client.get(
        f"/admin/cases/case/{case.number}/notices/{notice.number}/"
    ).content.decode()
    assert "{{7*7}}" in printed and formula.replace('"', "&quot;") in printed
