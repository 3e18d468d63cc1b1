"""Every user-facing string goes through gettext into a compiled zh_Hans catalogue."""

import ast
import gettext
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
COPY_IGNORED = shutil.ignore_patterns(
    ".venv",
    "var",
    ".git",
    "test-artifacts",
    "__pycache__",
    "*.egg-info",
    "node_modules",
)


def po_entries(path: Path) -> dict[str, str]:
    """msgid → msgstr (singular forms; plural entries keyed by their msgid)."""
    entries: dict[str, str] = {}
    key, current, target = None, {}, None
    for raw in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = raw.strip()
        if not line:
            if "msgid" in current:
                entries[current["msgid"]] = current.get(
                    "msgstr", current.get("msgstr[0]", "")
                )
            current, target = {}, None
            continue
        if line.startswith("#"):
            continue
        if line.startswith('"'):
            current[target] += ast.literal_eval(line)
            continue
        key, _, value = line.partition(" ")
        target = key
        current[key] = ast.literal_eval(value)
    entries.pop("", None)
    return entries


def test_catalogue_has_a_chinese_text_for_every_message():
    entries = po_entries(PO)
    assert len(entries) > 100
    assert not [msgid for msgid, msgstr in entries.items() if not msgstr]
    assert "#, fuzzy" not in PO.read_text(encoding="utf-8")


def test_compiled_catalogue_matches_the_po_file():
    with MO.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)._catalog
    for msgid, msgstr in po_entries(PO).items():
        assert compiled.get(msgid) == msgstr or (msgid, 0) in compiled, msgid


@pytest.mark.skipif(
    shutil.which("xgettext") is None and not os.environ.get("CI"),
    reason="GNU gettext is not installed here",
)
def test_catalogue_holds_every_message_in_the_source(tmp_path):
    copy = tmp_path / "src"
    shutil.copytree(ROOT, copy, ignore=COPY_IGNORED)
    (copy / "locale").rename(tmp_path / "committed-locale")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "zh_Hans",
            "--verbosity=0",
            "--ignore=tests/*",
            "--ignore=bench/*",
        ],
        cwd=copy,
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    fresh = po_entries(copy / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po")
    missing = sorted(set(fresh) - set(po_entries(PO)))
    assert not missing, (
        f"run `python manage.py update_messages` and commit locale/: {missing[:10]}"
    )
