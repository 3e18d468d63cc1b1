"""The case page: what it shows, revealing an ID number, and moving the case on."""

import pytest
from django.test import Client
from django.utils import timezone

from cases.models import Case, IdRevealLog, Notice, RecipientExit
from tests.factories.cases import VALID_ID, received_case

pytestmark = pytest.mark.django_db


def url(case, action=""):
    return f"/admin/cases/case/{case.number}/" + (f"{action}/" if action else "")


def test_case_page_shows_status_deadlines_materials_and_notices(login, staff, case):
    page = login(staff["clerk"]).get(url(case)).content.decode()
    deadline = case.deadlines.get()
    assert case.get_status_display() in page
    assert f"{deadline.due_on:%Y-%m-%d}" in page
    assert deadline.calculation.splitlines()[0] in page
    assert "家庭困难情况说明" in page
    receipt = case.notices.get(kind=Notice.Kind.RECEIPT)
    assert url(case, f"notices/{receipt.number}") in page
    assert 'name="version" value="1"' in page


def test_case_page_masks_the_id_number(login, staff, case):
    page = login(staff["clerk"]).get(url(case)).content.decode()
    assert VALID_ID not in page and case.applicant.masked_id_number in page


def test_reveal_without_reason_shows_nothing_and_logs_nothing(login, staff, case):
    response = login(staff["clerk"]).post(url(case, "reveal-id"), {"reason": " "})
    assert VALID_ID not in response.content.decode()
    assert response.context["reveal_form"].errors["reason"]
    assert not IdRevealLog.objects.exists()


@pytest.mark.parametrize("role", ["clerk", "reviewer", "auditor"])
def test_reveal_with_reason_is_logged_and_shown_once(login, staff, case, role):
    client = login(staff[role])
    response = client.post(url(case, "reveal-id"), {"reason": "核对户籍信息"})
    assert response.status_code == 200
    assert VALID_ID in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    log = IdRevealLog.objects.get()
    assert (log.user, log.case, log.reason) == (staff[role], case, "核对户籍信息")
    assert VALID_ID not in client.get(url(case)).content.decode()
    history = client.get(url(case, "history")).content.decode()
    assert "核对户籍信息" in history and VALID_ID not in history


def test_reveal_is_a_post_only_action(login, staff, case):
    assert login(staff["clerk"]).get(url(case, "reveal-id")).status_code == 405


def test_transition_button_moves_the_case_on(login, staff, case):
    client = login(staff["clerk"])
    response = client.post(
        url(case, "transition"), {"action": "accept", "note": "", "version": 1}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.version) == (Case.Status.ACCEPTED, 2)
    assert "已受理" in client.get(url(case)).content.decode()


def test_only_available_transitions_are_offered(login, staff, case):
    def buttons(user):
        page = login(user).get(url(case)).content.decode()
        return {
            a
            for a in ("accept", "reject", "refer", "approve")
            if f'name="action" value="{a}"' in page
        }

    assert buttons(staff["clerk"]) == {"accept", "reject", "refer"}
    assert buttons(staff["reviewer"]) == set()
    assert buttons(staff["auditor"]) == set()


def test_second_clerk_with_a_stale_version_is_refused_and_nothing_changes(staff, case):
    """两名经办人同时打开案件：后提交的一方被拒绝，不覆盖先提交的结果。"""
    first, second = Client(), Client()
    first.force_login(staff["clerk"])
    second.force_login(staff["clerk_b"])
    for browser in (first, second):
        assert 'name="version" value="1"' in browser.get(url(case)).content.decode()
    first.post(url(case, "transition"), {"action": "accept", "version": 1})
    response = second.post(
        url(case, "transition"),
        {"action": "reject", "note": "材料不全", "version": 1},
    )
    assert response.status_code == 409
    assert "已被他人修改" in response.content.decode()
    case.refresh_from_db()
    assert (case.status, case.version) == (Case.Status.ACCEPTED, 2)
    assert not case.notices.filter(kind=Notice.Kind.NOT_ACCEPTED).exists()
    # The refusal shows the case as it now is, ready for a fresh decision.
    assert 'name="version" value="2"' in response.content.decode()


def test_reject_without_reason_shows_message_at_the_note(login, staff, case):
    response = login(staff["clerk"]).post(
        url(case, "transition"), {"action": "reject", "note": "", "version": 1}
    )
    assert response.status_code == 400
    assert response.context["transition_form"].errors["note"] == [
        "“不予受理”须写明理由。"
    ]
    case.refresh_from_db()
    assert case.status == Case.Status.RECEIVED


def test_transition_not_allowed_in_this_state_is_refused(login, staff, case):
    response = login(staff["clerk"]).post(
        url(case, "transition"), {"action": "reply", "version": 1}
    )
    assert response.status_code == 409
    assert "不能执行" in response.content.decode()


def test_one_time_notice_lists_missing_items_and_pauses_the_clock(
    login, staff, town, item
):
    case = received_case(
        staff["clerk"], town, assistance_type=item, materials=["户口簿"]
    )
    client = login(staff["clerk"])
    page = client.get(url(case)).content.decode()
    assert "出具一次性告知书" in page
    missing = [m.name for m in case.materials.filter(received=False)]
    data = {
        "notice-m0_include": "on",
        "notice-m0_reason": "未携带原件",
        "notice-m1_include": "on",
        "notice-m1_reason": "须村委会盖章",
        "notice-x0_name": "医院诊断证明",
        "notice-x0_reason": "申请事由涉及大病",
    }
    response = client.post(url(case, "one-time-notice"), data)
    assert response.status_code == 302
    notice = case.notices.get(kind=Notice.Kind.ONE_TIME)
    items = list(notice.items.values_list("material_name", "reason"))
    assert items == [
        (missing[0], "未携带原件"),
        (missing[1], "须村委会盖章"),
        ("医院诊断证明", "申请事由涉及大病"),
    ]
    assert case.pauses.filter(ended_on__isnull=True).exists()
    assert "补正中" in client.get(url(case)).content.decode()


def test_one_time_notice_item_without_reason_is_refused(login, staff, town, item):
    case = received_case(staff["clerk"], town, assistance_type=item)
    response = login(staff["clerk"]).post(
        url(case, "one-time-notice"), {"notice-m0_include": "on"}
    )
    assert response.context["notice_form"].errors["m0_reason"]
    assert not case.notices.filter(kind=Notice.Kind.ONE_TIME).exists()


@pytest.mark.parametrize(
    ("action", "form_key", "message"),
    [
        ("one-time-notice", "notice_form", "一次性告知书至少要列明一项缺少的材料。"),
        ("materials-supplied", "supplied_form", "请勾选申请人本次补交的材料。"),
        ("exit", "exit_form", "请填写退出日期。"),
    ],
)
def test_empty_post_to_a_case_action_shows_its_form_again_with_the_error(
    login, staff, case, action, form_key, message
):
    """Like accept, refer or extension: the form again (200), the reason beside
    it, and nothing saved; 400 is kept for submissions that cannot be read."""

    def saved():
        received = case.materials.filter(received=True).count()
        return (case.version, case.notices.count(), case.pauses.count(), received)

    before = saved()
    response = login(staff["clerk"]).post(url(case, action), {})
    assert response.status_code == 200
    form = response.context[form_key]
    assert message in [str(e) for errors in form.errors.values() for e in errors]
    assert message in response.content.decode()
    case.refresh_from_db()
    assert saved() == before
    assert not RecipientExit.objects.exists()


def test_empty_supplied_form_under_an_open_notice_shows_the_form_again(
    login, staff, case
):
    client = login(staff["clerk"])
    client.post(
        url(case, "one-time-notice"),
        {"notice-x0_name": "租房合同", "notice-x0_reason": "住址与户籍不一致"},
    )
    response = client.post(url(case, "materials-supplied"), {})
    assert response.status_code == 200
    assert response.context["supplied_form"].errors["names"]
    notice = case.notices.get(kind=Notice.Kind.ONE_TIME)
    assert notice.resolved_at is None
    assert not notice.items.filter(supplied_at__isnull=False).exists()


def test_materials_supplied_ends_the_pause(login, staff, case):
    client = login(staff["clerk"])
    client.post(
        url(case, "one-time-notice"),
        {"notice-x0_name": "租房合同", "notice-x0_reason": "住址与户籍不一致"},
    )
    response = client.post(url(case, "materials-supplied"), {"names": ["租房合同"]})
    assert response.status_code == 302
    notice = case.notices.get(kind=Notice.Kind.ONE_TIME)
    assert notice.resolved_at is not None
    assert not case.pauses.filter(ended_on__isnull=True).exists()


def test_supplied_without_an_open_notice_gets_the_services_message(login, staff, case):
    response = login(staff["clerk"]).post(
        url(case, "materials-supplied"), {"names": ["户口簿"]}
    )
    assert response.status_code == 400
    assert "没有待补正的一次性告知书" in response.content.decode()


def test_clerk_cannot_ask_for_material_not_in_the_one_time_notice(login, staff, case):
    response = login(staff["clerk"]).post(
        url(case, "material-request"),
        {"request-name": "银行流水", "request-reason": "核对收入"},
    )
    assert response.status_code == 400
    errors = response.context["request_form"].errors["name"]
    assert "未在一次性告知书中列明" in errors[0]
    assert not case.material_requests.exists()


def test_reviewer_may_ask_for_more_with_a_recorded_justification(login, staff, case):
    response = login(staff["reviewer"]).post(
        url(case, "material-request"),
        {
            "request-name": "银行流水",
            "request-reason": "核对收入",
            "request-justification": "信息比对发现大额转账，须核实",
        },
    )
    assert response.status_code == 302
    request = case.material_requests.get()
    assert (request.justified_by, request.in_one_time_notice) == (
        staff["reviewer"],
        False,
    )


def test_extension_request_then_reviewer_approval_records_how_applicant_was_told(
    login, staff, case
):
    clerk_client = login(staff["clerk"])
    response = clerk_client.post(
        url(case, "extension"),
        {"extension-stage": "accept", "extension-days": 2, "extension-reason": "外调"},
    )
    assert response.status_code == 302
    extension = case.deadlines.get().extensions.get()
    assert "decide" not in clerk_client.get(url(case)).content.decode()

    reviewer_client = login(staff["reviewer"])
    decide_url = url(case, f"extension/{extension.pk}/decide")
    assert decide_url in reviewer_client.get(url(case)).content.decode()
    prefix = f"decide{extension.pk}"
    refused = reviewer_client.post(decide_url, {f"{prefix}-decision": "approve"})
    assert refused.status_code == 400
    assert "告知方式" in refused.content.decode()
    extension.refresh_from_db()
    assert extension.status == "requested"

    reviewer_client.post(
        decide_url,
        {f"{prefix}-decision": "approve", f"{prefix}-informed_how": "电话告知本人"},
    )
    extension.refresh_from_db()
    assert (extension.status, extension.applicant_informed_how) == (
        "approved",
        "电话告知本人",
    )
    assert case.deadlines.get().extended_days == 2
    assert case.notices.filter(kind=Notice.Kind.EXTENSION).exists()


def test_clerk_cannot_decide_an_extension(login, staff, case):
    client = login(staff["clerk"])
    client.post(
        url(case, "extension"),
        {"extension-stage": "accept", "extension-days": 1, "extension-reason": "外调"},
    )
    extension = case.deadlines.get().extensions.get()
    response = client.post(
        url(case, f"extension/{extension.pk}/decide"),
        {
            f"decide{extension.pk}-decision": "approve",
            f"decide{extension.pk}-informed_how": "电话",
        },
    )
    assert response.status_code == 403
    extension.refresh_from_db()
    assert extension.status == "requested"


def test_extension_over_the_cap_is_refused_on_the_days_field(login, staff, case):
    response = login(staff["clerk"]).post(
        url(case, "extension"),
        {"extension-stage": "accept", "extension-days": 99, "extension-reason": "x"},
    )
    assert "延期累计不能超过" in response.context["extension_form"].errors["days"][0]


def test_history_tab_shows_who_when_why_and_old_and_new_values(login, staff, case):
    client = login(staff["clerk"])
    client.post(
        url(case, "transition"),
        {"action": "accept", "note": "材料齐全", "version": 1},
    )
    response = client.get(url(case, "history"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "刘海燕" in page
    assert "受理：材料齐全" in page
    assert "<del>已接收</del> → <ins>已受理</ins>" in page
    assert VALID_ID not in page
    # Times inside the diffs are local time too, not UTC.
    receipt = case.notices.get(kind=Notice.Kind.RECEIPT)
    assert f"{timezone.localtime(receipt.issued_at):%Y-%m-%d %H:%M:%S}" in page
