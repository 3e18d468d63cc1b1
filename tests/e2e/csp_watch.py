"""Watching a browser page for Content-Security-Policy violations.

Every document (and frame) records its securitypolicyviolation events into
window.__cspViolations; the console's "Content Security Policy" messages are
collected too (they also cover frames refused by frame-ancestors).
"""

import re

from playwright.sync_api import expect

from .conftest import staff_login

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline"}` +
      ` at ${event.sourceFile}:${event.lineNumber}`
  );
});
"""
CSP_CONSOLE = re.compile(r"Content Security Policy|Refused to", re.IGNORECASE)


class ViolationWatch:
    def __init__(self, page):
        self.page = page
        self.console: list[str] = []
        page.add_init_script(RECORD_VIOLATIONS)
        page.on("console", self._on_console)

    def _on_console(self, message):
        if CSP_CONSOLE.search(message.text):
            self.console.append(message.text)

    def collect(self) -> list[str]:
        """The violations since the last collect (each is reported once)."""
        found = list(self.console)
        self.console.clear()
        for frame in self.page.frames:
            found += frame.evaluate("(window.__cspViolations || []).splice(0)")
        return found

    def check(self, step: str) -> None:
        """A screenshot of the step, which must have caused no violation."""
        self.page.shots(step)
        assert self.collect() == [], f"CSP violations at step {step!r}"

    def visit(self, url: str, step: str) -> None:
        response = self.page.goto(url)
        assert response is not None and response.status == 200, (url, response)
        assert "script-src 'self'" in response.headers["content-security-policy"]
        self.page.wait_for_load_state("networkidle")
        self.check(step)


def log_in_as_superuser(page, base_url: str) -> None:
    staff_login(page, base_url, "admin")
    expect(page).to_have_url(re.compile(r"/admin/$"))
