"""咨询登记（首问负责）：乡镇和县级窗口的来访、来电咨询，转为案件，统计。"""

from datetime import date

import pytest
from django.urls import reverse

from cases.channels import Channel
from cases.models import Case, Consultation
from cases.selectors import consultations_visible_to
from cases.services import (
    CaseError,
    CaseNotFound,
    CasePermissionDenied,
    ConsultationIn,
    InvalidTransition,
    consultation_record,
    consultation_to_case,
)
from portal.models import ServicePoint
from tests.factories import AssistanceTypeFactory
from tests.factories.cases import intake_request
from tests.factories.clock import on_day
from tests.factories.directory import ServicePointFactory

pytestmark = pytest.mark.django_db


def consult(by, township, **fields) -> Consultation:
    data = {
        "channel": Consultation.Channel.VISIT,
        "township": township,
        "person_name": "王大妈",
        "person_phone": "13812345678",
        "topic": "老伴住院，医药费花了三万多，能申请什么救助？",
        "answer": "可申请临时救助：带身份证、户口簿和住院费用票据到镇窗口申请。",
        "one_time_notice": True,
    }
    data.update(fields)
    return consultation_record(by=by, data=ConsultationIn(**data))


# ---- 首问负责: who answered, where, when --------------------------------------


def test_first_responder_is_the_staff_member_who_recorded_it(people):
    with on_day(date(2026, 12, 7), 10):
        made = consult(people.clerk, people.east)
    made.refresh_from_db()
    assert made.first_responder == people.clerk
    assert made.township == people.east
    assert made.number.startswith("ZX2026")
    assert made.one_time_notice is True
    assert made.consulted_at.date() == date(2026, 12, 7)
    assert made.history.first().history_user == people.clerk


def test_township_window_consultation_by_phone(people):
    window = ServicePointFactory(
        code="east-window", level=ServicePoint.Level.TOWNSHIP, township=people.east
    )
    made = consult(
        people.clerk,
        None,
        service_point=window,
        channel=Consultation.Channel.PHONE,
        person_name="",
        person_phone="",
    )
    assert made.township == people.east
    assert made.service_point == window
    assert made.get_channel_display() == "来电"


def test_county_window_consultation_belongs_to_no_township(people):
    hall = ServicePointFactory(
        code="county-hall", level=ServicePoint.Level.COUNTY, township=None
    )
    made = consult(people.reviewer, None, service_point=hall)
    assert made.township is None
    assert made.window_label == hall.name
    assert made.first_responder == people.reviewer


def test_a_township_clerk_cannot_record_at_the_county_window(people):
    with pytest.raises(CasePermissionDenied, match="本乡镇窗口"):
        consult(people.clerk, None)
    with pytest.raises(CasePermissionDenied):
        consult(people.clerk, people.west)
    assert not Consultation.objects.exists()


def test_village_station_questions_go_to_the_registration_book(people):
    station = ServicePointFactory(
        code="sz-station",
        level=ServicePoint.Level.VILLAGE,
        township=people.east,
        village=people.village,
    )
    with pytest.raises(CasePermissionDenied, match="工作登记簿"):
        consult(people.coordinator, people.east)
    with pytest.raises(CaseError, match="工作登记簿") as refused:
        consult(people.clerk, people.east, service_point=station)
    assert refused.value.field == "service_point"
    assert not Consultation.objects.exists()


def test_topic_may_be_an_assistance_type(people):
    dibao = AssistanceTypeFactory(code="dibao", name="最低生活保障")
    made = consult(people.clerk, people.east, topic="", assistance_type=dibao)
    assert made.subject == "最低生活保障"


# ---- scope: a township's consultations, the county all -----------------------


def test_clerk_sees_own_township_county_staff_see_all(people):
    east = consult(people.clerk, people.east)
    west = consult(people.west_clerk, people.west)
    county = consult(people.reviewer, None)
    assert list(consultations_visible_to(people.clerk)) == [east]
    assert set(consultations_visible_to(people.reviewer)) == {east, west, county}
    assert set(consultations_visible_to(people.auditor)) == {east, west, county}
    assert not consultations_visible_to(people.coordinator).exists()
    assert not consultations_visible_to(people.editor).exists()


# ---- becoming a case ------------------------------------------------------


def test_consultation_becomes_a_case_linked_both_ways(people):
    made = consult(people.clerk, people.east, channel=Consultation.Channel.PHONE)
    case = consultation_to_case(
        by=people.clerk,
        consultation=made,
        request=intake_request(people.west, channel="online"),
    )
    made.refresh_from_db()
    assert made.case == case
    assert made.converted_at is not None
    assert Case.objects.get(pk=case.pk).consultation == made
    # The consultation's township and channel, whatever the form said.
    assert case.township == people.east
    assert case.channel == Channel.PHONE
    assert case.external_reference == made.number


def test_a_county_window_consultation_becomes_a_case_of_the_chosen_township(people):
    made = consult(people.reviewer, None)
    case = consultation_to_case(
        by=people.reviewer,
        consultation=made,
        request=intake_request(people.west),
    )
    assert case.township == people.west
    assert case.channel == Channel.WINDOW


def test_a_consultation_becomes_a_case_only_once(people):
    made = consult(people.clerk, people.east)
    consultation_to_case(
        by=people.clerk, consultation=made, request=intake_request(people.east)
    )
    with pytest.raises(InvalidTransition, match="已转为案件"):
        consultation_to_case(
            by=people.clerk, consultation=made, request=intake_request(people.east)
        )
    assert Case.objects.count() == 1


def test_another_townships_consultation_cannot_become_a_case(people):
    made = consult(people.west_clerk, people.west)
    with pytest.raises(CaseNotFound):
        consultation_to_case(
            by=people.clerk, consultation=made, request=intake_request(people.east)
        )
    with pytest.raises(CasePermissionDenied):
        consultation_to_case(
            by=people.auditor, consultation=made, request=intake_request(people.west)
        )
    made.refresh_from_db()
    assert made.case is None
    assert not Case.objects.exists()


# ---- bad input: a clear message, nothing saved --------------------------------


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"topic": "", "assistance_type": None}, "topic", "请填写咨询事项"),
        ({"topic": "   "}, "topic", "请填写咨询事项"),
        ({"topic": "问" * 201}, "topic", "咨询事项不能超过200个字"),
        ({"answer": ""}, "answer", "请填写答复及告知内容"),
        ({"answer": "答" * 2001}, "answer", "不能超过2000个字"),
        ({"person_name": "名" * 51}, "person_name", "咨询人不能超过50个字"),
        ({"person_phone": "12345"}, "person_phone", "电话号码"),
        ({"channel": "email"}, "channel", "来访或来电"),
        ({"topic": "低保\x00"}, "topic", "控制字符"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_saved(
    people, fields, field, message
):
    with pytest.raises(CaseError, match=message) as refused:
        consult(people.clerk, people.east, **fields)
    assert refused.value.field == field
    assert not Consultation.objects.exists()


def test_anonymous_cannot_record(people):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(CasePermissionDenied):
        consult(AnonymousUser(), people.east)
    assert not Consultation.objects.exists()


# ---- the admin: one click to the form, the case page names the first responder


def test_window_menu_opens_the_consultation_form_in_one_click(people, login_client):
    client = login_client(people.clerk)
    create = reverse("cases_consultation_modeladmin_create")
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert create in home  # a menu item of its own, not behind the list
    assert client.get(create).status_code == 200
    coordinator = login_client(people.coordinator)
    assert create not in coordinator.get(reverse("wagtailadmin_home")).content.decode()
    assert coordinator.get(create).status_code in (302, 403)


def test_admin_records_a_consultation_with_its_first_responder(people, login_client):
    client = login_client(people.clerk)
    response = client.post(
        reverse("cases_consultation_modeladmin_create"),
        {
            "township": people.east.code,
            "channel": "phone",
            "person_name": "王大妈",
            "topic": "低保怎么申请？",
            "answer": "带身份证、户口簿到镇窗口；7个工作日内受理。",
            "one_time_notice": "on",
        },
    )
    made = Consultation.objects.get()
    assert response.status_code == 302
    assert made.first_responder == people.clerk and made.channel == "phone"
    page = client.get(response["Location"]).content.decode()
    assert "刘海燕" in page and "首问负责人" in page and "已一次性告知" in page


def test_admin_turns_a_consultation_into_a_case_shown_on_the_case_page(
    people, login_client
):
    dibao = AssistanceTypeFactory(code="dibao", name="最低生活保障")
    made = consult(people.clerk, people.east, assistance_type=dibao)
    client = login_client(people.clerk)
    url = reverse("cases_admin_consultation", args=[made.number])
    form = client.get(url).context["forms"][0][2]
    assert form.initial["name"] == "王大妈" and form.initial["assistance_type"] == dibao
    response = client.post(
        url,
        {
            "action": "to_case",
            "to_case-assistance_type": "dibao",
            "to_case-name": "王大妈",
            "to_case-id_number": "11010519491231002X",
            "to_case-phone": "13812345678",
            "to_case-address": "上庄村3组",
            "to_case-description": "老伴住院，申请临时救助。",
        },
    )
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.consultation == made
    page = client.get(reverse("cases_admin_case", args=[case.number])).content.decode()
    assert made.number in page and "首问负责人" in page and "刘海燕" in page
    # The consultation page links back to its case and offers no second intake.
    page = client.get(url).content.decode()
    assert case.number in page and "登记案件" not in page


def test_another_townships_consultation_is_404_in_the_admin(people, login_client):
    theirs = consult(people.west_clerk, people.west)
    url = reverse("cases_admin_consultation", args=[theirs.number])
    assert login_client(people.clerk).get(url).status_code == 404
    assert login_client(people.reviewer).get(url).status_code == 200


def test_admin_bad_input_shows_a_chinese_message_and_saves_nothing(
    people, login_client
):
    client = login_client(people.clerk)
    create = reverse("cases_consultation_modeladmin_create")
    base = {"township": people.east.code, "channel": "visit", "answer": "已告知。"}
    empty = client.post(create, {**base, "topic": ""})
    assert "请填写咨询事项，或选择所咨询的救助事项。" in empty.content.decode()
    huge = client.post(create, {**base, "topic": "问" * 5000, "answer": "答" * 9000})
    assert huge.status_code == 200 and "未保存" in huge.content.decode()
    other = client.post(create, {**base, "township": people.west.code, "topic": "x"})
    assert other.status_code == 200  # not one of the clerk's windows: a form error
    assert not Consultation.objects.exists()
    assert client.logout() is None
    anonymous = client.post(create, {**base, "topic": "低保"})
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
    assert not Consultation.objects.exists()


# ---- the API: 201 with the first responder, 422 in Chinese, 404 elsewhere ------


def api_body(**overrides) -> dict:
    body = {
        "channel": "phone",
        "township": "east",
        "person_name": "王大妈",
        "topic": "临时救助要什么材料？",
        "answer": "身份证、户口簿、困难情况说明；5个工作日内受理。",
        "one_time_notice": True,
    }
    body.update(overrides)
    return body


def test_api_records_a_consultation_and_reads_it_back(people):
    from tests.factories.api import ApiClient

    api = ApiClient(people.clerk)
    response = api.post("/consultations", api_body())
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["first_responder"] == "刘海燕"
    assert data["township"] == {"code": "east", "name": "东岭镇"}
    assert data["channel_label"] == "来电" and data["one_time_notice"] is True
    assert data["case_number"] is None
    assert api.get(f"/consultations/{data['number']}").json() == data
    made = Consultation.objects.get()
    consultation_to_case(
        by=people.clerk, consultation=made, request=intake_request(people.east)
    )
    again = api.get(f"/consultations/{made.number}").json()
    assert again["case_number"] == Case.objects.get().number


def test_api_county_window_is_a_null_township(people):
    from tests.factories.api import ApiClient

    response = ApiClient(people.reviewer).post(
        "/consultations", api_body(township=None)
    )
    assert response.status_code == 201
    assert response.json()["township"] is None
    assert response.json()["window"] == "县级窗口"


@pytest.mark.parametrize(
    ("body", "field", "status"),
    [
        (api_body(topic=""), "topic", 422),
        (api_body(topic="   "), "topic", 422),
        (api_body(topic="问" * 201), "topic", 422),
        (api_body(answer="答" * 2001), "answer", 422),
        (api_body(answer=""), "answer", 422),
        (api_body(assistance_type="nosuch", topic=""), "assistance_type", 422),
        (api_body(township="nosuch"), "township", 422),
        (api_body(channel="email"), "channel", 422),
        (api_body(person_phone="12345"), "person_phone", 422),
        (api_body(first_responder="别人"), "first_responder", 422),
        (api_body(township="west"), "township", 403),
        (api_body(township=None), "township", 403),
    ],
)
def test_api_bad_input_is_json_in_chinese_and_saves_nothing(
    people, body, field, status
):
    from tests.factories.api import ApiClient

    response = ApiClient(people.clerk).post("/consultations", body)
    assert response.status_code == status
    error = response.json()
    assert error["message"]
    assert field in [e["field"] for e in error["errors"]]
    assert not any(c.isascii() and c.isalpha() for c in error["message"][:2])
    assert not Consultation.objects.exists()


def test_api_another_townships_consultation_is_404(people):
    from tests.factories.api import ApiClient

    theirs = consult(people.west_clerk, people.west)
    response = ApiClient(people.clerk).get(f"/consultations/{theirs.number}")
    assert response.status_code == 404
    assert response.json()["message"]
    seen = ApiClient(people.auditor).get(f"/consultations/{theirs.number}")
    assert seen.status_code == 200


def test_api_anonymous_and_village_coordinator_are_refused(people):
    from tests.factories.api import ApiClient

    anonymous = ApiClient().post("/consultations", api_body())
    assert anonymous.status_code == 401 and anonymous.json()["message"]
    coordinator = ApiClient(people.coordinator).post("/consultations", api_body())
    assert coordinator.status_code == 403
    assert "工作登记簿" in coordinator.json()["message"]
    assert not Consultation.objects.exists()


# ---- statistics: per township and period, on the dashboard and in the files ---


@pytest.fixture
def november(people):
    """East: 2 (one phone, one became a case); west: 1; county window: 1; and
    one east consultation in October, outside the period."""
    with on_day(date(2026, 10, 30), 10):
        consult(people.clerk, people.east)
    with on_day(date(2026, 11, 5), 10):
        first = consult(people.clerk, people.east)
        consult(people.clerk, people.east, channel="phone", one_time_notice=False)
        consult(people.west_clerk, people.west)
        consult(people.reviewer, None)
    with on_day(date(2026, 12, 2), 10):  # converted later: still November's
        consultation_to_case(
            by=people.clerk, consultation=first, request=intake_request(people.east)
        )


def _tables(user, township_code=""):
    from cases.stats.periods import parse_period
    from cases.stats.report import build_report
    from cases.stats.scope import scope_for

    report = build_report(scope_for(user, township_code), parse_period("2026-11"))
    return {t.key: t for t in report.tables()}


def test_statistics_count_consultations_and_those_that_became_cases(people, november):
    county = _tables(people.reviewer)["consultations"]
    rows = {row[0]: row[1:] for row in county.rows}
    # 咨询登记, 来访, 来电, 已一次性告知, 转为案件, 比例
    assert rows["东岭镇"] == [2, 1, 1, 1, 1, 50.0]
    assert rows["西河乡"] == [1, 1, 0, 1, 0, 0.0]
    assert rows["县级窗口"] == [1, 1, 0, 1, 0, 0.0]
    assert county.total == ["合计", 4, 3, 1, 3, 1, 25.0]
    responders = _tables(people.reviewer)["consultation_responders"]
    assert ["刘海燕", 2, 1] in responders.rows
    assert responders.total == ["合计", 4, 1]
    town = _tables(people.clerk)["consultations"]
    assert [row[0] for row in town.rows] == ["东岭镇"]
    assert town.total[1] == 2
    assert "consultations" not in _tables(people.coordinator)


def test_statistics_section_is_on_the_dashboard_and_in_the_exports(
    people, login_client, november
):
    from tests.spreadsheets import csv_rows, xlsx_sheets

    client = login_client(people.reviewer)
    page = client.get(reverse("cases_stats"), {"period": "2026-11"})
    assert "咨询登记（首问负责）" in page.content.decode()
    sheets = xlsx_sheets(
        client.get(reverse("cases_stats_xlsx"), {"period": "2026-11"}).content
    )
    assert "咨询登记：按窗口" in sheets
    rows = csv_rows(
        client.get(reverse("cases_stats_csv"), {"period": "2026-11"}).content
    )
    assert any("咨询登记：按首问负责人" in cell for row in rows for cell in row)
