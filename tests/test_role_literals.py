"""Roles are ``Role`` members, never string literals (issue 24, item 2).

A role written as a string (``actor.has("clerk")``, ``{"reviewer"}``) is a
second place where who may do what is decided, and a typo in it silently
refuses or allows. Only core/roles.py (which defines the roles) and the access
policy (cases/access/) may name them; migrations and tests are left out.
"""

import ast
from pathlib import Path

from core.roles import Role

ROOT = Path(__file__).resolve().parent.parent
SCANNED = ("core", "config", "portal", "cases", "search", "scripts", "bench")
ALLOWED = (ROOT / "core" / "roles.py", ROOT / "cases" / "access")
# Not a role: a field of the synthetic documents the analyzer benchmark indexes.
NOT_ROLES = {("bench/es_analyzers.py", "clerk")}
ROLE_VALUES = {role.value for role in Role}


def _sources():
    for top in SCANNED:
        for path in sorted((ROOT / top).rglob("*.py")):
            if "migrations" in path.parts or any(
                path == allowed or allowed in path.parents for allowed in ALLOWED
            ):
                continue
            yield path


def role_literals(source: str, name: str = "<source>") -> list[tuple[int, str]]:
    """(line, text) of every string constant that is a role's value."""
    return [
        (node.lineno, node.value)
        for node in ast.walk(ast.parse(source, name))
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and node.value in ROLE_VALUES
    ]


def test_no_role_is_written_as_a_string_outside_the_policy():
    found = []
    for path in _sources():
        relative = path.relative_to(ROOT).as_posix()
        for line, text in role_literals(path.read_text(encoding="utf-8"), relative):
            if (relative, text) not in NOT_ROLES:
                found.append(f"{relative}:{line}: {text!r}")
    assert not found, "use core.roles.Role instead:\n" + "\n".join(found)


def test_the_scan_finds_a_role_written_as_a_string():
    assert role_literals('actor.has("clerk") or "reviewer" in roles') == [
        (1, "clerk"),
        (1, "reviewer"),
    ]
    assert role_literals("actor.has(Role.CLERK)") == []


def test_the_scan_covers_the_apps():
    scanned = {path.relative_to(ROOT).parts[0] for path in _sources()}
    assert {"cases", "portal", "search", "core", "config"} <= scanned
    assert not any(
        path.relative_to(ROOT).parts[:2] == ("cases", "access") for path in _sources()
    )
