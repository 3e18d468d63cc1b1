"""No template of ours carries code or style the CSP would refuse.

script-src 'self' refuses inline <script> blocks, on*= handler attributes and
javascript: URLs; style-src 'self' refuses style="" attributes and <style>
blocks. JSON data blocks (json_script, type="application/json") are data, not
code, and stay allowed.
"""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE_DIRS = [ROOT / "templates"] + [
    ROOT / app / "templates" for app in ("portal", "cases", "search")
]
TAG = re.compile(r"<[a-zA-Z][^>]*>", re.DOTALL)
SCRIPT_TAG = re.compile(r"<script\b(?P<attrs>[^>]*)>", re.IGNORECASE)
HANDLER_ATTRIBUTE = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style\b", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"javascript:", re.IGNORECASE)


def templates() -> list[Path]:
    return sorted(
        path
        for folder in TEMPLATE_DIRS
        if folder.is_dir()
        for path in folder.rglob("*.html")
    )


def inline_code_in(text: str) -> list[str]:
    found = []
    for match in SCRIPT_TAG.finditer(text):
        attrs = match["attrs"]
        if not re.search(r"\ssrc\s*=", attrs) and "application/json" not in attrs:
            found.append(f"inline script: {match[0]}")
    for tag in TAG.findall(text):
        if HANDLER_ATTRIBUTE.search(tag):
            found.append(f"event handler attribute: {tag}")
        if STYLE_ATTRIBUTE.search(tag):
            found.append(f"style attribute: {tag}")
    found += [f"style element at {m.start()}" for m in STYLE_ELEMENT.finditer(text)]
    found += [f"javascript: URL at {m.start()}" for m in JAVASCRIPT_URL.finditer(text)]
    return found


def test_the_scan_sees_every_kind_of_inline_code():
    sample = (
        '<script>alert(1)</script><button onclick="x()">x</button>'
        '<p style="color:red">x</p><style>p{}</style><a href="javascript:x()">x</a>'
    )
    assert len(inline_code_in(sample)) == 5
    allowed = (
        '<script src="/static/js/admin_init.js"></script>'
        '<script type="application/json" id="data">{"a": 1}</script>'
        '<p class="note" data-one="1">{% with phones=page.phones.all %}x</p>'
    )
    assert inline_code_in(allowed) == []


def test_templates_have_no_inline_script_handler_or_style():
    paths = templates()
    assert len(paths) > 20, "the template folders were not found"
    offenders = {
        str(path.relative_to(ROOT)): found
        for path in paths
        if (found := inline_code_in(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}
