"""受理登记 in the admin: two steps, checklist from the guide, no back-dating."""

import datetime

import pytest
from django.utils import timezone

from cases.models import Applicant, Case, Notice
from tests.factories import AssistanceTypeFactory, VillageFactory
from tests.factories.cases import VALID_ID

pytestmark = pytest.mark.django_db

CREATE_URL = "/admin/cases/case/create/"
MEMBER_ID = "110105194912310038"


def application(item, township, **overrides) -> dict:
    """A complete step-two POST: the first two guide materials handed in."""
    data = {
        "assistance_type": item.code,
        "channel": "window",
        "township": township.pk,
        "village": "",
        "applicant_name": "王桂香",
        "id_number": VALID_ID,
        "phone": "13812345678",
        "address": "上庄村二组5号",
        "description": "丈夫病故，独自抚养两个孩子，申请临时救助。",
        "m0_received": "on",
        "m0_pages": "2",
        "m0_copies": "1",
        "m1_received": "on",
        "m1_pages": "5",
        "m1_copies": "1",
        "m2_pages": "",
        "m2_copies": "1",
        "members-TOTAL_FORMS": "2",
        "members-INITIAL_FORMS": "0",
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "30",
        "members-0-name": "李小明",
        "members-0-relation": "儿子",
        "members-0-id_number": "",
        "members-1-name": "",
        "members-1-relation": "",
        "members-1-id_number": "",
    }
    data.update(overrides)
    return data


def test_first_step_asks_for_the_item(login, staff, item):
    response = login(staff["clerk"]).get(CREATE_URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="assistance_type"' in page and item.name in page
    assert 'name="applicant_name"' not in page


def test_second_step_lists_the_published_guides_materials(login, staff, item):
    response = login(staff["clerk"]).get(CREATE_URL, {"assistance_type": item.code})
    page = response.content.decode()
    for name in ("居民身份证", "户口簿", "家庭困难情况说明"):
        assert name in page
    assert "临时救助办事指南" in page
    assert "received_at" not in page


def test_unknown_item_stays_on_the_first_step_with_a_message(login, staff, item):
    response = login(staff["clerk"]).get(CREATE_URL, {"assistance_type": "nope"})
    assert "没有这个救助事项" in response.content.decode()


def test_clerk_registers_case_with_checklist_household_and_receipt(
    login, staff, town, item
):
    client = login(staff["clerk"])
    response = client.post(CREATE_URL, application(item, town))
    case = Case.objects.get()
    assert response.status_code == 302
    assert response.url == f"/admin/cases/case/{case.number}/"
    assert case.received_by == staff["clerk"] and case.township == town
    received = dict(case.materials.values_list("name", "received"))
    assert received == {"居民身份证": True, "户口簿": True, "家庭困难情况说明": False}
    assert case.materials.get(name="户口簿").pages == 5
    assert list(case.applicant.household.values_list("name", "relation")) == [
        ("李小明", "儿子")
    ]
    receipt = case.notices.get(kind=Notice.Kind.RECEIPT)
    assert [m["name"] for m in receipt.content["materials"]] == ["居民身份证", "户口簿"]
    assert "已登记" in client.get(response.url).content.decode()


def test_received_at_cannot_be_backdated_through_the_form(login, staff, town, item):
    before = timezone.now()
    login(staff["clerk"]).post(
        CREATE_URL,
        application(
            item,
            town,
            received_at="2020-01-02 09:00",
            received_by=staff["clerk_b"].pk,
            number="JZ2020000001",
        ),
    )
    case = Case.objects.get()
    assert case.received_at >= before
    assert case.received_at.date() != datetime.date(2020, 1, 2)
    assert case.received_by == staff["clerk"]
    assert case.number != "JZ2020000001"


def test_clerks_township_is_fixed_to_their_own(login, staff, town, other_town, item):
    login(staff["clerk"]).post(CREATE_URL, application(item, other_town))
    assert Case.objects.get().township == town


def test_invalid_id_number_is_shown_next_to_its_field_and_nothing_saved(
    login, staff, town, item
):
    bad = VALID_ID[:-1] + "1"
    response = login(staff["clerk"]).post(
        CREATE_URL, application(item, town, id_number=bad)
    )
    assert response.status_code == 200
    assert response.context["form"].errors["id_number"] == [
        "身份证号码校验位不正确，请核对。"
    ]
    page = response.content.decode()
    assert "登记未保存" in page
    # The message sits in the id_number field's own wrapper, not only at the top.
    field_start = page.index('name="id_number"')
    assert "身份证号码校验位不正确" in page[field_start - 1500 : field_start + 1500]
    assert not Case.objects.exists() and not Applicant.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("id_number", "11010519491231", "身份证号码应为18位，当前为14位。"),
        ("id_number", "110105194902300011", "身份证号码中的出生日期不存在。"),
        ("phone", "12345", "电话号码应为11位手机号或带区号的固定电话。"),
        ("applicant_name", "", "请填写申请人姓名。"),
        ("description", "  ", "请填写申请事由。"),
    ],
)
def test_bad_applicant_input_gets_a_chinese_message_on_the_field(
    login, staff, town, item, field, value, message
):
    response = login(staff["clerk"]).post(
        CREATE_URL, application(item, town, **{field: value})
    )
    assert message in response.context["form"].errors[field]
    assert not Case.objects.exists()


def test_bad_household_id_number_is_shown_on_its_row(login, staff, town, item):
    response = login(staff["clerk"]).post(
        CREATE_URL,
        application(item, town, **{"members-0-id_number": MEMBER_ID[:-1] + "9"}),
    )
    members = response.context["members"]
    assert members.forms[0].errors["id_number"] == ["身份证号码校验位不正确，请核对。"]
    assert not Case.objects.exists()


def test_half_filled_household_row_is_an_error(login, staff, town, item):
    response = login(staff["clerk"]).post(
        CREATE_URL, application(item, town, **{"members-1-name": "李小红"})
    )
    assert "relation" in response.context["members"].forms[1].errors
    assert not Case.objects.exists()


def test_village_of_another_township_is_refused_on_the_village_field(
    login, staff, town, other_town, item
):
    elsewhere = VillageFactory(township=other_town)
    response = login(staff["reviewer"]).post(
        CREATE_URL, application(item, town, village=elsewhere.pk)
    )
    assert response.context["form"].errors["village"] == [
        "所选村（社区）不属于所选乡镇。"
    ]
    assert not Case.objects.exists()


def test_reviewer_may_register_for_any_township(login, staff, other_town, item):
    login(staff["reviewer"]).post(CREATE_URL, application(item, other_town))
    assert Case.objects.get().township == other_town


def test_village_coordinator_registers_for_own_village_only(
    login, staff, town, village, other_town, item
):
    elsewhere = VillageFactory(township=town)
    login(staff["coordinator"]).post(
        CREATE_URL, application(item, other_town, village=elsewhere.pk)
    )
    case = Case.objects.get()
    assert (case.township, case.village) == (town, village)


def test_extra_material_not_in_the_guide_is_received(login, staff, town, item):
    login(staff["clerk"]).post(
        CREATE_URL, application(item, town, x0_name="医院诊断证明", x0_pages="3")
    )
    extra = Case.objects.get().materials.get(name="医院诊断证明")
    assert (extra.received, extra.pages, extra.from_guide) == (True, 3, False)


def test_item_without_a_published_guide_has_an_empty_checklist(login, staff, town):
    bare = AssistanceTypeFactory(name="就业救助")
    page = login(staff["clerk"]).get(CREATE_URL, {"assistance_type": bare.code})
    assert "尚无已发布的办事指南" in page.content.decode()


def test_more_household_rows_on_request(login, staff, item):
    response = login(staff["clerk"]).get(
        CREATE_URL, {"assistance_type": item.code, "members": "12"}
    )
    assert len(response.context["members"].forms) == 12


@pytest.mark.parametrize("role", ["auditor", "editor"])
def test_auditors_and_editors_cannot_open_intake(login, staff, town, item, role):
    client = login(staff[role])
    assert client.get(CREATE_URL).status_code == 302
    response = client.post(CREATE_URL, application(item, town))
    assert (response.status_code, response.url) == (302, "/admin/")
    assert not Case.objects.exists()
