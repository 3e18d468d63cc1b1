"""Browser journeys in Debian's headless Chromium, driven by Playwright.

Playwright's own browser download does not work on our machines, so the tests
launch the system Chromium (CHROMIUM_PATH, default /usr/bin/chromium). Without a
browser the tests skip, except under CI, where a missing browser is a failure.
Every step saves a full-page screenshot under test-artifacts/e2e/ (or
E2E_ARTIFACTS_DIR) so a person can look at what the journey saw.
"""

import contextlib
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connections

from portal.demo import DEMO_PASSWORD
from tests.factories.demo_content import put_demo_in_place

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DEFAULT_TIMEOUT_MS = 15_000
ARTIFACTS_DIR = Path(
    os.environ.get(
        "E2E_ARTIFACTS_DIR",
        Path(__file__).resolve().parents[2] / "test-artifacts" / "e2e",
    )
)


def ci_is_set() -> bool:
    return os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}


@pytest.fixture(scope="session")
def chromium() -> str:
    """The browser's path; skip without one, unless under CI."""
    configured = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    path = shutil.which(configured)
    if path is None:
        message = (
            f"no Chromium at CHROMIUM_PATH={configured!r} "
            "(install Debian's chromium, or set CHROMIUM_PATH)"
        )
        if ci_is_set():
            pytest.fail(f"CI is set, so the e2e tests must run: {message}")
        pytest.skip(message)
    return path


@pytest.fixture
def demo_site(live_server):
    """The demo content and accounts, in the database the live server reads:
    seeded by the first browser test of each test process, put back from a copy
    for the others (tests/factories/demo_content.py)."""
    put_demo_in_place()
    return live_server


# Wagtail's admin scrolls inside <main class="content-wrapper"> with every
# ancestor as tall as the window, so a "full page" screenshot would show only the
# first screen. For the shot, that chain grows to its content (set through the
# CSSOM, which a Content-Security-Policy allows), and is put back afterwards.
UNCLIP = """() => {
    const main = document.querySelector("main.content-wrapper");
    if (!main || main.scrollHeight <= main.clientHeight) return null;
    const saved = [];
    for (let el = main; el; el = el.parentElement) {
        saved.push([el.style.height, el.style.maxHeight, el.style.overflow]);
        el.style.height = "auto";
        el.style.maxHeight = "none";
        el.style.overflow = "visible";
    }
    return saved;
}"""
RECLIP = """(saved) => {
    let el = document.querySelector("main.content-wrapper");
    for (const [height, maxHeight, overflow] of saved) {
        el.style.height = height;
        el.style.maxHeight = maxHeight;
        el.style.overflow = overflow;
        el = el.parentElement;
    }
}"""


class Shots:
    """Numbered full-page screenshots of one test's steps."""

    def __init__(self, page, test_name: str):
        self.page = page
        self.folder = ARTIFACTS_DIR / re.sub(r"[^\w.-]+", "_", test_name)
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.count = 0

    def __call__(self, step: str, *, page=None) -> Path:
        """Save the step; ``page`` for another tab (a print view opened apart)."""
        self.count += 1
        path = self.folder / f"{self.count:02d}-{step}.png"
        page = page or self.page
        saved = page.evaluate(UNCLIP)
        page.screenshot(path=str(path), full_page=True, animations="disabled")
        if saved:
            page.evaluate(RECLIP, saved)
        return path


def current_totp_code(username: str) -> str:
    """The account's current two-factor code (TOTP), for the verify step."""
    from tests.factories.accounts import current_code

    return current_code(username)


def staff_login(page, base_url: str, username: str, password: str = DEMO_PASSWORD):
    """Log in through /admin/login/ as a person does, and land where they land.

    When the account has two-factor authentication, the password step leads to
    /admin/2fa/verify/ with a 验证码 field (otp_token); the code is typed there.
    """
    from playwright.sync_api import expect

    page.goto(base_url + "/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator('form button[type="submit"]').click()
    page.wait_for_url(lambda url: "/admin/login/" not in url)
    otp = page.locator("input[name=otp_token]")
    if otp.count():
        otp.fill(current_totp_code(username))
        page.get_by_role("button", name="验证", exact=True).click()
    # Case roles land on 我的待办, others on the dashboard.
    expect(page).to_have_url(re.compile(r"/admin/(cases/my-work/)?$"))


@pytest.fixture
def page(chromium, demo_site, request, monkeypatch) -> Iterator:
    """A fresh browser (own empty profile) on the seeded demo site.

    Playwright's sync API keeps an asyncio loop running in this thread while the
    browser is open. Django then refuses ORM calls unless DJANGO_ALLOW_ASYNC_UNSAFE
    is set (the tests' ORM calls between browser steps are plain synchronous
    code), and hands out connections of their own for that time. So the browser
    starts after the database is seeded and stops, with those connections
    closed, before pytest-django flushes the database; the variable is set only
    here, so it never reaches other tests (Django's deploy check rejects it).
    """
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, headless=True, args=CHROMIUM_FLAGS
        )
        context = browser.new_context(
            locale="zh-CN",
            timezone_id="Asia/Shanghai",
            viewport={"width": 1280, "height": 900},
        )
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        page = context.new_page()
        page.shots = Shots(page, request.node.name)
        try:
            yield page
            report = getattr(request.node, "e2e_call_report", None)
            if report is not None and report.failed:
                # What the browser showed when the step failed, if it still can.
                with contextlib.suppress(PlaywrightError):
                    page.shots("failed")
        finally:
            connections.close_all()
            browser.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.e2e_call_report = report
    return report
