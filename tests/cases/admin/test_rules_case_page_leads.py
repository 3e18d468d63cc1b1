"""办理栏: the case page leads. At the top, kept in view: the status, the
current stage's due date and the days left, the A/B persons, and every step
the status allows, each either a button or the reason it cannot be taken now
(缺少材料, 公示期至…, 须由县级审批人办理)."""

import re

import pytest

from cases.models import Case
from cases.services import case_transition
from cases.timeline import case_timeline
from tests.factories.cases import received_case

pytestmark = pytest.mark.django_db


def page_of(client, case) -> str:
    return client.get(f"/admin/cases/case/{case.number}/").content.decode()


def bar(html: str) -> str:
    # The bar holds no inner div: it ends at the first closing one.
    return html.split('class="case-actionbar"', 1)[1].split("</div>", 1)[0]


def blocked(html: str) -> dict[str, str]:
    """Disabled step → the reason shown beside it."""
    found = re.findall(
        r'<button type="button"[^>]*disabled[^>]*>([^<]+)</button>\s*'
        r'<span id="case-why-\w+" class="case-actionbar__why">([^<]+)</span>',
        bar(html),
    )
    return {label.strip(): reason.strip() for label, reason in found}


def offered(html: str) -> set[str]:
    return {
        label.strip()
        for label in re.findall(
            r'<button type="submit"[^>]*>([^<]+)</button>', bar(html)
        )
    }


def test_rules_the_action_bar_comes_before_the_records(login, staff, case):
    html = page_of(login(staff["clerk"]), case)
    assert html.index("case-actionbar") < html.index('id="case-deadlines"')
    assert html.index('id="case-transitions"') < html.index('id="case-deadlines"')


def test_rules_the_bar_shows_stage_due_days_left_and_ab_persons(login, staff, case):
    html = bar(page_of(login(staff["clerk"]), case))
    deadline = case.deadlines.get()
    assert f"受理期限 {deadline.due_on:%Y-%m-%d}" in html
    assert re.search(r"剩余\d+个工作日|今天到期", html)
    assert "A岗 刘海燕" in html and "B岗" in html


def test_rules_a_missing_material_is_named_beside_accept(login, staff, town, item):
    short = received_case(
        staff["clerk"], town, assistance_type=item, materials=["居民身份证"]
    )
    reasons = blocked(page_of(login(staff["clerk"]), short))
    assert "户口簿" in reasons["受理"] and "家庭困难情况说明" in reasons["受理"]


def test_rules_a_step_of_another_post_names_that_post(login, staff, case):
    for step in ("accept", "start_investigation", "submit_investigation"):
        case = case_transition(by=staff["clerk"], case=case, action=step)
    assert case.status == Case.Status.DECIDING
    reasons = blocked(page_of(login(staff["clerk"]), case))
    assert reasons["审批同意"] == "须由县级审批人办理"
    # The county reviewer gets the step; it asks for the amount, so the bar
    # leads to the form rather than submitting on one click.
    reviewer_bar = bar(page_of(login(staff["reviewer"]), case))
    assert 'href="#case-transitions">审批同意…</a>' in reviewer_bar


def test_rules_a_step_the_type_never_takes_is_not_listed(login, staff, case):
    for step in ("accept", "start_investigation"):
        case = case_transition(by=staff["clerk"], case=case, action=step)
    html = page_of(login(staff["clerk"]), case)
    # This guide has no 乡镇审核: 报送乡镇审核 is not this type's, so not shown.
    assert "报送审批" in offered(html)
    assert not any("乡镇审核" in label for label in blocked(html))


def test_rules_one_click_in_the_bar_takes_the_step(login, staff, case):
    client = login(staff["clerk"])
    assert "受理" in offered(page_of(client, case))
    response = client.post(
        f"/admin/cases/case/{case.number}/transition/",
        {"action": "accept", "version": case.version},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Case.Status.ACCEPTED
    assert [e.reason for e in case_timeline(case)].count("受理") == 1


def test_rules_a_reader_sees_where_the_case_stands_but_no_steps(login, staff, case):
    page = page_of(login(staff["auditor"]), case)
    html = bar(page)
    assert "受理期限" in html
    assert 'type="submit"' not in html
    assert page.count("您可以查阅本案，但不能办理。") == 1


def test_rules_the_guide_says_what_is_done_at_this_stage(login, staff, guide, case):
    """Defaults from the guide: beside the 办理 form, the guide's own words for
    the stage the case is at."""
    step = guide.steps.get(stage="accept")
    step.description = "核对材料是否齐全，当场出具收件回执。"
    step.save()
    guide.refresh_from_db()
    guide.save_revision().publish()
    html = page_of(login(staff["clerk"]), case)
    assert "办事指南（受理）：核对材料是否齐全，当场出具收件回执。" in html
