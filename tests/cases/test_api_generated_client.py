"""A Python client generated from the live OpenAPI document runs the intake flow.

The repository's generator config (clients/openapi-python-client.yaml) is used
as an integrator would use it: the document is fetched from a running server,
openapi-python-client generates a package from it, and the package, not this
project's code, logs an application, reads the case back and checks progress
without a token. A generator error or warning, a package that does not import,
or a flow that does not go through fails the test.
"""

import importlib
import io
import os
import subprocess
import sys
import uuid
from pathlib import Path

import httpx
import pytest
from django.conf import settings
from django.core.management import call_command

from tests.factories.api import county
from tests.factories.cases import VALID_ID
from tests.factories.staff import clerk

# The live server answers from another thread: the data must be committed.
# serialized_rollback: the flush must keep the migrated rows for later tests.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

CONFIG = Path(settings.BASE_DIR) / "clients" / "openapi-python-client.yaml"
PACKAGE = "shehui_jiuzhu_client"


def _generate(document: Path, output: Path) -> str:
    # The venv's bin first: the generator's post hooks run ruff from PATH.
    bin_dir = str(Path(sys.executable).parent)
    env = {**os.environ, "PATH": bin_dir + os.pathsep + os.environ.get("PATH", "")}
    run = subprocess.run(  # noqa: S603 - fixed arguments, no shell
        [
            sys.executable,
            "-m",
            "openapi_python_client",
            "generate",
            "--path",
            str(document),
            "--config",
            str(CONFIG),
            "--output-path",
            str(output),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    said = run.stdout + run.stderr
    assert run.returncode == 0, said
    # "Client was generated, but some pieces may be missing" is still a failure.
    assert "Warning" not in said and "Error" not in said, said
    return said


@pytest.fixture
def client_package(live_server, tmp_path, monkeypatch):
    response = httpx.get(f"{live_server.url}/api/v1/openapi.json", timeout=30)
    assert response.status_code == 200
    document = tmp_path / "openapi.json"
    document.write_bytes(response.content)
    output = tmp_path / "client"
    _generate(document, output)
    assert (output / PACKAGE / "__init__.py").is_file()
    monkeypatch.syspath_prepend(str(output))
    yield importlib.import_module(PACKAGE)
    for name in [n for n in sys.modules if n.split(".")[0] == PACKAGE]:
        del sys.modules[name]


def _module(path: str):
    return importlib.import_module(f"{PACKAGE}.{path}")


def _issue_token(username: str) -> str:
    out = io.StringIO()
    call_command("issue_token", username, stdout=out, stderr=io.StringIO())
    return out.getvalue().strip()


def test_generated_python_client_runs_the_intake_flow(client_package, live_server):
    world = county()
    user = clerk(world.east, username="demo-clerk-east")
    token = _issue_token(user.username)
    models = _module("models")
    staff = client_package.AuthenticatedClient(
        base_url=live_server.url, token=token, raise_on_unexpected_status=True
    )
    public = client_package.Client(
        base_url=live_server.url, raise_on_unexpected_status=True
    )

    reference = _module("api.reference.cases_api_reference_reference").sync(
        client=public
    )
    assert "east" in {t.code for t in reference.townships}
    assert "dibao" in {a.code for a in reference.assistance_types}

    create = _module("api.cases.cases_api_casework_case_create")
    body = models.CaseIn(
        assistance_type="dibao",
        channel="online",
        township="east",
        applicant=models.ApplicantIn(
            name="李桂兰",
            id_number=VALID_ID,
            phone="13912345678",
            address="青禾县东岭镇上庄村5组",
        ),
        description="丈夫因病去世，家中无劳动力，申请最低生活保障。",
    )
    key = str(uuid.uuid4())
    first = create.sync_detailed(client=staff, body=body, idempotency_key=key)
    assert first.status_code == 201, first.content
    assert isinstance(first.parsed, models.IntakeOut)
    number = first.parsed.number
    assert "Idempotent-Replayed" not in first.headers

    retry = create.sync_detailed(client=staff, body=body, idempotency_key=key)
    assert retry.status_code == 201
    assert retry.headers["Idempotent-Replayed"] == "true"
    assert retry.parsed.number == number

    case = _module("api.cases.cases_api_casework_case_detail").sync(
        client=staff, number=number
    )
    assert isinstance(case, models.CaseOut)
    assert case.township.code == "east"
    assert case.applicant.id_number_masked != VALID_ID

    progress = _module("api.public.cases_api_progress_progress").sync(
        client=public, number=number, phone_last4="5678"
    )
    assert isinstance(progress, models.ProgressOut)
    assert progress.number == number
    assert progress.status == case.status

    # A refusal is a declared answer the client parses, not an unexpected one.
    bad = models.CaseIn.from_dict(
        {**body.to_dict(), "applicant": {**body.applicant.to_dict(), "id_number": "1"}}
    )
    refused = create.sync_detailed(client=staff, body=bad)
    assert refused.status_code == 422
    assert isinstance(refused.parsed, models.ErrorOut)
    assert refused.parsed.errors[0].field == "applicant.id_number"


def test_the_generator_config_gives_an_importable_ascii_package(client_package):
    assert client_package.__name__.isascii() and client_package.__name__.isidentifier()
    assert hasattr(client_package, "AuthenticatedClient")
