"""The one policy (cases.access): every action × role × in or out of reach.

``WHO`` is the intent, written here independently of ``cases/access/actions.py``:
a new action without a row here fails, and a row that disagrees with the table
fails for every role it gets wrong.
"""

from types import SimpleNamespace

import pytest

from cases.access import (
    ACTIONS,
    Place,
    Reach,
    holders,
    instances,
    jurisdiction,
    may,
    require,
    require_one,
)
from cases.errors import CasePermissionDenied
from cases.services.workflow import TRANSITIONS
from portal.models import StaffProfile
from tests.factories import TownshipFactory, VillageFactory
from tests.factories.cases import received_case
from tests.factories.directory import UserFactory
from tests.factories.staff import (
    auditor,
    clerk,
    editor,
    reviewer,
    township_reviewer,
    village_coordinator,
)

CASE_WORK = "clerk coordinator township_reviewer reviewer"
READERS = "clerk coordinator township_reviewer reviewer auditor"
DESK = "clerk reviewer"
# Either reviewer, each within their reach.
REVIEWERS = "township_reviewer reviewer"

# Who may take each action at all (a superuser always may).
WHO = {
    "case.view": READERS,
    "case.change": CASE_WORK,
    "case.intake": CASE_WORK,
    "case.id_reveal": READERS,
    "case.extension_request": CASE_WORK,
    "case.extension_decide": REVIEWERS,
    "case.material_request_unlisted": REVIEWERS,
    "case.exit": DESK,
    "case.followup": CASE_WORK,
    "case.accept": "clerk",
    "case.reject": "clerk",
    "case.refer": "clerk",
    "case.start_investigation": "clerk",
    "case.submit_review": "clerk",
    "case.submit_investigation": "clerk",
    # 乡镇审核: 公示 and 报送审批, in the reviewer's township.
    "case.start_public_notice": "township_reviewer",
    "case.submit_decision": "township_reviewer",
    "case.approve": "reviewer",
    "case.deny": "reviewer",
    "case.reply": "clerk",
    "case.archive": DESK,
    "applicant_correct": DESK,
    "id_number_change_decide": "reviewer",
    "applicant_correction.view": READERS,
    "attachment.upload": CASE_WORK,
    "objection.submit": "clerk coordinator",
    "objection.township_review": "township_reviewer",
    "objection.county_review": "reviewer",
    "referral.view": READERS,
    "referral.send": DESK,
    "referral.record": CASE_WORK,
    "followup.view": READERS,
    "recipient.view": READERS,
    "recipient.review": DESK,
    "recipient.benefit_change": DESK,
    "complaint.view": "clerk reviewer auditor",
    "complaint.register": DESK,
    "complaint.handle": DESK,
    "complaint.assign_township": "reviewer",
    "lead.view": READERS,
    "lead.report": CASE_WORK,
    "lead.triage": DESK,
    "registration.view": READERS,
    "registration.record": CASE_WORK,
    "registration.handle": CASE_WORK,
    # 咨询登记: the township and county windows, not the village station.
    "consultation.view": "clerk reviewer auditor",
    "consultation.record": DESK,
    "consultation.to_case": DESK,
    "stats.view": READERS,
    "archive.search": READERS,
    "archive.search_log": "auditor",
    # 档案目录: the county all of it, the township's staff their own.
    "archive.catalogue": "clerk township_reviewer reviewer auditor",
    "archive.category_manage": "reviewer",
}
KINDS = (
    "clerk",
    "coordinator",
    "township_reviewer",
    "reviewer",
    "auditor",
    "editor",
    "superuser",
)


@pytest.fixture
def county(db):
    east, west = TownshipFactory(code="east"), TownshipFactory(code="west")
    village = VillageFactory(code="east-sz", township=east)
    other_village = VillageFactory(code="east-sq", township=east)
    home_clerk = clerk(east, username="clerk-east")
    people = SimpleNamespace(
        east=east,
        west=west,
        village=village,
        # Within reach of the record below, and out of it.
        home={
            "clerk": home_clerk,
            "coordinator": village_coordinator(village, username="coord-sz"),
            "township_reviewer": township_reviewer(east, username="reviewer-east"),
        },
        away={
            "clerk": clerk(west, username="clerk-west"),
            "coordinator": village_coordinator(other_village, username="coord-sq"),
            "township_reviewer": township_reviewer(west, username="reviewer-west"),
        },
        county={
            "reviewer": reviewer(username="county-reviewer"),
            "auditor": auditor(username="county-auditor"),
            "editor": editor(username="site-editor"),
            "superuser": UserFactory(username="root", is_superuser=True),
        },
    )
    people.case = received_case(home_clerk, east, village=village)
    return people


def _record_in(county, action: str):
    """A record of the kind the action concerns, in east township, village sz."""
    reach = ACTIONS[action].reach
    if reach is Reach.CASE:
        return county.case
    if reach is Reach.CASE_RECORD:
        return SimpleNamespace(case=county.case)
    if reach is Reach.PLACE:
        return Place(county.east.pk, county.village.pk)
    return SimpleNamespace(township_id=county.east.pk, village_id=county.village.pk)


def _people(county):
    for kind in ("clerk", "coordinator", "township_reviewer"):
        yield kind, "home", county.home[kind]
        yield kind, "away", county.away[kind]
    for kind, user in county.county.items():
        yield kind, "county", user


def _expected(action: str, kind: str, where: str) -> bool:
    if kind != "superuser" and kind not in WHO[action].split():
        return False
    return where != "away" or ACTIONS[action].reach is Reach.ROLE


def test_every_action_has_a_row_of_intent():
    assert set(WHO) == set(ACTIONS)


def test_every_workflow_step_is_an_action():
    assert {t.permission for t in TRANSITIONS.values()} <= set(ACTIONS)


@pytest.mark.parametrize("action", sorted(WHO))
def test_the_role_decides_who_may_take_the_action_anywhere(county, action):
    for kind, _where, user in _people(county):
        allowed = kind == "superuser" or kind in WHO[action].split()
        assert may(user, action) is allowed, (action, kind)


@pytest.mark.parametrize("action", sorted(WHO))
def test_the_record_must_be_within_reach(county, action):
    record = _record_in(county, action)
    wrong = []
    for kind, where, user in _people(county):
        expected = _expected(action, kind, where)
        if may(user, action, record) is not expected:
            wrong.append((kind, where, "may"))
        try:
            require(user, action, record)
            refused = False
        except CasePermissionDenied as error:
            refused = True
            assert error.message and not error.message.isascii(), error.message
        if refused is expected:
            wrong.append((kind, where, "require"))
    assert not wrong, (action, wrong)


@pytest.mark.parametrize(
    "action", sorted(a for a, rule in ACTIONS.items() if rule.model == "case")
)
def test_instances_list_what_may_allows(county, action):
    for kind, where, user in _people(county):
        listed = instances(user, action).filter(pk=county.case.pk).exists()
        assert listed is _expected(action, kind, where), (action, kind, where)


def test_refusals_say_who_may_in_chinese(county):
    coordinator, reviewer_ = county.home["coordinator"], county.county["reviewer"]
    with pytest.raises(CasePermissionDenied, match="分办、转办由乡镇经办人"):
        require(coordinator, "referral.send", county.case)
    with pytest.raises(CasePermissionDenied, match="“受理”须由其他岗位办理"):
        require(reviewer_, "case.accept", county.case)
    with pytest.raises(CasePermissionDenied, match="您无权办理该案件"):
        require(county.away["clerk"], "case.change", county.case)


def test_require_one_takes_the_first_action_allowed(county):
    clerk_ = county.home["clerk"]
    assert require_one(clerk_, ("case.approve", "case.accept"), county.case) == (
        "case.accept"
    )
    with pytest.raises(CasePermissionDenied, match="审批同意"):
        require_one(county.county["auditor"], ("case.approve", "case.deny"))


def test_a_stand_in_reaches_the_cases_of_an_absent_a(county):
    """AB角顶岗：A岗不在岗时，另一乡镇的B岗看得到、办得了A的案件。"""
    a, b = county.home["clerk"], county.away["clerk"]
    type(county.case).objects.filter(pk=county.case.pk).update(backup_handler=b)
    case = type(county.case).objects.get(pk=county.case.pk)
    assert not may(b, "case.accept", case)
    assert not instances(b, "case.view").filter(pk=case.pk).exists()
    StaffProfile.objects.filter(user=a).update(is_absent=True)
    case = type(case).objects.get(pk=case.pk)
    b = type(b).objects.get(pk=b.pk)
    assert may(b, "case.accept", case)
    require(b, "case.accept", case)
    assert instances(b, "case.view").filter(pk=case.pk).exists()
    assert instances(b, "archive.search").filter(pk=case.pk).exists()
    # The records of the case come with it; the B's own area does not widen.
    assert may(b, "referral.record", SimpleNamespace(case=case))
    assert jurisdiction(b, "stats.view").township_id == county.west.pk
    complaint = SimpleNamespace(township_id=county.east.pk, case=case)
    assert not may(b, "complaint.handle", complaint)
    assert b in holders("case.accept", case)


def test_require_reads_the_stored_case_not_the_callers_copy(county):
    """A colleague marked absent after the case was read: the service sees it."""
    a, b = county.home["clerk"], county.away["clerk"]
    stale = county.case
    type(stale).objects.filter(pk=stale.pk).update(backup_handler=b)
    StaffProfile.objects.filter(user=a).update(is_absent=True)
    b = type(b).objects.get(pk=b.pk)
    require(b, "case.change", stale)


def test_holders_of_a_complaint_are_its_township_window_and_the_county(county):
    complaint = SimpleNamespace(township_id=county.east.pk, village_id=None)
    who = set(holders("complaint.handle", complaint))
    assert who == {
        county.home["clerk"],
        county.county["reviewer"],
        county.county["superuser"],
    }


def test_an_inactive_or_anonymous_user_may_nothing(county):
    from django.contrib.auth.models import AnonymousUser

    gone = county.county["reviewer"]
    gone.is_active = False
    gone.save()
    gone = type(gone).objects.get(pk=gone.pk)
    for user in (gone, AnonymousUser(), None):
        assert not may(user, "case.view")
        assert not instances(user, "case.view").exists()
    assert gone not in holders("case.view")
