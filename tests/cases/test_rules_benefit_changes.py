"""待遇调整 (增发、减发、补发、暂停发放、停发): only on a recipient still paid,
with an amount that makes sense and a month within the payment's span; 停发
records the exit, after which nothing changes."""

from datetime import date
from decimal import Decimal

import pytest

from cases.history import verify_model
from cases.models import BenefitChange, Recipient, RecipientExit
from cases.services import (
    CaseError,
    CasePermissionDenied,
    RecipientNotActive,
    benefit_change_record,
    review_record,
)
from cases.timeline import case_timeline
from tests.factories.api import ApiClient
from tests.factories.clock import on_day
from tests.factories.records import decided_case

pytestmark = pytest.mark.django_db

APPROVED_ON = date(2026, 11, 10)  # paid from 2026-12, 580.50 a month
TODAY = date(2027, 3, 15)


@pytest.fixture
def case(people):
    with on_day(APPROVED_ON):
        return decided_case(people.clerk, people.reviewer, people.east, "approved")


def change(people, case, kind, amount=None, month="2027-04", reason="核实后调整", **kw):
    with on_day(kw.pop("day", TODAY)):
        return benefit_change_record(
            by=kw.pop("by", people.clerk),
            case=case,
            kind=kind,
            amount=amount,
            effective_month=month,
            reason=reason,
            **kw,
        )


def amount_of(case) -> Decimal:
    return Recipient.objects.get(case=case).monthly_amount


def test_rules_increase_and_decrease_change_the_monthly_amount(people, case):
    raised = change(people, case, "increase", "50")
    assert (raised.amount_before, raised.amount_after) == (
        Decimal("580.50"),
        Decimal("630.50"),
    )
    assert raised.effective_month == date(2027, 4, 1)
    assert amount_of(case) == Decimal("630.50")
    lowered = change(people, case, "decrease", "130.5", month="2027-06")
    assert lowered.amount_after == Decimal("500.00")
    assert amount_of(case) == Decimal("500.00")
    assert verify_model(BenefitChange.history.model)[1] == []


def test_rules_back_pay_is_paid_once_and_leaves_the_monthly_amount(people, case):
    paid = change(people, case, "back_pay", "1161", month="2027-03")
    assert paid.amount == Decimal("1161.00")
    assert paid.amount_after == paid.amount_before == Decimal("580.50")
    assert amount_of(case) == Decimal("580.50")


def test_rules_decrease_must_leave_something_to_pay(people, case):
    with pytest.raises(CaseError) as excinfo:
        change(people, case, "decrease", "580.50")
    assert excinfo.value.field == "amount"
    assert "停发" in excinfo.value.message
    assert not BenefitChange.objects.exists()


def test_rules_suspend_stops_payment_until_a_review_resumes_it(people, case):
    change(people, case, "suspend", month="2027-03", reason="外出务工，联系不上")
    assert Recipient.objects.get(case=case).status == Recipient.Status.SUSPENDED
    # While suspended: no 增发、减发, nor a second 暂停; 补发 is allowed.
    for kind, amount in (("increase", "10"), ("decrease", "10"), ("suspend", None)):
        with pytest.raises(RecipientNotActive) as excinfo:
            change(people, case, kind, amount)
        assert "暂停发放" in excinfo.value.message
    change(people, case, "back_pay", "100", month="2027-04")
    with on_day(TODAY):
        review_record(by=people.clerk, case=case, outcome="continue", reason="已联系")
    assert Recipient.objects.get(case=case).status == Recipient.Status.ACTIVE
    change(people, case, "increase", "10")


def test_rules_stop_records_the_exit(people, case):
    change(
        people,
        case,
        "stop",
        month="2027-04",
        reason="本人死亡",
        exit_reason=RecipientExit.Reason.DEATH,
    )
    assert Recipient.objects.get(case=case).status == Recipient.Status.STOPPED
    exit_ = RecipientExit.objects.get(case=case)
    assert (exit_.reason, exit_.exited_on, exit_.note) == ("death", TODAY, "本人死亡")


def test_rules_no_change_on_stopped_recipient(people, case):
    change(people, case, "stop", reason="迁出本县")
    assert RecipientExit.objects.get(case=case).reason == RecipientExit.Reason.OTHER
    for kind in BenefitChange.Kind.values:
        amount = "10" if kind in ("increase", "decrease", "back_pay") else None
        with pytest.raises(RecipientNotActive) as excinfo:
            change(people, case, kind, amount)
        assert "已停发" in excinfo.value.message
    assert BenefitChange.objects.count() == 1


def test_rules_an_exit_recorded_directly_stops_the_recipient(people, case):
    from cases.services import case_exit

    with on_day(TODAY):
        case_exit(by=people.clerk, case=case, exited_on=TODAY, reason="moved_away")
    recipient = Recipient.objects.get(case=case)
    assert recipient.status == Recipient.Status.STOPPED
    assert recipient.history.first().history_change_reason.startswith("救助对象退出")


@pytest.mark.parametrize(
    ("kind", "amount", "month", "field"),
    [
        ("increase", None, "2027-04", "amount"),
        ("increase", "0", "2027-04", "amount"),
        ("increase", "-50", "2027-04", "amount"),
        ("increase", "NaN", "2027-04", "amount"),
        ("increase", "Infinity", "2027-04", "amount"),
        ("increase", "100000.01", "2027-04", "amount"),
        ("increase", "1e400", "2027-04", "amount"),
        ("increase", "5.005", "2027-04", "amount"),
        ("back_pay", "abc", "2027-04", "amount"),
        ("suspend", "10", "2027-04", "amount"),
        ("increase", "10", "2027-4", "effective_month"),
        ("increase", "10", "2027-13", "effective_month"),
        ("increase", "10", "", "effective_month"),
        ("increase", "10", "2026-11", "effective_month"),  # before the start
        ("increase", "10", "2028-04", "effective_month"),  # over 12 months ahead
        ("stop", None, "2027-06", "effective_month"),  # stop: next month at most
        ("raise", "10", "2027-04", "kind"),
    ],
)
def test_rules_bad_input_is_refused_and_nothing_saved(
    people, case, kind, amount, month, field
):
    with pytest.raises(CaseError) as excinfo:
        change(people, case, kind, amount, month=month)
    assert excinfo.value.field == field
    assert excinfo.value.message
    assert not BenefitChange.objects.exists()
    assert amount_of(case) == Decimal("580.50")
    assert not RecipientExit.objects.exists()


def test_rules_a_reason_is_required(people, case):
    with pytest.raises(CaseError) as excinfo:
        change(people, case, "increase", "10", reason=" \n ")
    assert excinfo.value.field == "reason"


def test_rules_only_the_window_and_the_county_change_payments(people, case):
    for who in (people.coordinator, people.auditor, people.west_clerk, people.editor):
        with pytest.raises(CasePermissionDenied):
            change(people, case, "increase", "10", by=who)
    change(people, case, "increase", "10", by=people.reviewer)


def test_rules_each_change_is_in_the_case_timeline_in_chinese(people, case):
    change(people, case, "increase", "50")
    change(people, case, "back_pay", "200", month="2027-03")
    reasons = [entry.reason for entry in case_timeline(case)]
    assert "待遇调整：增发，自2027年4月，50.00元" in reasons
    assert "待遇调整：补发，自2027年3月，200.00元" in reasons
    assert "待遇调整" in {entry.record for entry in case_timeline(case)}


# ---- the API


def post(user, case, body, day=TODAY):
    with on_day(day):
        return ApiClient(user).post(f"/cases/{case.number}/benefit-changes", body)


def test_rules_benefit_change_through_the_api(people, case):
    response = post(
        people.clerk,
        case,
        {
            "kind": "increase",
            "amount": "50",
            "effective_month": "2027-04",
            "reason": "家庭成员患重病",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["kind_label"] == "增发"
    assert (body["amount"], body["amount_before"], body["amount_after"]) == (
        "50.00",
        "580.50",
        "630.50",
    )
    assert body["effective_month"] == "2027-04"
    assert body["case_number"] == case.number


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "raise"}, "kind"),
        ({"kind": "increase", "amount": "-1"}, "amount"),
        ({"kind": "increase", "amount": 50}, "amount"),
        ({"kind": "increase", "amount": "9999999"}, "amount"),
        ({"kind": "increase", "amount": "200000"}, "amount"),
        ({"kind": "increase", "amount": "0"}, "amount"),
        ({"kind": "increase", "effective_month": "27-04"}, "effective_month"),
        ({"kind": "increase", "effective_month": "2027-00"}, "effective_month"),
        ({"kind": "increase", "reason": ""}, "reason"),
        ({"kind": "stop", "amount": "", "exit_reason": "bored"}, "exit_reason"),
    ],
)
def test_rules_benefit_change_bad_input_is_422(people, case, body, field):
    full = {
        "kind": "increase",
        "amount": "50",
        "effective_month": "2027-04",
        "reason": "调整",
        **body,
    }
    response = post(people.clerk, case, full)
    assert response.status_code == 422, response.content
    assert field in {e["field"] for e in response.json()["errors"]}
    assert not BenefitChange.objects.exists()


def test_rules_benefit_change_on_another_townships_case_is_404(people, case):
    response = post(
        people.west_clerk,
        case,
        {"kind": "suspend", "effective_month": "2027-04", "reason": "x"},
    )
    assert response.status_code == 404
    assert not BenefitChange.objects.exists()


def test_rules_benefit_change_on_a_stopped_recipient_is_409(people, case):
    stop = {"kind": "stop", "effective_month": "2027-04", "reason": "迁出本县"}
    assert post(people.clerk, case, stop).status_code == 201
    response = post(
        people.clerk,
        case,
        {
            "kind": "back_pay",
            "amount": "10",
            "effective_month": "2027-04",
            "reason": "补发",
        },
    )
    assert response.status_code == 409
    assert "已停发" in response.json()["message"]
    assert BenefitChange.objects.count() == 1


def test_rules_benefit_change_by_a_village_coordinator_is_refused(people, case):
    response = post(
        people.coordinator,
        case,
        {"kind": "suspend", "effective_month": "2027-04", "reason": "x"},
    )
    assert response.status_code in (403, 404)
    assert not BenefitChange.objects.exists()


# ---- 发放花名册


def test_rules_roster_pays_each_month_what_the_records_say(people, case, tmp_path):
    from cases.selectors.roster import payment_roster

    def paid(month):
        rows = payment_roster(people.clerk, month)
        return {r.recipient.case_id: (r.monthly, r.back_pay) for r in rows}.get(case.pk)

    change(people, case, "increase", "50", month="2027-02", day=date(2027, 1, 20))
    change(people, case, "back_pay", "100", month="2027-02", day=date(2027, 1, 21))
    change(people, case, "suspend", month="2027-04", day=date(2027, 3, 28))
    with on_day(date(2027, 6, 3)):
        review_record(by=people.clerk, case=case, outcome="continue", reason="已核实")
    change(people, case, "stop", month="2027-08", day=date(2027, 7, 20))
    assert paid(date(2026, 11, 1)) is None  # before the start month
    assert paid(date(2026, 12, 1)) == (Decimal("580.50"), Decimal("0.00"))
    assert paid(date(2027, 2, 1)) == (Decimal("630.50"), Decimal("100.00"))
    assert paid(date(2027, 3, 1)) == (Decimal("630.50"), Decimal("0.00"))
    assert paid(date(2027, 4, 1)) is None  # suspended
    assert paid(date(2027, 6, 1)) == (Decimal("630.50"), Decimal("0.00"))  # resumed
    assert paid(date(2027, 7, 1)) == (Decimal("630.50"), Decimal("0.00"))
    assert paid(date(2027, 8, 1)) is None  # stopped
    # Another township's clerk: not on their roster.
    assert payment_roster(people.west_clerk, date(2027, 2, 1)) == []


def test_payment_roster_command_writes_the_workbook(people, case, tmp_path):
    import io

    from django.core.management import call_command
    from openpyxl import load_workbook

    target = tmp_path / "roster.xlsx"
    err = io.StringIO()
    call_command("payment_roster", month="2026-12", output=str(target), stderr=err)
    rows = [[c.value for c in r] for r in load_workbook(target).active.iter_rows()]
    assert [r for r in rows if r[0] == case.number][0][6] == Decimal("580.50")
    assert "已处理 1/1" in err.getvalue() and "1 人" in err.getvalue()
