"""The layering of docs/architecture.md, as import-linter contracts in pyproject.toml.

``make test`` runs ``lint-imports`` before pytest; these run the same contracts
from pytest, so a plain ``pytest`` run also fails on an import that climbs a layer
or closes a circle.
"""

from pathlib import Path

from importlinter.api import read_configuration
from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = str(ROOT / "pyproject.toml")
APPS = {"core", "config", "portal", "cases", "search"}


def _contracts() -> dict[str, dict]:
    options = read_configuration(PYPROJECT)["contracts_options"]
    return {contract["id"]: contract for contract in options}


def test_every_import_keeps_the_layering_contracts(monkeypatch):
    # import-linter finds the packages from the working directory.
    monkeypatch.chdir(ROOT)
    assert lint_imports(config_filename=PYPROJECT, no_logo=True) == 0


def test_the_app_layers_run_search_cases_portal_core():
    layers = _contracts()["layers"]["layers"]
    order = [
        next(i for i, layer in enumerate(layers) if layer.split()[0] == name)
        for name in ("search", "cases", "portal", "core")
    ]
    assert order == sorted(order)
    assert layers[-1] == "core"


def test_no_circles_is_checked_in_every_app():
    contract = _contracts()["no-circles"]
    assert contract["type"] == "acyclic_siblings"
    assert set(contract["ancestors"]) == APPS
