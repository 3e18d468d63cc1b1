"""A window tablet (768 px wide): the clerk's case page and intake form are usable.

Usable here means: the page does not scroll sideways (a wide table scrolls
inside its own box), every field and button is within the screen and large
enough to tap (a checkbox is tapped through its label), and the action bar
shows the steps at the top. Each
screen is saved as a screenshot for a person to look at.
"""

import pytest
from playwright.sync_api import expect

from cases.models import Case

from .conftest import staff_login

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WIDTH, HEIGHT = 768, 1024
MIN_TAP = 32  # px: a finger's width on a window tablet, less a margin

# Elements wider than the screen, or reaching past its right edge, that are not
# inside a box that scrolls on its own.
OVERFLOWING = """(width) => {
    const scrolls = (el) => {
        for (let p = el.parentElement; p; p = p.parentElement) {
            const style = getComputedStyle(p);
            const own = ["auto", "scroll"].includes(style.overflowX);
            if (own && p.scrollWidth > p.clientWidth) return true;
        }
        return false;
    };
    const main = document.querySelector("main") || document.body;
    const shown = "input, select, textarea, button, a.button, p, h2, dd";
    return Array.from(main.querySelectorAll(shown))
        .filter((el) => {
            const box = el.getBoundingClientRect();
            return box.width > 0 && box.right > width + 1 && !scrolls(el);
        })
        .map((el) => el.outerHTML.slice(0, 120));
}"""

SMALL_CONTROLS = """(least) => Array.from(document.querySelectorAll(
    "main button, main a.button, main select, "
    + "main input:not([type=hidden]):not([type=checkbox]):not([type=radio])"
)).filter((el) => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && box.height < least;
}).map((el) => el.outerHTML.slice(0, 120))"""


def page_scrolls_sideways(page) -> bool:
    return page.evaluate(
        "() => document.documentElement.scrollWidth > window.innerWidth + 1"
    )


def check_usable(page) -> None:
    assert not page_scrolls_sideways(page)
    assert page.evaluate(OVERFLOWING, WIDTH) == []
    assert page.evaluate(SMALL_CONTROLS, MIN_TAP) == []


def test_rules_the_case_page_is_usable_on_a_window_tablet(demo_site, page):
    page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
    staff_login(page, demo_site.url, "demo-clerk-1")
    case = (
        Case.objects.filter(
            township__code="dongling",
            status=Case.Status.RECEIVED,
            handler__username="demo-clerk-1",
        )
        .order_by("received_at")
        .first()
    )
    page.goto(f"{demo_site.url}/admin/cases/case/{case.number}/")
    bar = page.get_by_role("region", name="办理栏")
    expect(bar).to_be_visible()
    assert bar.bounding_box()["y"] < HEIGHT / 2
    page.shots("case-page-768")
    check_usable(page)


def test_rules_the_intake_form_is_usable_on_a_window_tablet(demo_site, page):
    page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
    staff_login(page, demo_site.url, "demo-clerk-1")
    page.goto(f"{demo_site.url}/admin/cases/case/create/?assistance_type=linshi")
    expect(page.get_by_label("申请人姓名")).to_be_visible()
    page.shots("intake-768")
    check_usable(page)
