"""axe-core finds no serious or critical violation on any screen the public or
the staff use, in any reading-aid mode; narrow phones keep the page usable.

One seeded demo site per test, each test sweeping many screens, so the module
stays quick: the sweep is a loop, not a test per screen.
"""

import re

import pytest
from playwright.sync_api import expect

from cases.models import Case, Complaint
from cases.public import spam
from portal.models import (
    ComplaintChannelPage,
    PolicyIndexPage,
    PolicyPage,
    ServiceGuideIndexPage,
    ServiceGuidePage,
    ServicePointIndexPage,
)
from portal.reading_aids import AIDS, COOKIE_PREFIX
from tests.conftest import reset_rate_limits

from .axe import serious_violations
from .conftest import staff_login

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# The default look, then each aid's other choices one at a time, then the
# heaviest combination (适老 with extra-large type and high contrast).
MODES = [
    {},
    *(
        {name: value}
        for name, aid in AIDS.items()
        for value in aid.choices
        if value != aid.default
    ),
    {"elder": "on", "font": "xlarge", "contrast": "high"},
]


@pytest.fixture
def visitor_allowance(monkeypatch):
    """Many progress look-ups from one browser: no rate limit, no 3-second guard."""
    reset_rate_limits()
    monkeypatch.setattr(spam, "MIN_SECONDS", 0)
    yield
    reset_rate_limits()


def _mode_name(mode: dict) -> str:
    return "+".join(f"{k}-{v}" for k, v in mode.items()) or "default"


def _set_mode(page, base: str, mode: dict) -> None:
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": COOKIE_PREFIX + k, "value": v, "url": base} for k, v in mode.items()]
    )


def _public_paths() -> list[tuple[str, str]]:
    def first(model):
        return model.objects.live().order_by("path").first()

    policy = first(PolicyPage)
    guide = first(ServiceGuidePage)
    channel = first(ComplaintChannelPage)
    return [
        ("home", "/"),
        ("policy-index", first(PolicyIndexPage).url),
        ("policy", policy.url),
        ("policy-print", policy.url + "print/"),
        ("guide-index", first(ServiceGuideIndexPage).url),
        ("guide", guide.url),
        ("guide-flowchart", guide.url + "flowchart/"),
        ("guide-print", guide.url + "print/"),
        ("channel", channel.url),
        ("channel-print", channel.url + "print/"),
        ("service-points", first(ServicePointIndexPage).url),
        ("search", "/search/?q=救助"),
        ("search-empty", "/search/?q=不存在的词语组合"),
        ("complaint-form", "/complaints/submit/"),
        ("progress", "/progress/"),
    ]


def _progress_result(page, base: str, number: str, phone: str) -> None:
    """The answer for a case (JZ…) or a named complaint (TS…): one form for both."""
    reset_rate_limits()
    page.goto(base + "/progress/")
    page.locator("input[name=number]").fill(number)
    page.locator("input[name=phone_last4]").fill(phone[-4:])
    page.locator("form.progress-form button[type=submit]").click()
    expect(page.locator(".progress-status")).to_be_visible()


def test_public_pages_in_every_reading_aid_mode_have_no_serious_violation(
    demo_site, page, visitor_allowance
):
    base = demo_site.url
    paths = _public_paths()
    case = (
        Case.objects.select_related("applicant")
        .filter(referrals__isnull=False)
        .order_by("number")
        .first()
    )
    complaint = Complaint.objects.exclude(phone="").order_by("number").first()
    found: list[str] = []
    for mode in MODES:
        name = _mode_name(mode)
        _set_mode(page, base, mode)
        for step, path in paths:
            response = page.goto(base + path)
            assert response.status == 200, (path, response.status)
            found += serious_violations(page, f"{name} {step}")
        _progress_result(page, base, case.number, case.applicant.phone)
        found += serious_violations(page, f"{name} progress-result")
        _progress_result(page, base, complaint.number, complaint.phone)
        found += serious_violations(page, f"{name} complaint-result")
        # A failed submit: the error texts are there for the checks too.
        page.goto(base + "/complaints/submit/")
        page.locator("#id_content").fill("   ")  # passes the browser, not the form
        page.locator("form.complaint-form button[type=submit]").click()
        expect(page.locator(".field-error").first).to_be_visible()
        found += serious_violations(page, f"{name} complaint-errors")
    page.shots("last-mode-complaint-errors")
    assert found == [], "\n".join(found)


def test_admin_screens_have_no_serious_violation(demo_site, page):
    base = demo_site.url
    case = Case.objects.order_by("number").first()
    found: list[str] = []
    page.goto(base + "/admin/login/")
    found += serious_violations(page, "login")

    staff_login(page, base, "admin")
    for step, path in [
        ("dashboard", "/admin/"),
        ("case-list", "/admin/cases/case/"),
        ("case-detail", f"/admin/cases/case/{case.number}/"),
        ("archive-search", "/admin/archive/?q=低保"),
        ("policy-import", "/admin/policies/import/"),
    ]:
        response = page.goto(base + path)
        assert response.status == 200, (path, response.status)
        found += serious_violations(page, step)

    page.context.clear_cookies()
    staff_login(page, base, "demo-clerk-1")
    response = page.goto(base + "/admin/cases/my-work/")
    assert response.status == 200
    found += serious_violations(page, "my-work")
    page.shots("my-work")
    assert found == [], "\n".join(found)


OVERFLOW = """() => {
    const width = document.documentElement.clientWidth;
    const scrolls = (el) => {
        for (let p = el.parentElement; p; p = p.parentElement) {
            const x = getComputedStyle(p).overflowX;
            if (["auto", "scroll"].includes(x)) return true;
        }
        return false;
    };
    const wide = Array.from(document.body.querySelectorAll("*")).filter((el) => {
        const box = el.getBoundingClientRect();
        return box.width > 0 && box.right > width + 1 && !scrolls(el);
    }).map((el) => el.tagName.toLowerCase() + "." + el.className);
    return {scroll: document.documentElement.scrollWidth - width, wide: wide};
}"""


def test_narrow_phones_neither_scroll_sideways_nor_push_the_content_down(
    demo_site, page
):
    base = demo_site.url
    guide = ServiceGuidePage.objects.live().order_by("path").first()
    paths = ["/", guide.url, "/complaints/submit/", "/progress/", "/search/?q=救助"]
    page.set_viewport_size({"width": 320, "height": 640})
    problems = []
    large = [{"font": "xlarge"}, {"elder": "on"}, {"elder": "on", "font": "xlarge"}]
    for mode in large:
        _set_mode(page, base, mode)
        for path in paths:
            page.goto(base + path)
            result = page.evaluate(OVERFLOW)
            if result["scroll"] > 0 or result["wide"]:
                problems.append((_mode_name(mode), path, result))
    page.shots("320-elder-xlarge")
    assert problems == []

    # 375 px: the reading aids fold behind one summary line (300-620 px of
    # options before); in the default look the page title is in the first screen.
    page.set_viewport_size({"width": 375, "height": 667})
    for mode in [{}, {"elder": "on", "font": "xlarge"}]:
        _set_mode(page, base, mode)
        page.goto(base + guide.url)
        bar = page.locator(".aids-bar").bounding_box()
        assert bar["height"] <= 100, (_mode_name(mode), bar)
        if not mode:
            assert page.locator("main h1").first.bounding_box()["y"] < 400
        toggle = page.locator(".aids-toggle")
        expect(toggle).to_be_visible()
        expect(page.locator(".aid-option").first).to_be_hidden()
        page.shots(f"375-{_mode_name(mode)}-folded")
        toggle.click()
        expect(page.locator(".aid-option").first).to_be_visible()
        page.shots(f"375-{_mode_name(mode)}-open")
        # Choosing an aid still works from the unfolded bar (a plain link).
        page.locator("[data-aid='font-large']").click()
        expect(page.locator("html")).to_have_class(re.compile(r"\bfont-large\b"))


def test_a_failed_submit_moves_focus_to_the_first_invalid_field(
    demo_site, page, visitor_allowance
):
    base = demo_site.url
    page.goto(base + "/complaints/submit/")
    form = page.locator("form.complaint-form")
    expect(form.locator("input[name=name]")).to_have_attribute("autocomplete", "name")
    expect(form.locator("input[name=phone]")).to_have_attribute("autocomplete", "tel")
    expect(form.locator("input[name=phone]")).to_have_attribute("type", "tel")
    form.locator("#id_content").fill("   ")
    form.get_by_role("button", name="提交投诉").click()
    expect(page.locator("#id_content")).to_be_focused()
    expect(page.locator("#id_content")).to_have_attribute("aria-invalid", "true")
    page.shots("complaint-focus")

    page.goto(base + "/progress/")
    last4 = page.locator("input[name=phone_last4]")
    expect(last4).to_have_attribute("inputmode", "numeric")
    expect(last4).to_have_attribute("autocomplete", "off")
    page.get_by_label("案件编号").fill("JZ1")
    page.get_by_role("button", name="查询").click()
    expect(last4).to_be_focused()
    page.shots("progress-focus")

    # Not found: the form is valid, so focus goes to the message that says so.
    reset_rate_limits()
    page.get_by_label("案件编号").fill("JZ2026999999")
    page.get_by_label("联系电话后4位").fill("0000")
    page.get_by_role("button", name="查询").click()
    expect(page.locator(".form-errors")).to_be_focused()

    page.context.clear_cookies()
    page.goto(base + "/admin/login/")
    expect(page.locator("#id_username")).to_have_attribute("autocomplete", "username")
    expect(page.locator("#id_password")).to_have_attribute(
        "autocomplete", "current-password"
    )
