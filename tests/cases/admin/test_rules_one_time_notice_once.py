"""一次性告知 means once (issue 19, item 8).

The notice lists every missing material, the basis, the time limits, the
procedure and any reason for refusal, all in one notice. A second notice for the
same case is refused unless the clerk records the new fact that makes it
necessary, and such notices are counted in the statistics.
"""

from datetime import date

import pytest

from cases.models import Notice
from cases.services import CaseError, materials_supplied, one_time_notice_issue
from portal.models import ServiceGuideLegalBasis
from tests.factories import make_guide
from tests.factories.cases import received_case
from tests.factories.clock import on_day

pytestmark = pytest.mark.django_db


def case_url(case, action: str = "") -> str:
    return f"/admin/cases/case/{case.number}/" + (f"{action}/" if action else "")


@pytest.fixture
def guided_item(site_tree):
    guide = make_guide(
        site_tree, title="最低生活保障办事指南", materials=["居民身份证", "户口簿"]
    )
    guide.legal_bases.add(
        ServiceGuideLegalBasis(citation="《社会救助暂行办法》第十一条")
    )
    guide.save_revision().publish()
    return guide.assistance_type


def _noticed_and_supplied(clerk_user, town, item):
    case = received_case(clerk_user, town, assistance_type=item)
    one_time_notice_issue(by=clerk_user, case=case, items=[("户口簿", "户主页缺失")])
    materials_supplied(by=clerk_user, case=case, names=["户口簿"])
    return case


def test_one_time_notice_states_materials_basis_limits_procedure_and_refusal_reason(
    login, staff, town, guided_item
):
    case = received_case(staff["clerk"], town, assistance_type=guided_item)
    notice = one_time_notice_issue(
        by=staff["clerk"],
        case=case,
        items=[("居民身份证", "只带了复印件"), ("户口簿", "户主页缺失")],
        refusal_reason="户籍不在本县且居住不满一年的，不予受理。",
    )
    content = notice.content
    assert [i["material"] for i in content["items"]] == ["居民身份证", "户口簿"]
    assert "《社会救助暂行办法》第十一条" in content["basis"]
    assert content["limits"]
    assert content["procedure"][0].startswith("提出申请")
    assert "调查核实（乡镇（街道），5个工作日）" in content["procedure"]
    page = (
        login(staff["clerk"])
        .get(case_url(case, f"notices/{notice.number}"))
        .content.decode()
    )
    assert "办理流程" in page and "调查核实（乡镇（街道），5个工作日）" in page
    assert "户籍不在本县且居住不满一年的，不予受理。" in page
    assert "再次告知" not in page


def test_second_one_time_notice_is_refused_without_a_new_fact(staff, town, guided_item):
    case = _noticed_and_supplied(staff["clerk"], town, guided_item)
    first = case.notices.get(kind=Notice.Kind.ONE_TIME)
    with pytest.raises(CaseError, match="所缺材料须一次告知") as refused:
        one_time_notice_issue(
            by=staff["clerk"], case=case, items=[("居民身份证", "已过期")]
        )
    assert refused.value.field == "new_fact"
    assert first.number in refused.value.message
    assert case.notices.filter(kind=Notice.Kind.ONE_TIME).count() == 1
    assert not case.pauses.filter(ended_on__isnull=True).exists()


def test_second_one_time_notice_records_the_new_fact(staff, town, guided_item):
    case = _noticed_and_supplied(staff["clerk"], town, guided_item)
    first = case.notices.get(kind=Notice.Kind.ONE_TIME)
    second = one_time_notice_issue(
        by=staff["clerk"],
        case=case,
        items=[("结婚证", "申请期间登记结婚，家庭成员变化")],
        new_fact="申请人于受理后登记结婚，共同生活家庭成员增加一人。",
    )
    assert second.content["sequence"] == 2
    assert second.content["earlier"] == [first.number]
    assert "登记结婚" in second.content["new_fact"]
    assert case.pauses.filter(notice=second, ended_on__isnull=True).exists()


def test_admin_asks_for_the_new_fact_on_a_second_notice(
    login, staff, town, guided_item
):
    case = _noticed_and_supplied(staff["clerk"], town, guided_item)
    client = login(staff["clerk"])
    page = client.get(case_url(case)).content.decode()
    assert "再次告知的新情况" in page
    data = {"notice-x0_name": "结婚证", "notice-x0_reason": "家庭成员变化"}
    response = client.post(case_url(case, "one-time-notice"), data)
    assert response.status_code != 302
    assert "请写明需要再次告知的新情况" in response.content.decode()
    assert case.notices.filter(kind=Notice.Kind.ONE_TIME).count() == 1
    data["notice-new_fact"] = "申请人登记结婚，家庭成员增加。"
    response = client.post(case_url(case, "one-time-notice"), data)
    assert response.status_code == 302
    assert case.notices.filter(kind=Notice.Kind.ONE_TIME).count() == 2


def test_repeated_one_time_notices_are_counted_in_the_statistics(
    login, staff, town, guided_item
):
    with on_day(date(2026, 11, 10)):
        case = _noticed_and_supplied(staff["clerk"], town, guided_item)
        one_time_notice_issue(
            by=staff["clerk"],
            case=case,
            items=[("结婚证", "家庭成员变化")],
            new_fact="申请人登记结婚。",
        )
        other = received_case(staff["clerk"], town, assistance_type=guided_item)
        one_time_notice_issue(by=staff["clerk"], case=other, items=[("户口簿", "缺")])
    with on_day(date(2026, 12, 6)):
        page = login(staff["reviewer"]).get("/admin/statistics/?period=2026-11")
    assert page.status_code == 200
    html = page.content.decode()
    assert "一次性告知：按乡镇" in html
    section = html[html.index("一次性告知：按乡镇") :]
    start = section.index(town.name)
    row = section[start : section.index("</tr>", start)]
    cells = [c.split(">")[-1].strip() for c in row.split("</td>")]
    assert cells[:3] == ["3", "1", "33.3"]
