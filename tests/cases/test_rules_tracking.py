"""办理进度查询 and 投诉查询 (issue 22, item 2).

The seeds promise a named complainant an answer within 10 working days; the
public tracks a complaint by its number and the last four digits of the phone
left with it, as an applicant tracks a case. The case answer shows the
assistance type, the stages in the order of the procedure with their due dates,
the pauses and approved extensions, and each referral's state, an overdue one
flagged. Whatever is typed, a wrong or absurd number, wrong digits or somebody
else's record get the same words and never a 500, so nothing tells whether a
number exists.
"""

import re
from datetime import date

import pytest
from django.test import Client

from cases.models import Case, Complaint, StageDeadline
from cases.progress import case_progress, tracking_number
from cases.services import (
    case_transition,
    complaint_answer,
    extension_decide,
    extension_request,
    one_time_notice_issue,
)
from core.stages import CASE_STAGES
from core.workdays import WorkingCalendar
from tests.factories.api import ApiClient
from tests.factories.cases import accepted_case, received_case
from tests.factories.clock import on_day
from tests.factories.records import public_complaint, referral, staff_complaint

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_rate_limit")]

PAGE = "/progress/"
NOT_FOUND = "没有查到"


def page(number, last4, address="192.0.2.10"):
    return Client(REMOTE_ADDR=address).post(
        PAGE, {"number": number, "phone_last4": last4}
    )


def api(path, number, last4, address="192.0.2.20"):
    client = ApiClient()
    client.client.defaults["REMOTE_ADDR"] = address
    return client.get(path, number=number, phone_last4=last4)


@pytest.fixture
def named_complaint():
    with on_day(date(2026, 9, 30)):
        return public_complaint(name="李梅", phone="13800001234")


# ---- complaints: number + last 4 digits, the 10-working-day due date ----------


def test_rules_complaint_tracked_by_number_and_last4_with_its_10_working_day_due(
    named_complaint,
):
    """Received 2026-09-30: ten working days on the case calendar, over 国庆节
    and counting the adjusted Saturday 10-10, fall on 2026-10-20."""
    due = WorkingCalendar().add(date(2026, 9, 30), 10).result
    assert named_complaint.response_due == due == date(2026, 10, 20)
    response = page(named_complaint.number, "1234")
    text = response.content.decode()
    assert response.status_code == 200
    assert named_complaint.number in text
    assert "2026-10-20" in text and "10 个工作日" in text
    assert "已登记" in text
    data = api("/complaints/progress", named_complaint.number, "1234").json()
    assert data["response_due"] == "2026-10-20"
    assert data["received_on"] == "2026-09-30"
    assert data["status_label"] == "已登记"


def test_rules_complaint_tracking_shows_nothing_the_complainant_wrote(
    named_complaint,
):
    for response in (
        page(named_complaint.number, "1234"),
        api("/complaints/progress", named_complaint.number, "1234"),
    ):
        text = response.content.decode()
        for personal in ("李梅", "13800001234", named_complaint.content[:8]):
            assert personal not in text


def test_rules_complaint_past_its_due_date_and_unanswered_is_flagged_overdue(people):
    with on_day(date(2026, 9, 1)):
        late = staff_complaint(people.clerk, township=people.east)
    data = api("/complaints/progress", late.number, "1111").json()
    assert data["overdue"] is True
    assert "已超过反馈期限" in page(late.number, "1111").content.decode()


def test_rules_answered_complaint_shows_its_answer_date_and_is_not_overdue(people):
    with on_day(date(2026, 9, 1)):
        complaint = staff_complaint(people.clerk, township=people.east)
    with on_day(date(2026, 9, 8)):
        complaint_answer(
            by=people.clerk,
            complaint=complaint,
            findings="经查属实。",
            answer="已督促经办人三日内答复。",
            answered_how="电话告知",
            accountability=Complaint.Accountability.EDUCATION,
        )
    data = api("/complaints/progress", complaint.number, "1111").json()
    assert data["status_label"] == "已反馈"
    assert data["answered_on"] == "2026-09-08"
    assert data["overdue"] is False


def test_rules_unnamed_complaint_with_a_phone_is_tracked_without_a_due_date():
    complaint = public_complaint(phone="13800005678")
    data = api("/complaints/progress", complaint.number, "5678").json()
    assert data["response_due"] is None and data["overdue"] is False
    assert "不设反馈期限" in page(complaint.number, "5678").content.decode()


def test_rules_complaint_without_a_phone_cannot_be_tracked():
    complaint = public_complaint()
    response = page(complaint.number, "0000")
    assert response.status_code == 404
    assert NOT_FOUND in response.content.decode()


def test_complaint_receipt_page_points_to_the_progress_check():
    import time

    from cases.public.spam import form_token

    response = Client().post(
        "/complaints/submit/",
        {
            "name": "李梅",
            "phone": "13800001234",
            "content": "窗口材料一次没有说清楚。",
            "token": form_token(now=time.time() - 60),
        },
    )
    assert response.status_code == 201, response.content.decode()[:500]
    assert f'href="{PAGE}"' in response.content.decode()


# ---- cases: type, stages in order, pauses, extensions, referrals ---------------


def test_rules_case_progress_names_the_assistance_type(people):
    case = received_case(people.clerk, people.east)
    text = page(case.number, "5678").content.decode()
    assert case.assistance_type.name in text
    data = api("/progress", case.number, "5678").json()
    assert data["assistance_type"] == case.assistance_type.name


def test_rules_case_stages_are_shown_in_the_order_of_the_procedure(people):
    """The order is the procedure's, not the order the deadlines were written
    or the dates they start on (here scrambled on purpose)."""
    case = accepted_case(people.clerk, people.east)
    case = case_transition(by=people.clerk, case=case, action="start_investigation")
    stages = list(case.deadlines.values_list("stage", flat=True))
    assert len(stages) >= 2
    for offset, deadline in enumerate(case.deadlines.order_by("-pk")):
        StageDeadline.objects.filter(pk=deadline.pk).update(
            starts_on=date(2026, 1, 1 + offset)
        )
    order = [s.value for s in CASE_STAGES]
    shown = [
        d["stage"] for d in api("/progress", case.number, "5678").json()["deadlines"]
    ]
    assert shown == sorted(stages, key=order.index)
    html = page(case.number, "5678").content.decode()
    text = html[html.index("progress-deadlines") :]
    labels = [
        d.get_stage_display()
        for d in sorted(case.deadlines.all(), key=lambda d: order.index(d.stage))
    ]
    positions = [text.index(f">{label}<") for label in labels]
    assert positions == sorted(positions)


def test_rules_case_shows_a_correction_pause_and_no_overdue_while_paused(people):
    with on_day(date(2026, 11, 2)):
        case = accepted_case(people.clerk, people.east)
        case = case_transition(by=people.clerk, case=case, action="start_investigation")
    with on_day(date(2026, 11, 3)):
        one_time_notice_issue(
            by=people.clerk, case=case, items=[("户口簿", "未携带原件")]
        )
    case = Case.objects.get(pk=case.pk)
    progress = case_progress(case, today=date(2026, 12, 20))
    assert progress.paused is True
    [pause] = progress.pauses
    assert pause.kind_label == "补正" and pause.started_on == date(2026, 11, 3)
    assert pause.ended_on is None
    running = [d for d in progress.deadlines if not d.completed]
    assert running and all(d.state == "paused" for d in running)
    text = page(case.number, "5678").content.decode()
    assert "暂停计时" in text and "尚未结束" in text


def test_rules_case_shows_an_approved_extension_and_the_moved_due_date(people):
    with on_day(date(2026, 11, 2)):
        case = accepted_case(people.clerk, people.east)
        case = case_transition(by=people.clerk, case=case, action="start_investigation")
        asked = extension_request(
            by=people.clerk,
            case=case,
            stage="investigate",
            days=3,
            reason="需向外县信函索证。",
        )
    before = case.deadlines.get(stage="investigate").due_on
    with on_day(date(2026, 11, 4)):
        extension_decide(
            by=people.reviewer, extension=asked, approve=True, informed_how="电话告知"
        )
    data = api("/progress", case.number, "5678").json()
    [extension] = data["extensions"]
    assert extension == {
        "stage": "investigate",
        "stage_label": "调查核实",
        "days": 3,
        "approved_on": "2026-11-04",
    }
    [investigate] = [d for d in data["deadlines"] if d["stage"] == "investigate"]
    assert investigate["extended_days"] == 3
    assert investigate["due_on"] > f"{before:%Y-%m-%d}"
    assert "含延长3个工作日" in investigate["limit_label"]
    assert "经批准的延期" in page(case.number, "5678").content.decode()


def test_rules_a_refused_extension_is_not_shown(people):
    case = accepted_case(people.clerk, people.east)
    case = case_transition(by=people.clerk, case=case, action="start_investigation")
    asked = extension_request(
        by=people.clerk, case=case, stage="investigate", days=2, reason="需补充调查。"
    )
    extension_decide(by=people.reviewer, extension=asked, approve=False)
    assert api("/progress", case.number, "5678").json()["extensions"] == []


def test_rules_case_referral_past_its_feedback_date_is_flagged_overdue(people):
    with on_day(date(2026, 11, 2)):
        case = received_case(people.clerk, people.east)
    with on_day(date(2026, 11, 20)):
        late = referral(people.clerk, case, due_working_days=1)  # due 11-23
        on_time = referral(
            people.clerk, case, department=people.housing, need="住房救助"
        )
    assert late.feedback_due == date(2026, 11, 23) < on_time.feedback_due
    due_day = case_progress(Case.objects.get(pk=case.pk), today=date(2026, 11, 23))
    assert [r.overdue for r in due_day.referrals] == [False, False]
    with on_day(date(2026, 11, 24)):
        data = api("/progress", case.number, "5678").json()
        text = page(case.number, "5678").content.decode()
    overdue = {r["department"]: r["overdue"] for r in data["referrals"]}
    assert overdue == {late.department.name: True, on_time.department.name: False}
    assert text.count("已逾期") == 1


def test_rules_overdue_stage_is_flagged_and_a_completed_one_is_not(people):
    with on_day(date(2026, 11, 2)):
        case = accepted_case(people.clerk, people.east)
    progress = case_progress(case, today=date(2026, 12, 31))
    states = {d.stage: d.state for d in progress.deadlines}
    assert states["accept"] == "completed"
    assert "overdue" in states.values()
    with on_day(date(2026, 12, 31)):
        assert "已超期" in page(case.number, "5678").content.decode()


# ---- bad input: one answer for all, never a 500 -------------------------------


ABSURD = [
    "0",
    "JZ",
    "JZ0000000000000000000000",
    "TS9999999999",
    "A" * 25,
    "9" * 5000,
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "' OR '1'='1",
    "JZ2026000001; DROP TABLE cases_case",
    "😀😀😀",
    "案件编号",
    "\x00\x1f",
    "%00",
]


@pytest.mark.parametrize("number", ABSURD)
def test_rules_absurd_numbers_get_the_not_found_answer_never_a_500(people, number):
    received_case(people.clerk, people.east)
    response = page(number, "5678")
    assert response.status_code == 404
    text = response.content.decode()
    assert NOT_FOUND in text
    assert "<script>alert" not in text
    for path in ("/progress", "/complaints/progress"):
        answer = api(path, number[:40], "5678")
        assert answer.status_code in (404, 422), (path, answer.status_code)
        assert answer.json()["message"]


def test_rules_wrong_digits_unknown_number_and_someone_elses_record_answer_alike(
    people, named_complaint
):
    case = received_case(people.clerk, people.east)
    other = public_complaint(name="王强", phone="13900009999", case_number=case.number)
    tries = [
        page(case.number, "0000"),  # wrong digits
        page(named_complaint.number, "9999"),  # someone else's digits
        page(other.number, "1234"),
        page(case.number, "9999"),  # a complaint about the case: not the applicant
        page("TS2026999999", "1234"),  # unknown
        page("JZ2026999999", "5678"),
    ]
    assert {r.status_code for r in tries} == {404}
    messages = {_message(r.content.decode()) for r in tries}
    assert len(messages) == 1 and NOT_FOUND in messages.pop()
    apis = [
        api("/complaints/progress", named_complaint.number, "9999"),
        api("/complaints/progress", "TS2026999999", "1234"),
        api("/complaints/progress", case.number, "5678"),  # a case is no complaint
        api("/progress", named_complaint.number, "1234"),  # nor the other way
    ]
    assert {r.status_code for r in apis} == {404}
    assert len({r.content for r in apis}) == 1


def _message(html: str) -> str:
    return re.search(r'role="alert"[^>]*>([^<]*)<', html)[1]


def test_rules_not_found_page_does_not_echo_the_digits(people):
    case = received_case(people.clerk, people.east)
    text = page(case.number, "4321").content.decode()
    assert 'value="4321"' not in text


def test_rules_number_typed_in_full_width_or_lower_case_is_the_same_number(people):
    case = received_case(people.clerk, people.east)
    wide = "".join(chr(ord(c) + 0xFEE0) for c in case.number.lower())
    assert tracking_number(f"  {wide} ") == case.number
    assert page(f" {wide} ", "5678").status_code == 200


def test_rules_complaint_numbers_share_the_per_number_lock(named_complaint):
    """Ten wrong guesses at a complaint number lock it, page and API alike."""
    for n in range(5):
        assert (
            page(named_complaint.number, f"{n:04d}", f"198.51.100.{n}").status_code
            == 404
        )
        assert (
            api(
                "/complaints/progress",
                named_complaint.number,
                f"{n:04d}",
                f"198.51.101.{n}",
            ).status_code
            == 404
        )
    locked = page(named_complaint.number, "1234", "203.0.113.9")
    assert locked.status_code == 429 and "暂停查询" in locked.content.decode()
    refused = api(
        "/complaints/progress", named_complaint.number, "1234", "203.0.113.10"
    )
    assert refused.status_code == 429 and "Retry-After" in refused
