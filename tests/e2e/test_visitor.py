"""A member of the public reads a service guide, searches and prints it."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHRASE = "临时救助"
HAN = re.compile(r"[\u4e00-\u9fff]")


def test_keyboard_tab_from_page_start_focuses_skip_link(demo_site, page):
    page.goto(demo_site.url + "/")
    page.keyboard.press("Tab")
    skip = page.locator("a.skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.shots("skip-link-focused")

    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))
    expect(page.locator("main#main")).to_be_focused()
    page.shots("main-focused")


def test_visitor_reads_guide_searches_and_prints_with_reading_aids(demo_site, page):
    shot = page.shots
    page.goto(demo_site.url + "/")
    expect(page.locator("body")).to_have_class(re.compile(r"\bpage-home\b"))
    shot("home")

    # Home → the 临时救助 service guide.
    page.get_by_role("link", name=re.compile(PHRASE)).first.click()
    expect(page.locator("h1")).to_contain_text(PHRASE)
    expect(page.locator("body")).to_have_class(re.compile(r"\bpage-guide\b"))
    expect(page.locator("#process .steps li").first).to_be_visible()
    guide_url = page.url
    shot("guide")

    # Its flowchart page, with the steps drawn as SVG.
    page.locator('a[href$="/flowchart/"]').first.click()
    expect(page).to_have_url(re.compile(r"/flowchart/$"))
    expect(page.locator("h1")).to_contain_text("流程图")
    expect(page.locator("main svg").first).to_be_visible()
    shot("flowchart")

    # The site search finds the phrase inside a sentence and highlights it.
    search_box = page.locator("#site-search-q")
    search_box.fill(PHRASE)
    search_box.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?"))
    marks = page.locator(".search-results mark")
    expect(marks.first).to_have_text(PHRASE)
    texts_before_marks = page.eval_on_selector_all(
        ".search-results mark",
        "marks => marks.map(m => m.previousSibling?.textContent ?? '')",
    )
    assert any(HAN.search(text[-1:]) for text in texts_before_marks), (
        "no highlighted hit in the middle of a Chinese sentence: "
        f"{texts_before_marks!r}"
    )
    shot("search-results")

    # Back to the guide, switch on the reading aids by their links.
    page.goto(guide_url)
    body = page.locator("body")
    for aid, body_class in (
        ("font-large", "font-large"),
        ("contrast-high", "high-contrast"),
        ("elder-on", "elder-mode"),
    ):
        page.locator(f'a[data-aid="{aid}"]').first.click()
        expect(body).to_have_class(re.compile(rf"\b{body_class}\b"))
        shot(f"aid-{aid}")
    assert page.url == guide_url, "a reading-aid link should return to the page"
    expect(body).to_have_class(re.compile(r"\bfont-large\b"))
    expect(body).to_have_class(re.compile(r"\bhigh-contrast\b"))
    expect(body).to_have_class(re.compile(r"\belder-mode\b"))

    # The print view: the browser's print media, aids still applied.
    page.emulate_media(media="print")
    expect(page.locator("h1")).to_contain_text(PHRASE)
    expect(page.locator(".aids-bar")).to_be_hidden()
    expect(page.locator("#site-search-q")).to_be_hidden()
    expect(page.locator("#materials")).to_be_visible()
    shot("print")
