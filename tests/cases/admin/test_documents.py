"""收件回执单 and 一次性告知书 print views: A4, self-contained, from frozen content."""

import re

import pytest
from django.utils import timezone

from cases.models import Notice
from cases.services import case_transition, one_time_notice_issue
from cases.services.history import save_with_reason
from portal.models import ServiceGuideLegalBasis
from tests.factories import ServicePointFactory, make_guide, make_policy
from tests.factories.cases import received_case

pytestmark = pytest.mark.django_db


def print_url(notice) -> str:
    return f"/admin/cases/case/{notice.case.number}/notices/{notice.number}/"


@pytest.fixture
def window(town, staff):
    return ServicePointFactory(
        name="东岭镇社会救助“一门受理”窗口",
        township=town,
        address="东岭镇岭南街36号",
        phone="0736-5831206",
        staff_a=staff["clerk"],
    )


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


def test_receipt_lists_materials_pages_promise_handler_number_and_date(
    login, staff, town, window, guided_item
):
    case = received_case(
        staff["clerk"], town, assistance_type=guided_item, materials=["户口簿"]
    )
    receipt = case.notices.get(kind=Notice.Kind.RECEIPT)
    response = login(staff["clerk"]).get(print_url(receipt))
    page = response.content.decode()
    assert response.status_code == 200
    assert "收件回执单" in page and case.number in page and receipt.number in page
    assert re.search(
        r"户口簿</td>\s*<td>原件</td>\s*<td[^>]*>1</td>\s*<td[^>]*>2<", page
    )
    assert "居民身份证" in page  # named as still missing
    assert receipt.content["promised_on"] in page
    assert "经办人：刘海燕" in page
    assert f"{timezone.localtime(receipt.issued_at):%Y年%-m月%-d日}" in page
    assert window.name in page and window.phone in page


def test_one_time_notice_prints_every_item_reason_basis_limits_office_and_date(
    login, staff, town, window, guided_item
):
    case = received_case(staff["clerk"], town, assistance_type=guided_item)
    notice = one_time_notice_issue(
        by=staff["clerk"],
        case=case,
        items=[("居民身份证", "只带了复印件"), ("户口簿", "户主页缺失")],
    )
    page = login(staff["reviewer"]).get(print_url(notice)).content.decode()
    assert "一次性告知书" in page
    for material, reason in (("居民身份证", "只带了复印件"), ("户口簿", "户主页缺失")):
        assert re.search(rf"<td>{material}</td>\s*<td>{reason}</td>", page)
    assert "《社会救助暂行办法》第十一条" in page
    assert "受理 1 个工作日" in page and "调查核实 5 个工作日" in page
    assert "不计入办理时限" in page
    assert window.name in page
    assert f"{timezone.localtime(notice.issued_at):%Y年%-m月%-d日}" in page


def test_receipt_and_one_time_notice_state_the_guides_legal_basis(
    site_tree, staff, town, window
):
    policy = make_policy(site_tree, title="关于进一步加强临时救助工作的通知")
    guide = make_guide(site_tree, title="临时救助办事指南", materials=["居民身份证"])
    guide.legal_bases.add(ServiceGuideLegalBasis(policy=policy))
    guide.legal_bases.add(ServiceGuideLegalBasis(citation="《社会救助暂行办法》"))
    guide.save_revision().publish()
    case = received_case(staff["clerk"], town, assistance_type=guide.assistance_type)
    notice = one_time_notice_issue(
        by=staff["clerk"], case=case, items=[("居民身份证", "未带原件")]
    )
    receipt = case.notices.get(kind=Notice.Kind.RECEIPT)
    expected = ["关于进一步加强临时救助工作的通知", "《社会救助暂行办法》"]
    assert receipt.content["basis"] == expected
    assert notice.content["basis"] == expected


def test_reprint_shows_what_was_issued_not_what_changed_since(
    login, staff, town, window, guided_item
):
    case = received_case(staff["clerk"], town, assistance_type=guided_item)
    notice = one_time_notice_issue(
        by=staff["clerk"], case=case, items=[("户口簿", "户主页缺失")]
    )
    window.name = "东岭镇便民服务中心"
    window.save()
    case.applicant.name = "改过的名字"
    save_with_reason(case.applicant, by=staff["clerk"], reason="更正姓名")
    page = login(staff["clerk"]).get(print_url(notice)).content.decode()
    assert "东岭镇社会救助“一门受理”窗口" in page
    assert "张秀英" in page and "改过的名字" not in page


def test_print_views_are_a4_and_load_nothing_from_outside(login, staff, case):
    client = login(staff["clerk"])
    notice = one_time_notice_issue(
        by=staff["clerk"], case=case, items=[("户口簿", "x")]
    )
    for document in (case.notices.get(kind=Notice.Kind.RECEIPT), notice):
        page = client.get(print_url(document)).content.decode()
        assert "<script" not in page
        sources = re.findall(r'(?:src|href)="([^"]+)"', page)
        assert sources and all(s.startswith("/") for s in sources), sources
        assert "/static/css/case_documents.css" in sources
    css = client.get("/static/css/case_documents.css")
    text = b"".join(css.streaming_content).decode()
    assert "size: A4" in text and "@media print" in text
    assert "http" not in text and "@import" not in text


def test_other_kinds_of_notice_print_their_content_and_office(
    login, staff, window, case
):
    case_transition(by=staff["clerk"], case=case, action="reject", note="不属于本乡镇")
    notice = case.notices.get(kind=Notice.Kind.NOT_ACCEPTED)
    page = login(staff["clerk"]).get(print_url(notice)).content.decode()
    assert "不予受理告知书" in page and "不属于本乡镇" in page
    assert window.name in page


def test_notice_of_another_case_is_not_found_under_this_case(
    login, staff, town, item, case
):
    other = received_case(staff["clerk"], town, assistance_type=item)
    foreign = other.notices.get(kind=Notice.Kind.RECEIPT)
    response = login(staff["clerk"]).get(
        f"/admin/cases/case/{case.number}/notices/{foreign.number}/"
    )
    assert response.status_code == 404
