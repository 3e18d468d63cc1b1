"""Access in the case admin is enforced in queries, not only in menus."""

import pytest
from django.contrib.auth.models import Permission

from cases.models import Case, IdRevealLog, MaterialRequest, Notice
from cases.services import case_transition, extension_request
from tests.factories.cases import VALID_ID, approval_terms, received_case

pytestmark = pytest.mark.django_db


def case_urls(case) -> list[str]:
    base = f"/admin/cases/case/{case.number}/"
    receipt = case.notices.get(kind=Notice.Kind.RECEIPT)
    return [base, base + "history/", base + f"notices/{receipt.number}/"]


def change_posts(case, extension_id) -> list[tuple[str, dict]]:
    """Every change action of the case page, each with input that would succeed."""
    base = f"/admin/cases/case/{case.number}/"
    decide = f"decide{extension_id}"
    return [
        (base + "transition/", {"action": "accept", "version": case.version}),
        (
            base + "one-time-notice/",
            {"notice-x0_name": "租房合同", "notice-x0_reason": "住址变更"},
        ),
        (base + "materials-supplied/", {"names": ["租房合同"]}),
        (
            base + "material-request/",
            {
                "request-name": "银行流水",
                "request-reason": "核对",
                "request-justification": "须核实",
            },
        ),
        (
            base + "extension/",
            {
                "extension-stage": "accept",
                "extension-days": 1,
                "extension-reason": "外调",
            },
        ),
        (
            base + f"extension/{extension_id}/decide/",
            {f"{decide}-decision": "approve", f"{decide}-informed_how": "电话"},
        ),
    ]


@pytest.fixture
def pending_extension(staff, case):
    return extension_request(
        by=staff["clerk"], case=case, stage="accept", days=1, reason="外调"
    )


def snapshot(case) -> tuple:
    case.refresh_from_db()
    return (
        case.status,
        case.version,
        case.notices.count(),
        MaterialRequest.objects.count(),
        case.deadlines.get().extensions.values_list("status", flat=True)[0],
        case.deadlines.get().extensions.count(),
    )


def test_other_township_clerk_gets_404_on_every_case_url(login, staff, case):
    client = login(staff["other_clerk"])
    for address in case_urls(case):
        response = client.get(address)
        assert response.status_code == 404, address
        assert case.applicant.name not in response.content.decode()


def test_other_township_clerk_changes_nothing(login, staff, case, pending_extension):
    before = snapshot(case)
    client = login(staff["other_clerk"])
    for address, data in change_posts(case, pending_extension.pk):
        assert client.post(address, data).status_code == 404, address
    reveal = client.post(
        f"/admin/cases/case/{case.number}/reveal-id/", {"reason": "好奇"}
    )
    assert reveal.status_code == 404
    assert snapshot(case) == before
    assert not IdRevealLog.objects.exists()


def test_auditor_reads_every_case_page(login, staff, case):
    client = login(staff["auditor"])
    for address in case_urls(case):
        assert client.get(address).status_code == 200, address
    page = client.get(case_urls(case)[0]).content.decode()
    assert "您可以查阅本案，但不能办理" in page
    assert 'name="action"' not in page


def test_auditor_every_change_action_is_refused(login, staff, case, pending_extension):
    before = snapshot(case)
    client = login(staff["auditor"])
    for address, data in change_posts(case, pending_extension.pk):
        response = client.post(address, data)
        assert response.status_code == 403, address
        assert "不能办理" in response.content.decode()
    assert snapshot(case) == before


def test_editor_has_no_case_access(login, staff, case, pending_extension):
    before = snapshot(case)
    client = login(staff["editor"])
    for address in case_urls(case):
        response = client.get(address)
        assert (response.status_code, response.url) == (302, "/admin/"), address
    for address, data in change_posts(case, pending_extension.pk):
        assert client.post(address, data).status_code == 302, address
    assert snapshot(case) == before


def test_anonymous_visitor_is_sent_to_log_in(client, case):
    for address in case_urls(case):
        response = client.get(address)
        assert response.status_code == 302
        assert response.url.startswith("/admin/login/")
    assert client.get("/admin/cases/case/").status_code == 302


def test_village_coordinator_sees_only_own_village_cases(
    login, staff, town, village, case, item
):
    own = received_case(
        staff["coordinator"], town, assistance_type=item, village=village
    )
    client = login(staff["coordinator"])
    assert client.get(f"/admin/cases/case/{own.number}/").status_code == 200
    assert client.get(f"/admin/cases/case/{case.number}/").status_code == 404


def test_archived_case_offers_no_change_forms(login, staff, case, item):
    clerk = staff["clerk"]
    for action in ("accept", "start_investigation", "submit_investigation"):
        case = case_transition(by=clerk, case=case, action=action)
    case = case_transition(
        by=staff["reviewer"], case=case, action="approve", **approval_terms()
    )
    case = case_transition(by=clerk, case=case, action="reply")
    case = case_transition(by=clerk, case=case, action="archive")
    page = login(clerk).get(f"/admin/cases/case/{case.number}/").content.decode()
    assert "案件已归档，只读" in page
    assert 'name="action"' not in page
    response = login(clerk).post(
        f"/admin/cases/case/{case.number}/material-request/",
        {"request-name": "户口簿", "request-reason": "x", "request-justification": "y"},
    )
    assert "已归档" in response.content.decode()
    assert Case.objects.get(pk=case.pk).status == Case.Status.ARCHIVED


def test_full_id_number_never_reaches_a_page_without_the_log(login, staff, case):
    for role in ("clerk", "reviewer", "auditor"):
        client = login(staff[role])
        for address in case_urls(case):
            assert VALID_ID not in client.get(address).content.decode(), address


def test_auditor_given_change_permission_by_mistake_is_still_refused(
    login, staff, case, pending_extension
):
    """The services check the role again, so a stray permission changes nothing."""
    staff["auditor"].groups.get().permissions.add(
        Permission.objects.get(codename="change_case")
    )
    before = snapshot(case)
    client = login(staff["auditor"])
    for address, data in change_posts(case, pending_extension.pk):
        assert client.post(address, data).status_code == 403, address
    assert snapshot(case) == before
