"""数据库暂时不可用 (a PostgreSQL restart): a clean 503, nothing half-saved.

The database going away is simulated two ways: every new cursor failing as it
does while PostgreSQL is down, and a failure in the middle of the intake
service, after the case and its checklist rows were written.
"""

from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client

from cases.models import Applicant, Case, Notice, ReceivedMaterial, StageDeadline
from tests.factories.api import case_body, county, token_for
from tests.factories.staff import clerk

from .test_intake import CREATE_URL, application

pytestmark = pytest.mark.django_db

CHINESE_MESSAGE = "系统暂时无法连接数据库"


def database_down(error=OperationalError):
    """Every query fails, as between PostgreSQL going down and coming back."""
    return mock.patch.object(
        BaseDatabaseWrapper,
        "ensure_connection",
        side_effect=error("server closed the connection unexpectedly"),
    )


def fails_mid_intake():
    """The case, applicant and checklist are written, then the server goes away."""
    return mock.patch(
        "cases.services.intake.deadline_open",
        side_effect=OperationalError("terminating connection due to administrator"),
    )


def quiet_client(**kwargs) -> Client:
    # Django's test client re-raises view errors; a browser sees the response.
    return Client(raise_request_exception=False, **kwargs)


def assert_nothing_saved():
    assert not Case.objects.exists()
    assert not Applicant.objects.exists()
    assert not ReceivedMaterial.objects.exists()
    assert not StageDeadline.objects.exists()
    assert not Notice.objects.exists()
    assert not Case.history.exists()


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_public_page_answers_503_in_chinese_while_database_is_down(site_tree, error):
    with database_down(error):
        response = quiet_client().get("/")
    assert response.status_code == 503
    assert response["Retry-After"].isdigit()
    page = response.content.decode()
    assert CHINESE_MESSAGE in page
    assert "Traceback" not in page and "OperationalError" not in page


def test_public_complaint_form_answers_503_while_database_is_down(site_tree):
    with database_down():
        response = quiet_client().post(
            "/complaints/submit/", {"content": "窗口人员态度恶劣。", "token": "x"}
        )
    assert response.status_code == 503
    assert CHINESE_MESSAGE in response.content.decode()


def test_api_answers_503_json_while_database_is_down():
    world = county()
    token = token_for(clerk(world.east))
    with database_down():
        response = quiet_client().post(
            "/api/v1/cases",
            case_body(world.east, world.dibao),
            content_type="application/json",
            headers={"Authorization": f"Bearer {token}"},
        )
    assert response.status_code == 503
    assert response["Content-Type"].startswith("application/json")
    assert response["Retry-After"].isdigit()
    assert CHINESE_MESSAGE in response.json()["message"]


def test_unknown_api_path_answers_503_json_while_database_is_down():
    """A failure outside django-ninja (session, middleware) is JSON under /api/ too."""
    with (
        database_down(),
        mock.patch(
            "cases.api.base.JsonResponse",
            side_effect=OperationalError("connection lost"),
        ),
    ):
        response = quiet_client().get("/api/nowhere")
    assert response.status_code == 503
    assert CHINESE_MESSAGE in response.json()["message"]


def test_api_intake_interrupted_by_database_failure_saves_nothing(site_tree):
    world = county()
    token = token_for(clerk(world.east))
    body = case_body(
        world.east, world.dibao, materials=[{"name": "居民身份证", "pages": 1}]
    )
    with fails_mid_intake():
        response = quiet_client().post(
            "/api/v1/cases",
            body,
            content_type="application/json",
            headers={"Authorization": f"Bearer {token}", "Idempotency-Key": "k-1"},
        )
    assert response.status_code == 503
    assert_nothing_saved()
    # The same request, retried once the database is back, makes exactly one case.
    response = quiet_client().post(
        "/api/v1/cases",
        body,
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}", "Idempotency-Key": "k-1"},
    )
    assert response.status_code == 201
    assert Case.objects.count() == 1


def test_admin_intake_interrupted_by_database_failure_saves_nothing(staff, town, item):
    client = quiet_client()
    client.force_login(staff["clerk"])
    with fails_mid_intake():
        response = client.post(CREATE_URL, application(item, town))
    assert response.status_code == 503
    assert CHINESE_MESSAGE in response.content.decode()
    assert_nothing_saved()


def test_other_server_errors_still_answer_500(site_tree):
    with mock.patch("portal.views.search_pages", side_effect=RuntimeError("bug")):
        response = quiet_client().get("/search/", {"q": "低保"})
    assert response.status_code == 500
    assert CHINESE_MESSAGE not in response.content.decode()


def _wrapped_by_pydantic(error: Exception) -> Exception:
    from pydantic_core import ValidationError as PydanticError

    return PydanticError.from_exception_data(
        "CaseOut",
        [{"type": "value_error", "loc": ("notices",), "input": None,
          "ctx": {"error": error}}],
    )  # fmt: skip


@pytest.mark.parametrize(
    "wrap",
    [
        lambda lost: lost,
        _wrapped_by_pydantic,
        lambda lost: RuntimeError("answer not built").with_traceback(None),
    ],
    ids=["bare", "inside pydantic's error", "as the cause"],
)
def test_api_answers_503_when_the_connection_drops_while_the_answer_is_built(wrap):
    """Building the answer reads the database lazily: a connection cut then (a
    PostgreSQL restart after the commit) is the database's 503, not a bug's 500."""
    from django.test import RequestFactory

    from cases.api.base import unexpected

    lost = OperationalError("terminating connection due to administrator command")
    error = wrap(lost)
    if error.__class__ is RuntimeError:
        error.__cause__ = lost
    response = unexpected(RequestFactory().post("/api/v1/cases"), error)
    assert response.status_code == 503
    assert response["Retry-After"].isdigit()
    assert CHINESE_MESSAGE in response.content.decode()


def intake_poster(key: str):
    """A call that POSTs the same application with this Idempotency-Key."""
    world = county()
    token = token_for(clerk(world.east))
    body = case_body(
        world.east, world.dibao, materials=[{"name": "居民身份证", "pages": 1}]
    )
    headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": key}
    return lambda: quiet_client().post(
        "/api/v1/cases", body, content_type="application/json", headers=headers
    )


@pytest.mark.parametrize("lost", [OperationalError, InterfaceError])
def test_api_intake_answers_503_when_the_connection_drops_while_reading_the_answer(
    site_tree, lost
):
    """The case is committed, then the connection is cut while the answer reads
    its relations: pydantic keeps only the error's text, and the caller still
    gets the database's 503 (the retry with the same key replays the case)."""
    post = intake_poster("k-cut")
    with mock.patch(
        "cases.api.schemas.open_cases_same_id",
        side_effect=lost("terminating connection due to administrator command"),
    ):
        response = post()
    assert response.status_code == 503
    assert response["Retry-After"].isdigit()
    assert CHINESE_MESSAGE in response.json()["message"]
    retried = post()
    assert retried.status_code == 201  # the replay answers as the first did
    assert Case.objects.count() == 1


def test_api_answers_500_when_an_answer_attribute_fails_for_another_reason(site_tree):
    post = intake_poster("k-bug")
    with mock.patch(
        "cases.api.schemas.open_cases_same_id", side_effect=ValueError("a bug")
    ):
        response = post()
    assert response.status_code == 500


def test_api_still_answers_500_for_a_bug_unrelated_to_the_database():
    from django.test import RequestFactory

    from cases.api.base import unexpected

    response = unexpected(RequestFactory().get("/api/v1/cases"), KeyError("x"))
    assert response.status_code == 500
