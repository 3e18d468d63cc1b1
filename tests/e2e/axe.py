"""axe-core (axe-playwright-python, its bundled axe.min.js) over a loaded page.

Only serious and critical violations fail a test; each is reported as
``rule (impact) selector: message`` so a failure names what to fix. The script
is put in through the browser's devtools protocol, which the site's
Content-Security-Policy does not govern, so the pages are checked with their
real policy in force.
"""

from axe_playwright_python.sync_playwright import Axe

FAILING_IMPACTS = {"serious", "critical"}
# WCAG 2.1 A and AA, and axe's best practices (landmarks, headings, …).
OPTIONS = {
    "resultTypes": ["violations"],
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
    },
}

_axe = Axe()


def serious_violations(page, where: str) -> list[str]:
    """The page's serious and critical violations, each named with ``where``."""
    results = _axe.run(page, options=OPTIONS).response
    found = []
    for violation in results["violations"]:
        if violation["impact"] not in FAILING_IMPACTS:
            continue
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            summary = node.get("failureSummary", "").replace("\n", " ")[:200]
            found.append(
                f"{where}: {violation['id']} ({violation['impact']}) "
                f"{target}: {summary}"
            )
    return found
