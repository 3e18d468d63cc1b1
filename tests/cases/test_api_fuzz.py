"""API fuzzing: schemathesis drives every operation in /api/v1/openapi.json.

For each role (and for no token at all) and each operation, schemathesis
generates requests from the published document, valid and invalid, sends them
to the Django WSGI application in-process, and checks that the answer is never
a 5xx, that its status code, content type, headers and body are the ones the
document declares, that every error is the API's JSON error body, that invalid
requests are refused and valid ones accepted (but for the rules the document
cannot state: RULE_FIELDS), and that a request without its token is 401.

Path parameters are sometimes replaced by numbers that exist in the fixture
county, so the fuzzing reaches past the 404 into the services.

Bounded for the normal suite: API_FUZZ_EXAMPLES examples per operation and role
(default 15); CI sets a larger number. Derandomized, so a failure reproduces;
API_FUZZ_SEED=n explores other examples (then rerun with the same seed).
"""

import atexit
import collections
import os
import re

import hypothesis
import pytest
import schemathesis
from django.core import signals
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from django.test import override_settings
from hypothesis import HealthCheck
from hypothesis import strategies as st
from schemathesis import checks as st_checks
from schemathesis.core.failures import Failure
from schemathesis.core.parameters import ParameterLocation
from schemathesis.generation.meta import CoveragePhaseData, CoverageScenario
from schemathesis.openapi.checks import RejectedPositiveData

from cases.api.schemas import _DOCUMENTED_FILLED as DOCUMENTED_FILLED
from cases.demo_files import tiny_pdf
from cases.services import (
    ConsultationIn,
    attachment_upload,
    consultation_record,
    objection_submit,
)
from tests.conftest import reset_rate_limits
from tests.factories import DepartmentFactory
from tests.factories.api import county, token_for
from tests.factories.cases import VALID_ID, accepted_case, received_case
from tests.factories.directory import UserFactory
from tests.factories.records import referral, replied_case
from tests.factories.staff import (
    auditor,
    clerk,
    editor,
    reviewer,
    village_coordinator,
)

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db]

EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "15"))
# Derandomized (the same examples every run) unless a seed asks for others.
SEED = os.environ.get("API_FUZZ_SEED")

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())

# Numbers that exist in the fixture county; filled in by the `world` fixture and
# drawn from by the path-parameter hook below.
KNOWN = {
    "number": [],
    "referral": [],
    "consultation": [],
    "attachment": [],
    "objection": [],
}


def _sometimes(value: dict, known: dict, names=None) -> st.SearchStrategy:
    """The generated value as it is, or with all (or some) of the fields that
    name records set to ones that exist, so that requests get past the lookups.
    ``names``: fields that may be added; by default those present are replaced."""
    names = value.keys() if names is None else names
    fields = {
        name: st.sampled_from(choices)
        for name, choices in known.items()
        if name in names and choices
    }
    if not fields:
        return st.just(value)
    every = st.fixed_dictionaries(fields)
    some = st.fixed_dictionaries({}, optional=fields)
    return st.one_of(st.just(value), every, some).map(lambda c: {**value, **c})


def _path_choices(case) -> dict:
    path = case.operation.path
    if path.startswith("/api/v1/referrals"):
        return {"number": KNOWN["referral"]}
    if path.startswith("/api/v1/consultations"):
        return {"number": KNOWN["consultation"]}
    if "/attachments/" in path:
        return {"number": KNOWN["number"], "id": KNOWN["attachment"]}
    if "/objections/" in path:
        return {"number": KNOWN["number"], "id": KNOWN["objection"]}
    return {"number": KNOWN["number"]}


def _query_choices(case) -> dict:
    return {
        "number": KNOWN["number"],
        "phone_last4": ["5678"],
        "township": ["east", "west"],
        "assistance_type": ["dibao"],
        "kind": ["case", "history"],
        "q": ["最低生活保障", '"临时救助"', "东岭"],
        "from": ["2020-01-01", "1900-01-01", "0001-01-01"],
        "to": ["2099-12-31", "9999-12-31"],
    }


def _body_choices(case) -> dict:
    complaint = case.operation.path.endswith("/complaints")
    if case.operation.path.endswith("/consultations"):
        return {"assistance_type": ["dibao"], "township": ["east", "west"]}
    return {
        "assistance_type": ["dibao"],
        "township": ["east", "west"],
        "village": ["east-sz"],
        "department": ["jiaoyu"],
        "channel": ["website", "app", "platform"] if complaint else ["online"],
        "case_number": KNOWN["number"],
        "attachment_ids": [KNOWN["attachment"]],
    }


def _body(case, body) -> st.SearchStrategy:
    strategy = _sometimes(body, _body_choices(case))
    applicant = body.get("applicant")
    if not isinstance(applicant, dict):
        return strategy
    known = {"id_number": VALID_ID, "phone": "13912345678"}
    # An application a clerk of the east township may log: every code and the
    # applicant's numbers right at once, the rest as generated.
    whole = {
        **body,
        **{k: v[0] for k, v in _body_choices(case).items() if k in body and v},
        "applicant": {**applicant, **known},
    }
    return st.one_of(
        strategy,
        st.just(whole),
        strategy.flatmap(
            lambda b: _sometimes(applicant, {k: [v] for k, v in known.items()}).map(
                lambda a: {**b, "applicant": a}
            )
        ),
    )


@schema.hook
def flatmap_case(context, case):
    """Valid requests name records that exist, so they get past the lookups
    into the services. Negative parts are left as schemathesis made them."""
    components = case.meta.components if case.meta else {}

    def positive(location, value) -> bool:
        info = components.get(location)
        return isinstance(value, dict) and (info is None or info.mode.is_positive)

    parts = {}
    if positive(ParameterLocation.PATH, case.path_parameters):
        parts["path_parameters"] = _sometimes(case.path_parameters, _path_choices(case))
    if positive(ParameterLocation.QUERY, case.query):
        names = [parameter.name for parameter in case.operation.query]
        parts["query"] = _sometimes(case.query, _query_choices(case), names)
    if positive(ParameterLocation.BODY, case.body):
        parts["body"] = _body(case, case.body)
    if not parts:
        return st.just(case)

    def apply(chosen):
        for name, value in chosen.items():
            setattr(case, name, value)
        return case

    return st.fixed_dictionaries(parts).map(apply)


class ErrorBodyMissing(Failure):
    """An error answer that is not the API's ``{"message", "errors"}`` JSON."""

    def __init__(self, *, operation: str, message: str) -> None:
        self.operation = operation
        self.title = "Error answer without the JSON error body"
        self.message = message
        self.code = "error_body_missing"
        self.case_id = None

    @property
    def _unique_key(self) -> str:
        return self.message


@schemathesis.check
def json_error_body(ctx, response, case):
    """Every 4xx and 5xx is ``{"message": text, "errors": [{field, message}]}``."""
    if response.status_code < 400:
        return True
    try:
        body = response.json()
    except ValueError:
        body = None
    ok = (
        isinstance(body, dict)
        and isinstance(body.get("message"), str)
        and body["message"]
        and isinstance(body.get("errors"), list)
    )
    if not ok:
        raise ErrorBodyMissing(
            operation=case.operation.label,
            message=f"{response.status_code}: {response.text[:300]!r}",
        )
    return True


# What the document cannot state, per operation: a value that must name a record
# that exists (directory codes, usernames), an ID number's check digit and
# birth date, a calendar date, a rule across fields (a reason for 不予受理, the
# amount and start month of 审批同意 and only of it, a phone for a named
# complaint, ``from`` before ``to``), or across requests (an
# Idempotency-Key an earlier example used with another body). A schema-valid request
# refused naming only these fields is the rules at work; refused for anything
# else, the document promised what the API does not do. (schemathesis's own
# knob, expected statuses per operation, would accept every 400 and 422 of
# these operations, including the ones this check is here to catch.)
RULE_FIELDS = {
    "POST /api/v1/cases": re.compile(
        r"assistance_type|township|village|applicant\.id_number"
        r"|household\.\d+\.id_number|Idempotency-Key"
    ),
    "POST /api/v1/cases/{number}/transitions": re.compile(
        r"note|monthly_amount|starts_month"
    ),
    "POST /api/v1/cases/{number}/referrals": re.compile(r"department"),
    # At least one value to correct, a village of the case's township, and a
    # value that differs from the registered one.
    "POST /api/v1/cases/{number}/applicant-corrections": re.compile(
        r"name|phone|address|village"
    ),
    "POST /api/v1/cases/{number}/id-number-changes": re.compile(r"new_id_number"),
    # Refusing needs a note.
    "POST /api/v1/id-number-changes/{correction_id}/decision": re.compile(r"note"),
    "POST /api/v1/complaints": re.compile(r"phone|Idempotency-Key"),
    # A topic or an assistance type (one of the two), codes that exist.
    "POST /api/v1/consultations": re.compile(
        r"topic|township|service_point|assistance_type"
    ),
    # 案件附件: the content must be a PDF, JPEG, PNG or OFD (415), within the
    # size limit (413), and not empty; the document can say none of that.
    "POST /api/v1/cases/{number}/attachments": re.compile(r"file|material"),
    # Evidence must be attachments of this very case.
    "POST /api/v1/cases/{number}/objections": re.compile(r"evidence_attachments"),
    # A month within the payment's span, an amount that fits the kind (none for
    # suspend and stop; a decrease that leaves something), a reason for stop;
    # a date not in the future. A stopped recipient is 409, not a 4xx of these.
    "POST /api/v1/cases/{number}/reviews": re.compile(
        r"outcome|new_amount|reviewed_on|reason"
    ),
    "POST /api/v1/cases/{number}/benefit-changes": re.compile(
        r"kind|amount|effective_month|reason|exit_reason"
    ),
    "GET /api/v1/search": re.compile(r"assistance_type|township|handler|user|from|to"),
}


def _refused_by_rules(case, response) -> bool:
    rule = RULE_FIELDS.get(case.operation.label)
    if rule is None or response.status_code not in (400, 413, 415, 422):
        return False
    try:
        fields = [error["field"] for error in response.json()["errors"]]
    except (ValueError, KeyError, TypeError):
        return False
    return bool(fields) and all(
        isinstance(f, str) and rule.fullmatch(f) for f in fields
    )


@schemathesis.check
def positive_data_acceptance_but_rules(ctx, response, case):
    """schemathesis's check, but a refusal by the rules above is no failure."""
    try:
        return st_checks.positive_data_acceptance(ctx, response, case)
    except RejectedPositiveData:
        if _refused_by_rules(case, response):
            return None
        raise


def _valid_upload(case) -> bool:
    """A multipart upload body that is valid after all: schemathesis sometimes
    labels a body negative and then fills it with valid values (a constant it
    found in the application for ``material``, a real file for ``file``)."""
    body = case.body
    if case.operation.label != "POST /api/v1/cases/{number}/attachments":
        return False
    if not isinstance(body, dict) or set(body) != {"file", "material"}:
        return False
    material = body["material"]
    return (
        isinstance(material, str)
        and len(material) <= 120
        and re.fullmatch(DOCUMENTED_FILLED, material) is not None
    )


@schemathesis.check
def negative_data_rejection_but_valid_uploads(ctx, response, case):
    """schemathesis's check, but not for an upload body that is valid."""
    if response.status_code < 400 and _valid_upload(case):
        return None
    return st_checks.negative_data_rejection(ctx, response, case)


CHECKS = [
    st_checks.not_a_server_error,
    st_checks.status_code_conformance,
    st_checks.content_type_conformance,
    st_checks.response_headers_conformance,
    st_checks.response_schema_conformance,
    negative_data_rejection_but_valid_uploads,
    positive_data_acceptance_but_rules,
    st_checks.missing_required_header,
    st_checks.unsupported_method,
    json_error_body,
]

ROLES = [
    "anonymous",
    "clerk",
    "village_coordinator",
    "reviewer",
    "auditor",
    "editor",
    "superuser",
]


@pytest.fixture
def in_test_transaction():
    """Requests go through the real WSGI handler, whose request_started and
    request_finished signals close the database connection; that would end the
    test's transaction. Django's test client disconnects them the same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def _build_world() -> dict:
    """A county with cases in two townships, a referral, and a token per role."""
    place = county()
    DepartmentFactory(code="jiaoyu", name="县教育局")
    east_clerk = clerk(place.east, username="fuzz-clerk")
    west_clerk = clerk(place.west, username="fuzz-clerk-west")
    cases = [
        received_case(east_clerk, place.east, assistance_type=place.dibao),
        accepted_case(east_clerk, place.east, assistance_type=place.dibao),
        received_case(west_clerk, place.west, assistance_type=place.dibao),
    ]
    # 在册对象 for the review and benefit-change endpoints, in both townships.
    county_reviewer = reviewer(username="fuzz-reviewer")
    for by, town in ((east_clerk, place.east), (west_clerk, place.west)):
        cases.append(
            replied_case(by, county_reviewer, town, assistance_type=place.dibao)
        )
    sent = referral(east_clerk, cases[1])
    asked = consultation_record(
        by=east_clerk,
        data=ConsultationIn(
            channel="visit", township=place.east, topic="低保", answer="已告知。"
        ),
    )
    users = {
        "clerk": east_clerk,
        "village_coordinator": village_coordinator(place.village, username="fuzz-vc"),
        "reviewer": county_reviewer,
        "auditor": auditor(username="fuzz-auditor"),
        "editor": editor(username="fuzz-editor"),
        "superuser": UserFactory(
            username="fuzz-admin", is_superuser=True, is_staff=True
        ),
    }
    KNOWN["number"][:] = [case.number for case in cases]
    KNOWN["referral"][:] = [sent.number]
    KNOWN["consultation"][:] = [asked.number]
    scan = attachment_upload(
        by=east_clerk,
        case=cases[1],
        upload=SimpleUploadedFile("授权书.pdf", tiny_pdf()),
        material="授权书",
    )
    objection = objection_submit(
        by=east_clerk,
        case=cases[0],
        warning="名下登记车辆一辆",
        evidence="车辆注销证明",
    )
    KNOWN["attachment"][:] = [scan.pk]
    KNOWN["objection"][:] = [objection.pk]
    return {role: token_for(user) for role, user in users.items()}


@pytest.fixture(scope="module")
def _world_rows(django_db_setup, django_db_blocker, tmp_path_factory):
    """The world, made once for the module's tests, in a transaction that is
    never committed. Each test runs in a savepoint inside it (pytest-django's
    ``db``), rolled back at its end, so every test starts from the world as it
    was made, as if made for it alone, and nothing of the examples of one test
    reaches the next. Files (the world's attachment, uploads) go to a folder of
    the module's own; their names are unique."""
    private = tmp_path_factory.mktemp("fuzz") / "private"
    with (
        django_db_blocker.unblock(),
        override_settings(PRIVATE_FILES_ROOT=private),
        transaction.atomic(),
    ):
        tokens = _build_world()
        yield tokens
        transaction.set_rollback(True)
    for numbers in KNOWN.values():
        numbers.clear()


@pytest.fixture
def world(_world_rows, db, in_test_transaction):
    """The tokens of the world's users, per role."""
    return _world_rows


def _leaves_out_authorization(case) -> bool:
    """The coverage scenario that sends no Authorization header on purpose (the
    missing_required_header check then expects 401): adding the role's token
    would turn it into an ordinary request and the check into a false alarm."""
    data = case.meta.phase.data if case.meta else None
    return (
        isinstance(data, CoveragePhaseData)
        and data.scenario == CoverageScenario.MISSING_PARAMETER
        and (data.parameter or "").lower() == "authorization"
    )


@pytest.mark.parametrize("role", ROLES)
@schema.parametrize()
@hypothesis.seed(int(SEED or 0))
@hypothesis.settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=SEED is None,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_api_answers_as_documented(case, role, world):
    # The per-address rate limits would answer most generated requests with
    # 429 (their own tests cover that): every request starts a fresh count.
    reset_rate_limits()
    if role != "anonymous" and not _leaves_out_authorization(case):
        # On the case itself, so that schemathesis knows the header is there.
        case.headers = {
            **(case.headers or {}),
            "Authorization": f"Bearer {world[role]}",
        }
    case.call_and_validate(checks=CHECKS)


# API_FUZZ_TALLY=path: write how often each operation answered each status and
# error message, to see how far the generated requests get (a diagnostic).
TALLY_PATH = os.environ.get("API_FUZZ_TALLY")
TALLY = collections.Counter()


def _summary(response) -> str:
    if response.status_code < 400:
        return ""
    try:
        body = response.json()
        fields = ",".join(str(error["field"]) for error in body["errors"])
        return f"{body['message'][:40]} [{fields[:80]}]"
    except (ValueError, KeyError, TypeError):
        return response.text[:60]


if TALLY_PATH:

    @schemathesis.hook
    def after_call(context, case, response):
        TALLY[(case.operation.label, response.status_code, _summary(response))] += 1

    @atexit.register
    def _write_tally():
        with open(TALLY_PATH, "w", encoding="utf-8") as out:
            for (label, status, summary), count in sorted(TALLY.items()):
                out.write(f"{count:6} {status} {label}  {summary!r}\n")
