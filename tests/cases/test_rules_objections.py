"""核对报告异议：乡镇审核、县级审核，审核期间不能以预警为由不予受理。

The applicant's objection is recorded by the township window with the evidence
from a property registration authority (and its scans, uploaded to the case);
乡镇审核人 reviews it, then the county; the case's clock stops meanwhile.
"""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cases.demo_files import tiny_pdf
from cases.models import Pause, VerificationObjection
from cases.selectors.queues import work_queue
from cases.services import (
    CaseError,
    CasePermissionDenied,
    InvalidTransition,
    attachment_upload,
    case_transition,
    objection_county_review,
    objection_submit,
    objection_township_review,
)
from core.roles import Role
from tests.factories import TownshipFactory
from tests.factories.api import ApiClient, county
from tests.factories.cases import accepted_case, received_case
from tests.factories.clock import on_day
from tests.factories.records import replied_case
from tests.factories.staff import (
    auditor,
    clerk,
    reviewer,
    township_reviewer,
    village_coordinator,
)

pytestmark = pytest.mark.django_db

WARNING = "名下有车辆一辆"
EVIDENCE = "车管所出具的机动车注销证明"


@pytest.fixture(autouse=True)
def private_root(tmp_path, settings):
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    settings.CLAMD_SOCKET = ""


@pytest.fixture
def setting():
    town = TownshipFactory()
    user = clerk(town)
    return town, user, received_case(user, town)


def _scan(user, case, name="注销证明.pdf"):
    return attachment_upload(
        by=user,
        case=case,
        upload=SimpleUploadedFile(name, tiny_pdf()),
        material="佐证材料",
    )


def test_objection_needs_evidence_from_a_registration_authority(setting):
    _, user, case = setting
    with pytest.raises(CaseError):
        objection_submit(by=user, case=case, warning=WARNING, evidence="")


def test_warning_alone_is_no_reason_to_refuse_while_objection_is_reviewed(setting):
    _, user, case = setting
    objection_submit(by=user, case=case, warning=WARNING, evidence=EVIDENCE)
    with pytest.raises(InvalidTransition) as excinfo:
        case_transition(by=user, case=case, action="reject", note="核对预警")
    assert "异议" in excinfo.value.message


def test_objection_goes_township_then_county_then_the_case_continues(setting):
    town, user, case = setting
    objection = objection_submit(by=user, case=case, warning=WARNING, evidence=EVIDENCE)
    boss, township = reviewer(), township_reviewer(town)
    with pytest.raises(CaseError):
        objection_county_review(
            by=boss, objection=objection, uphold=True, opinion="同意"
        )
    objection_township_review(
        by=township, objection=objection, uphold=True, opinion="车辆已于2025年报废注销"
    )
    with pytest.raises(CasePermissionDenied):
        objection_county_review(by=user, objection=objection, uphold=True, opinion="x")
    objection = objection_county_review(
        by=boss, objection=objection, uphold=True, opinion="佐证有效，异议成立"
    )
    assert objection.status == VerificationObjection.Status.UPHELD
    assert objection.county_reviewed_at and objection.township_reviewed_at
    assert objection.history.count() == 3
    case = case_transition(by=user, case=case, action="reject", note="户籍不在本乡镇")
    assert case.status == "not_accepted"


def test_rules_objection_township_review_is_the_township_reviewers(setting):
    town, user, case = setting
    objection = objection_submit(by=user, case=case, warning=WARNING, evidence=EVIDENCE)
    for wrong in (user, reviewer(), township_reviewer(TownshipFactory())):
        with pytest.raises(CasePermissionDenied):
            objection_township_review(
                by=wrong, objection=objection, uphold=True, opinion="属实"
            )


def test_rules_objection_is_recorded_by_the_window_not_the_reviewers(setting):
    town, user, case = setting
    for wrong in (township_reviewer(town), reviewer(), auditor()):
        with pytest.raises(CasePermissionDenied):
            objection_submit(by=wrong, case=case, warning=WARNING, evidence=EVIDENCE)


def test_rules_objection_pauses_clock_until_decided(setting):
    town, user, case = setting
    with on_day(date(2026, 11, 2)):
        objection = objection_submit(
            by=user, case=case, warning=WARNING, evidence=EVIDENCE
        )
    pause = case.pauses.get()
    assert pause.kind == Pause.Kind.OBJECTION and pause.ended_on is None
    with on_day(date(2026, 11, 4)):
        objection = objection_township_review(
            by=township_reviewer(town), objection=objection, uphold=True, opinion="属实"
        )
    pause.refresh_from_db()
    assert pause.ended_on is None  # still with the county
    with on_day(date(2026, 11, 6)):
        objection_county_review(
            by=reviewer(), objection=objection, uphold=False, opinion="佐证无效"
        )
    pause.refresh_from_db()
    assert pause.ended_on == date(2026, 11, 6)


def test_rules_objection_overlong_text_is_refused_not_truncated(setting):
    town, user, case = setting
    with pytest.raises(CaseError) as refused:
        objection_submit(by=user, case=case, warning="车" * 501, evidence=EVIDENCE)
    assert (
        refused.value.field == "warning" and "不能超过500个字" in refused.value.message
    )
    with pytest.raises(CaseError) as refused:
        objection_submit(by=user, case=case, warning=WARNING, evidence="证" * 2001)
    assert refused.value.field == "evidence"
    assert not VerificationObjection.objects.exists()
    objection = objection_submit(by=user, case=case, warning=WARNING, evidence=EVIDENCE)
    with pytest.raises(CaseError) as refused:
        objection_township_review(
            by=township_reviewer(town),
            objection=objection,
            uphold=True,
            opinion="意" * 2001,
        )
    assert refused.value.field == "opinion"
    objection.refresh_from_db()
    assert objection.status == VerificationObjection.Status.SUBMITTED


def test_rules_objection_in_the_wrong_state_is_refused(db):
    place = county()
    user = clerk(place.east)
    with on_day(date(2026, 11, 2)):
        case = replied_case(user, reviewer(), place.east, assistance_type=place.dibao)
    with pytest.raises(CaseError) as refused:
        objection_submit(by=user, case=case, warning=WARNING, evidence=EVIDENCE)
    assert refused.value.status == 409
    assert not VerificationObjection.objects.exists()


def test_rules_objection_only_one_pending_at_a_time(setting):
    _, user, case = setting
    objection_submit(by=user, case=case, warning=WARNING, evidence=EVIDENCE)
    with pytest.raises(InvalidTransition):
        objection_submit(by=user, case=case, warning="另一项", evidence=EVIDENCE)


def test_rules_objection_evidence_is_the_cases_own_attachments(setting):
    town, user, case = setting
    other = received_case(user, town)
    own, foreign = _scan(user, case), _scan(user, other)
    with pytest.raises(CaseError) as refused:
        objection_submit(
            by=user,
            case=case,
            warning=WARNING,
            evidence=EVIDENCE,
            attachment_ids=[own.pk, foreign.pk],
        )
    assert refused.value.field == "evidence_attachments"
    assert str(foreign.pk) in refused.value.message
    assert not VerificationObjection.objects.exists()
    assert not case.pauses.exists()
    objection = objection_submit(
        by=user, case=case, warning=WARNING, evidence=EVIDENCE, attachment_ids=[own.pk]
    )
    assert list(objection.evidence_attachments.all()) == [own]
    # The history keeps which files were the evidence, with their digests.
    assert own.sha256 in objection.history.get().evidence_files


# ---- the API


@pytest.fixture
def api_world():
    place = county()
    place.clerk = clerk(place.east, username="clerk-east")
    place.township = township_reviewer(place.east, username="reviewer-east")
    place.county_reviewer = reviewer(username="county-reviewer")
    place.case = accepted_case(place.clerk, place.east, assistance_type=place.dibao)
    return place


def _post(user, path, body):
    return ApiClient(user).post(path, body)


def test_rules_objection_through_the_api_township_then_county(api_world):
    w = api_world
    scan = _scan(w.clerk, w.case)
    response = _post(
        w.clerk,
        f"/cases/{w.case.number}/objections",
        {"warning": WARNING, "evidence": EVIDENCE, "attachment_ids": [scan.pk]},
    )
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["status"] == "submitted" and created["attachments"] == [scan.pk]
    base = f"/cases/{w.case.number}/objections/{created['id']}"
    # The county cannot go first; the clerk cannot review.
    assert (
        _post(
            w.county_reviewer, f"{base}/county-review", {"uphold": True, "opinion": "x"}
        )
    ).status_code == 409
    assert (
        _post(w.clerk, f"{base}/township-review", {"uphold": True, "opinion": "x"})
    ).status_code == 403
    township = _post(
        w.township, f"{base}/township-review", {"uphold": True, "opinion": "佐证属实"}
    )
    assert township.status_code == 200
    assert township.json()["status"] == "township_upheld"
    county_answer = _post(
        w.county_reviewer,
        f"{base}/county-review",
        {"uphold": True, "opinion": "异议成立"},
    )
    assert county_answer.status_code == 200
    assert county_answer.json()["status_label"] == "异议成立"
    detail = ApiClient(w.clerk).get(f"/cases/{w.case.number}").json()
    [listed] = detail["objections"]
    assert listed["status"] == "upheld" and listed["county_opinion"] == "异议成立"
    assert listed["attachments"] == [scan.pk]


def test_rules_objection_api_bad_input(api_world):
    w = api_world
    path = f"/cases/{w.case.number}/objections"
    too_long = _post(w.clerk, path, {"warning": "车" * 501, "evidence": EVIDENCE})
    assert too_long.status_code == 422
    assert too_long.json()["errors"][0]["field"] == "warning"
    blank = _post(w.clerk, path, {"warning": " ", "evidence": EVIDENCE})
    assert blank.status_code == 422
    foreign = received_case(w.clerk, w.east)
    scan = _scan(w.clerk, foreign)
    other_case = _post(
        w.clerk,
        path,
        {"warning": WARNING, "evidence": EVIDENCE, "attachment_ids": [scan.pk]},
    )
    assert other_case.status_code == 422
    assert other_case.json()["errors"][0]["field"] == "evidence_attachments"
    huge_id = _post(
        w.clerk,
        path,
        {"warning": WARNING, "evidence": EVIDENCE, "attachment_ids": [2**63]},
    )
    assert huge_id.status_code == 422
    west = _post(clerk(w.west), path, {"warning": WARNING, "evidence": EVIDENCE})
    assert west.status_code == 404
    assert (
        ApiClient().post(path, {"warning": WARNING, "evidence": EVIDENCE}).status_code
        == 401
    )
    assert not VerificationObjection.objects.exists()
    review = f"/cases/{w.case.number}/objections/999/township-review"
    assert (
        _post(w.township, review, {"uphold": True, "opinion": "x"}).status_code == 404
    )


def test_rules_objection_by_a_village_coordinator_of_the_village(api_world):
    w = api_world
    case = received_case(w.clerk, w.east, village=w.village, assistance_type=w.dibao)
    coordinator = village_coordinator(w.village)
    response = _post(
        coordinator,
        f"/cases/{case.number}/objections",
        {"warning": WARNING, "evidence": EVIDENCE},
    )
    assert response.status_code == 201


# ---- 我的待办


def test_rules_objection_waits_in_the_reviewers_queues(api_world):
    w = api_world
    objection = objection_submit(
        by=w.clerk, case=w.case, warning=WARNING, evidence=EVIDENCE
    )
    today = date.today()
    township_items = work_queue(w.township, Role.TOWNSHIP_REVIEWER, today=today).items
    assert [i.label for i in township_items if i.record.pk == w.case.pk] == [
        "核对异议待乡镇审核"
    ]
    county_items = work_queue(w.county_reviewer, Role.REVIEWER, today=today).items
    assert not [i for i in county_items if i.record.pk == w.case.pk]
    objection_township_review(
        by=w.township, objection=objection, uphold=True, opinion="属实"
    )
    township_items = work_queue(w.township, Role.TOWNSHIP_REVIEWER, today=today).items
    assert not [i for i in township_items if i.record.pk == w.case.pk]
    county_items = work_queue(w.county_reviewer, Role.REVIEWER, today=today).items
    assert [i.label for i in county_items if i.record.pk == w.case.pk] == [
        "核对异议待县级审核"
    ]
    other = township_reviewer(w.west)
    assert not work_queue(other, Role.TOWNSHIP_REVIEWER, today=today).items
