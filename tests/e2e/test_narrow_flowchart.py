"""On a phone (≤ 480 px) a guide's flowchart is a vertical list of its steps.

At 375 px the drawing's text would be a few pixels high; the flowchart page
shows its steps as a list instead, top to bottom, and the guide page shows the
list of steps it always had. On a desktop the drawing is back and the extra list
is hidden. The guide page also links its print view and its poster.
"""

import re

import pytest
from playwright.sync_api import expect

from portal.models import ServiceGuidePage

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_flowchart_is_a_vertical_list_of_steps_on_a_phone(demo_site, page):
    guide = ServiceGuidePage.objects.get(slug="linshi")
    steps = guide.ordered_steps()
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(demo_site.url + guide.url + "flowchart/")
    expect(page.locator("main svg.flowchart")).to_be_hidden()
    items = page.locator(".flowchart-list li")
    expect(items).to_have_count(len(steps))
    boxes = [items.nth(n).bounding_box() for n in range(len(steps))]
    assert all(b["width"] > 0 for b in boxes)
    tops = [b["y"] for b in boxes]
    assert tops == sorted(tops) and len(set(tops)) == len(tops)  # one under another
    assert len({round(b["x"]) for b in boxes}) == 1  # in one column
    for n, step in enumerate(steps):
        expect(items.nth(n)).to_contain_text(step.title)
    assert not page.evaluate(
        "() => document.documentElement.scrollWidth > window.innerWidth + 1"
    )
    page.shots("flowchart-375")

    page.goto(demo_site.url + guide.url)
    expect(page.locator("#process svg.flowchart")).to_be_hidden()
    expect(page.locator("#process .steps li")).to_have_count(len(steps))
    page.shots("guide-375")

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(demo_site.url + guide.url + "flowchart/")
    expect(page.locator("main svg.flowchart")).to_be_visible()
    expect(page.locator(".flowchart-list")).to_be_hidden()


def test_guide_page_links_its_print_view_and_poster(demo_site, page):
    guide = ServiceGuidePage.objects.get(slug="linshi")
    page.goto(demo_site.url + guide.url)
    links = page.locator(".print-links a")
    expect(links).to_have_count(2)
    expect(links.nth(1)).to_have_attribute("href", re.compile(r"/poster\.pdf$"))
    links.first.click()
    expect(page).to_have_url(re.compile(r"/print/$"))
    expect(page.locator("h1")).to_contain_text(guide.title)
