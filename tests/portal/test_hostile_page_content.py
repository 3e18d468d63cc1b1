"""Hostile text in page fields: published through the admin, shown inert everywhere.

A service guide, a policy and the complaint channel are filled, through the page
editor as an editor's browser would post them, with markup, attribute breakouts,
javascript: links, template syntax and spreadsheet formulas. Every place that
shows page text answers, never with a 500, and shows it as words: the public
page, its flowchart, the print view, the poster PDF, the verification page, the
site search, the posting register and the admin; the case documents built from
the guide's materials list too. Control and direction characters are refused
with a message; text too long for its field is refused, a long body is shown.
"""

import io
import json

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from portal.models import (
    ComplaintChannelPage,
    Department,
    PolicyPage,
    ServiceGuidePage,
)
from portal.offline.register import posting_record
from tests.factories import AssistanceTypeFactory, ServicePointFactory, UserFactory
from tests.portal.printing import current_of, require_pdf_renderer

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
TEMPLATE = "{{ 7*7 }}{% debug %}"
FORMULA = '=HYPERLINK("http://evil.example","点我")'
COMMAND = "+cmd|' /C calc'!A0"
JS_URL = "javascript:alert(document.cookie)"
NUL = "低保\x00申请"
RTL = "申请表\u202egpj.exe"
HUGE = "救" * 100_000
CONTROL_MESSAGE = "含有不可见的控制字符（U+"
ESCAPE = "申请表\x1b[31m"
NUL_MESSAGE = "不能含有空字符"
# What must never reach a page as markup.
LIVE_MARKUP = ("<script>alert", "<img src=x", 'href="javascript:', "href='javascript:")


def contentstate(text: str, link_url: str | None = None) -> str:
    """Draftail's JSON for one paragraph, as the editor's browser posts it; with
    link_url, the last two characters link there."""
    ranges, entities = [], {}
    if link_url:
        ranges = [{"offset": len(text) - 2, "length": 2, "key": 0}]
        entities = {
            "0": {"type": "LINK", "mutability": "MUTABLE", "data": {"url": link_url}}
        }
    block = {
        "key": "b0",
        "type": "unstyled",
        "depth": 0,
        "text": text,
        "inlineStyleRanges": [],
        "entityRanges": ranges,
    }
    return json.dumps({"blocks": [block], "entityMap": entities})


def hostile_body(long_text: str = "") -> dict:
    blocks = [
        ("heading", {"text": TEMPLATE, "level": "h2"}),
        ("paragraph", contentstate(f"{SCRIPT}{IMG}{FORMULA} 点我", JS_URL)),
        ("callout", {"title": IMG, "text": contentstate(f"{TEMPLATE} 点我", JS_URL)}),
    ]
    if long_text:
        blocks.append(("paragraph", contentstate(long_text)))
    return streamfield(blocks)


def guide_form(assistance_type, **overrides) -> dict:
    fields = {
        "title": f"临时救助{SCRIPT}{IMG}",
        "slug": "hostile-guide",
        "summary": f"{TEMPLATE} {FORMULA}",
        "assistance_type": assistance_type.pk,
        "eligibility": contentstate(f"{SCRIPT} 家庭困难的可以申请 点我", JS_URL),
        "legal_bases": inline_formset([{"citation": FORMULA}]),
        "steps": inline_formset(
            [
                {
                    "title": IMG,
                    "stage": "apply",
                    "level": "applicant",
                    "time_limit_days": 0,
                    "description": SCRIPT + TEMPLATE,
                },
                {
                    "title": "受理",
                    "stage": "accept",
                    "level": "township",
                    "time_limit_days": 1,
                    "description": COMMAND,
                },
            ],
            min=1,
        ),
        "materials": inline_formset(
            [
                {
                    "name": FORMULA,
                    "form": "original",
                    "copies": 1,
                    "required": "on",
                    "note": IMG,
                },
                {"name": IMG, "form": "copy", "copies": 2, "note": COMMAND},
            ]
        ),
        "total_time_limit_days": 15,
        "public_notice_days": 0,
        "review_cycle_months": 12,
        "varying_income_review_months": 6,
        "fee": FORMULA,
        "phone": COMMAND,
        "online_application_url": "",
        "body": hostile_body(),
        "comments": inline_formset([]),
    }
    fields.update(overrides)
    return nested_form_data(fields)


def policy_form(**overrides) -> dict:
    fields = {
        "title": f"关于{IMG}的通知",
        "slug": "hostile-policy",
        "summary": SCRIPT,
        "document_number": FORMULA[:40],
        "issuing_body": COMMAND,
        "issue_date": "2026-03-01",
        "status": "in_force",
        "forwarded_document_number": TEMPLATE,
        "body": hostile_body(),
        "attachments": inline_formset([]),
        "comments": inline_formset([]),
    }
    fields.update(overrides)
    return nested_form_data(fields)


def channel_form(**overrides) -> dict:
    fields = {
        "title": f"监督投诉{SCRIPT}",
        "slug": "complaints",
        "summary": IMG,
        "hotline": "12349",
        "phones": inline_formset(
            [{"label": IMG, "number": COMMAND[:40], "hours": TEMPLATE}]
        ),
        "letter_recipient": FORMULA[:100],
        "letter_address": SCRIPT,
        "postcode": "",
        "email": "",
        "visit_address": IMG,
        "visit_hours": TEMPLATE,
        "response_days": 10,
        "online_form_intro": f"{SCRIPT}\n{FORMULA}",
        "body": hostile_body(),
        "comments": inline_formset([]),
    }
    fields.update(overrides)
    return nested_form_data(fields)


@pytest.fixture
def admin_user(site_tree):
    return UserFactory(is_superuser=True, is_staff=True)


@pytest.fixture
def editor(admin_user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(admin_user)
    return client


def add_url(model: str, parent: Page) -> str:
    return reverse("wagtailadmin_pages:add", args=("portal", model, parent.pk))


def publish(client: Client, url: str, form: dict):
    return client.post(url, {**form, "action-publish": "action-publish"})


@pytest.fixture
def hostile_pages(editor, site_tree):
    item = AssistanceTypeFactory(code="linshi", name="临时救助")
    answers = [
        publish(
            editor, add_url("serviceguidepage", site_tree.guides), guide_form(item)
        ),
        publish(editor, add_url("policypage", site_tree.policies), policy_form()),
        publish(
            editor,
            reverse("wagtailadmin_pages:edit", args=(site_tree.complaints.pk,)),
            channel_form(),
        ),
    ]
    assert [a.status_code for a in answers] == [302, 302, 302]
    return [
        ServiceGuidePage.objects.live().get(slug="hostile-guide"),
        PolicyPage.objects.live().get(slug="hostile-policy"),
        ComplaintChannelPage.objects.live().get(pk=site_tree.complaints.pk),
    ]


def assert_inert(response, where: str) -> str:
    assert response.status_code == 200, where
    text = response.content.decode()
    for raw in LIVE_MARKUP:
        assert raw not in text, f"{where}: {raw}"
    return text


def test_hostile_page_text_is_kept_as_written(hostile_pages):
    guide, policy, channel = hostile_pages
    assert guide.title == f"临时救助{SCRIPT}{IMG}"
    assert [m.name for m in guide.materials.all()] == [FORMULA, IMG]
    assert policy.issuing_body == COMMAND
    assert channel.online_form_intro == f"{SCRIPT}\n{FORMULA}"
    # The javascript: links lost their target; their words stayed.
    assert "javascript" not in guide.eligibility and "点我" in guide.eligibility


def test_hostile_page_text_is_escaped_on_public_pages_and_never_evaluated(
    client, hostile_pages, site_tree
):
    guide = hostile_pages[0]
    for page in hostile_pages:
        html = assert_inert(client.get(page.url), page.url)
        assert "{{ 7*7 }}" in html and "{% debug %}" in html, page.url
    for page in (site_tree.guides, site_tree.policies, site_tree.home):
        assert_inert(client.get(page.url), page.url)
    html = assert_inert(client.get(guide.url + "flowchart/"), "flowchart")
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    svg = client.get(guide.url + "flowchart/svg/")
    assert svg["Content-Type"] == "image/svg+xml"
    assert_inert(svg, "flowchart svg")


def test_hostile_page_text_is_escaped_in_print_views_and_verification(
    client, hostile_pages
):
    for page in hostile_pages:
        html = assert_inert(client.get(page.url + "print/"), page.url + "print/")
        assert "{{ 7*7 }}" in html
        code = current_of(page).code
        assert_inert(client.get(f"/verify/{code}/"), f"verify {page.url}")
        data = client.get(f"/verify/{code}/", HTTP_ACCEPT="application/json")
        assert data.status_code == 200


def test_hostile_page_text_is_printed_as_words_on_the_poster(client, hostile_pages):
    require_pdf_renderer()
    for page in hostile_pages:
        response = client.get(page.url + "poster.pdf")
        assert response.status_code == 200, page.url
        assert response["Content-Type"] == "application/pdf"
        text = "".join(
            p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages
        )
        assert "alert(1)" in text, page.url


@pytest.mark.parametrize("query", ["alert", "onerror", "HYPERLINK", "7*7", "点我"])
def test_site_search_over_hostile_pages_shows_inert_snippets(
    client, hostile_pages, query
):
    assert_inert(client.get("/search/", {"q": query}), f"search {query}")


def test_hostile_page_text_is_escaped_in_the_posting_register(
    editor, admin_user, hostile_pages
):
    point = ServicePointFactory(code="hostile-window")
    for page in hostile_pages:
        posting_record(by=admin_user, service_point=point, page=page, form="wall")
    for name, args in (
        ("offline_dashboard", ()),
        ("offline_point", (point.code,)),
        ("offline_tasks", ()),
        ("offline_posting_record", (point.code,)),
    ):
        assert_inert(editor.get(reverse(name, args=args)), name)


def test_hostile_page_text_is_escaped_in_the_admin(editor, hostile_pages, site_tree):
    for page in hostile_pages:
        assert_inert(
            editor.get(reverse("wagtailadmin_pages:edit", args=(page.pk,))),
            f"edit {page.pk}",
        )
        assert_inert(
            editor.get(reverse("wagtailadmin_pages:history", args=(page.pk,))),
            f"history {page.pk}",
        )
    for parent in (site_tree.guides, site_tree.policies, site_tree.home):
        assert_inert(
            editor.get(reverse("wagtailadmin_explore", args=(parent.pk,))),
            f"explore {parent.pk}",
        )
    assert_inert(editor.get("/admin/pages/search/", {"q": "alert"}), "admin search")


GUIDE_FIELDS = pytest.mark.parametrize(
    ("field", "wrap"),
    [
        ("title", None),
        ("summary", None),
        ("fee", None),
        ("steps", "step"),
        ("materials", "material"),
        ("eligibility", "rich"),
        ("body", "stream"),
    ],
)


def guide_override(field, wrap, value):
    if wrap == "step":
        step = {"title": value, "stage": "apply", "level": "applicant"}
        return inline_formset([{**step, "time_limit_days": 0}], min=1)
    if wrap == "material":
        return inline_formset([{"name": value, "form": "original", "copies": 1}])
    if wrap == "rich":
        return contentstate(value)
    if wrap == "stream":
        return streamfield([("paragraph", contentstate(value))])
    return value


@GUIDE_FIELDS
def test_page_text_is_published_without_invisible_characters(
    editor, site_tree, field, wrap
):
    """输入文本规范化: the override and zero-width characters are removed (they
    print as nothing), a decomposed accent composed; the rest is kept."""
    item = AssistanceTypeFactory()
    value = RTL + "\u200b\ufeffJose\u0301"
    response = publish(
        editor,
        add_url("serviceguidepage", site_tree.guides),
        guide_form(item, **{field: guide_override(field, wrap, value)}),
    )
    assert response.status_code == 302
    page = ServiceGuidePage.objects.get(slug="hostile-guide")
    text = "\n".join(
        [
            page.plain_text(),
            page.fee,
            *page.steps.values_list("title", flat=True),
            *page.materials.values_list("name", flat=True),
        ]
    )
    assert "申请表gpj.exeJosé" in text
    assert not {"\u202e", "\u200b", "\ufeff", "\u0301"} & set(text)


@pytest.mark.parametrize("value", [NUL, ESCAPE])
@pytest.mark.parametrize(
    ("field", "wrap"),
    [
        ("title", None),
        ("summary", None),
        ("fee", None),
        ("steps", "step"),
        ("materials", "material"),
        ("eligibility", "rich"),
        ("body", "stream"),
    ],
)
def test_page_text_with_control_characters_is_refused_with_a_message(
    editor, site_tree, field, wrap, value
):
    item = AssistanceTypeFactory()
    if wrap == "step":
        override = inline_formset(
            [{"title": value, "stage": "apply", "level": "applicant"}], min=1
        )
    elif wrap == "material":
        override = inline_formset([{"name": value, "form": "original", "copies": 1}])
    elif wrap == "rich":
        override = contentstate(value)
    elif wrap == "stream":
        override = streamfield([("paragraph", contentstate(value))])
    else:
        override = value
    response = publish(
        editor,
        add_url("serviceguidepage", site_tree.guides),
        guide_form(item, **{field: override}),
    )
    assert response.status_code == 200
    page = response.content.decode()
    # StreamField errors reach the page as JSON for the editor's script.
    assert any(
        shown in page
        for message in (CONTROL_MESSAGE, NUL_MESSAGE)
        for shown in (message, json.dumps(message)[1:-1])
    )
    assert not ServiceGuidePage.objects.filter(slug="hostile-guide").exists()


@pytest.mark.parametrize("value", [NUL, "县教育局\x1b[31m", "县教育局\x9b"])
def test_directory_entry_with_control_characters_is_refused(editor, value):
    """Directory names are printed on pages, posters and case documents too."""
    response = editor.post(
        "/admin/snippets/portal/department/add/",
        {"code": "hostile", "name": value, "address": value, "sort_order": 0},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert CONTROL_MESSAGE in page or NUL_MESSAGE in page
    assert not Department.objects.filter(code="hostile").exists()


@pytest.mark.parametrize("field", ["title", "summary"])
def test_page_text_longer_than_its_field_is_refused_with_a_message(
    editor, site_tree, field
):
    response = publish(
        editor,
        add_url("policypage", site_tree.policies),
        policy_form(**{field: HUGE}),
    )
    assert response.status_code == 200
    assert "确保该变量包含不超过" in response.content.decode()
    assert not PolicyPage.objects.filter(slug="hostile-policy").exists()


def test_policy_with_a_100k_character_body_is_shown_and_printed_not_postered(
    editor, client, site_tree
):
    form = policy_form(body=hostile_body(long_text=HUGE))
    response = publish(editor, add_url("policypage", site_tree.policies), form)
    assert response.status_code == 302
    policy = PolicyPage.objects.live().get(slug="hostile-policy")
    for url in (policy.url, policy.url + "print/"):
        assert HUGE in assert_inert(client.get(url), url)
    # Laying out 100,000 characters takes longer than a worker may take.
    poster = client.get(policy.url + "poster.pdf")
    html = assert_inert(poster, "poster")
    assert "不适合制成上墙海报" in html and policy.url + "print/" in html
