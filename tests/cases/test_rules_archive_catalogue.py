"""档案目录 in the admin: who sees which entries, the filters, the export, and
the county's categories. Bad input gets an empty list or a clear message."""

import pytest
from django.urls import reverse

from cases.models import ArchiveCategory, ArchiveEntry
from cases.services import complaint_answer, lead_triage
from cases.services.archive_categories import archive_category_save
from cases.services.errors import CaseError, CasePermissionDenied
from tests.factories.records import archived_case, lead, staff_complaint
from tests.factories.staff import township_reviewer
from tests.spreadsheets import xlsx_sheets

pytestmark = pytest.mark.django_db

INDEX = "cases_archiveentry_modeladmin_index"


@pytest.fixture
def filed(people):
    """One case of each township, a complaint and a rejected lead of east."""
    east_case = archived_case(people.clerk, people.reviewer, people.east)
    west_case = archived_case(people.west_clerk, people.reviewer, people.west)
    complaint = staff_complaint(people.clerk)
    complaint_answer(
        by=people.clerk,
        complaint=complaint,
        findings="经查属实",
        answer="已说明",
        answered_how="电话",
        accountability="education",
    )
    rejected = lead(people.clerk, people.east)
    lead_triage(by=people.clerk, lead=rejected, accept=False, note="不困难")
    return {
        "east": ArchiveEntry.objects.get(case=east_case),
        "west": ArchiveEntry.objects.get(case=west_case),
        "complaint": ArchiveEntry.objects.get(complaint=complaint),
        "lead": ArchiveEntry.objects.get(lead=rejected),
    }


def listed(client, **params) -> set[str]:
    response = client.get(reverse(INDEX), params)
    assert response.status_code == 200
    numbers = {e.number for e in ArchiveEntry.objects.all()}
    page = response.content.decode()
    return {n for n in numbers if n in page}


def test_rules_catalogue_county_sees_all_township_its_own(people, filed, login_client):
    everything = {e.number for e in filed.values()}
    assert listed(login_client(people.auditor)) == everything
    assert listed(login_client(people.reviewer)) == everything
    east = {filed[k].number for k in ("east", "complaint", "lead")}
    assert listed(login_client(people.clerk)) == east
    assert listed(login_client(township_reviewer(people.east))) == east
    assert listed(login_client(people.west_clerk)) == {filed["west"].number}


def test_rules_catalogue_is_not_for_villages_or_editors(people, filed, login_client):
    for user in (people.coordinator, people.editor):
        response = login_client(user).get(reverse(INDEX))
        assert response.status_code in (302, 403)


def test_rules_catalogue_filters(people, filed, login_client):
    client = login_client(people.auditor)
    year = str(filed["east"].year)
    assert listed(client, category="YW") == {filed["east"].number, filed["west"].number}
    assert listed(client, kind="lead") == {filed["lead"].number}
    assert listed(client, township="west") == {filed["west"].number}
    assert listed(client, retention="10") == {
        filed["complaint"].number,
        filed["lead"].number,
    }
    assert listed(client, year=year) == {e.number for e in filed.values()}
    assert listed(client, q=filed["west"].number) == {filed["west"].number}


@pytest.mark.parametrize(
    "params",
    [
        {"year": "abcd"},
        {"year": "99999999999999999999"},
        {"category": "NOPE"},
        {"kind": "<script>"},
        {"retention": "-1"},
        {"retention": "永久"},
        {"township": "x" * 5000},
    ],
)
def test_bad_filter_values_list_nothing_never_an_error(
    people, filed, login_client, params
):
    assert listed(login_client(people.auditor), **params) == set()


def test_rules_entry_page_links_its_record_and_lists_its_contents(
    people, filed, login_client
):
    entry = filed["east"]
    url = reverse("cases_admin_archive_entry", args=[entry.number])
    page = login_client(people.clerk).get(url).content.decode()
    assert entry.number in page and "业务审批类" in page and "30年" in page
    assert reverse("cases_admin_case", args=[entry.record_number]) in page
    for item in entry.contents:
        assert item["number"] in page


def test_rules_another_townships_entry_is_404(people, filed, login_client):
    url = reverse("cases_admin_archive_entry", args=[filed["west"].number])
    assert login_client(people.clerk).get(url).status_code == 404
    assert login_client(people.west_clerk).get(url).status_code == 200
    missing = reverse("cases_admin_archive_entry", args=["2026-YW-999999"])
    assert login_client(people.auditor).get(missing).status_code == 404
    # Not an archive number at all: the route does not match.
    client = login_client(people.auditor)
    assert client.get("/admin/cases/archiveentry/2026-yw-1/").status_code == 404


def test_rules_catalogue_exports_the_filtered_rows(people, filed, login_client):
    url = reverse("cases_admin_archive_export")
    response = login_client(people.clerk).get(url, {"category": "RC"})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = xlsx_sheets(response.content)["档案目录"]
    values = [
        str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None
    ]
    assert filed["complaint"].number in values and filed["lead"].number in values
    assert filed["east"].number not in values and filed["west"].number not in values
    junk = login_client(people.clerk).get(url, {"year": "abc"})
    assert junk.status_code == 200
    assert login_client(people.coordinator).get(url).status_code in (302, 403)


def test_rules_county_adds_a_category(people):
    category = archive_category_save(
        by=people.reviewer,
        category=ArchiveCategory(code="tj", name="统计报表类", retention_years=None),
    )
    assert category.code == "TJ" and category.retention_display == "永久"
    assert category.history.first().history_change_reason == "新建档案类别TJ"
    with pytest.raises(CasePermissionDenied):
        archive_category_save(
            by=people.clerk, category=ArchiveCategory(code="XX", name="乡镇自建类")
        )


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"code": "Y", "name": "太短"}, "code"),
        ({"code": "YW1", "name": "带数字"}, "code"),
        ({"code": "YW", "name": "重复代码"}, "code"),
        ({"code": "ZZ", "name": "业务审批类"}, "name"),
        ({"code": "ZZ", "name": ""}, "name"),
        ({"code": "ZZ", "name": "期限", "retention_years": 0}, "retention_years"),
        ({"code": "ZZ", "name": "期限", "retention_years": 500}, "retention_years"),
    ],
)
def test_a_bad_category_is_refused_with_its_field(people, fields, field):
    with pytest.raises(CaseError) as refused:
        archive_category_save(by=people.reviewer, category=ArchiveCategory(**fields))
    assert refused.value.field == field
    assert ArchiveCategory.objects.count() == 3


def test_a_used_code_stays(people, filed):
    business = ArchiveCategory.objects.get(code="YW")
    business.code = "YWX"
    with pytest.raises(CaseError):
        archive_category_save(by=people.reviewer, category=business)
    business = ArchiveCategory.objects.get(code="YW")
    business.retention_years = 50
    archive_category_save(by=people.reviewer, category=business)
    assert ArchiveEntry.objects.get(pk=filed["east"].pk).retention_years == 30


def test_category_admin_add_and_refusals(people, login_client):
    create = reverse("cases_archivecategory_modeladmin_create")
    client = login_client(people.reviewer)
    response = client.post(
        create,
        {"code": "JC", "name": "监督检查类", "description": "", "retention_years": ""},
    )
    assert response.status_code == 302
    assert ArchiveCategory.objects.get(code="JC").retention_years is None
    for code in ("jc", "JC"):
        bad = client.post(
            create, {"code": code, "name": "重名", "retention_years": "5"}
        )
        assert bad.status_code == 200
    assert not ArchiveCategory.objects.filter(name="重名").exists()
    huge = client.post(create, {"code": "HG", "name": "期限", "retention_years": "500"})
    assert huge.status_code == 200 and "1至100年" in huge.content.decode()
    assert login_client(people.clerk).get(create).status_code in (302, 403)
    index = reverse("cases_archivecategory_modeladmin_index")
    for user in (people.clerk, people.auditor, people.reviewer):
        page = login_client(user).get(index)
        assert page.status_code == 200 and "监督检查类" in page.content.decode()


def test_rules_demo_catalogue_has_entries_of_every_township_and_kind(db):
    from io import StringIO

    from django.core.management import call_command

    call_command("seed_demo", stdout=StringIO())
    entries = ArchiveEntry.objects.all()
    assert set(entries.values_list("category__code", flat=True)) >= {"YW", "RC"}
    kinds = set(entries.values_list("kind", flat=True))
    assert kinds >= {"case", "complaint", "lead", "referral", "registration"}
    # Whatever payment changes the demo records are filed under 财务与统计类.
    from cases.models import BenefitChange

    assert entries.filter(category__code="CW").count() == (
        BenefitChange.objects.count()
    )
    filed_cases = entries.filter(kind="case")
    assert set(filed_cases.values_list("township__code", flat=True)) == {
        "dongling",
        "nanxi",
    }
    count = entries.count()
    call_command("seed_demo", stdout=StringIO())
    assert ArchiveEntry.objects.count() == count


def test_rules_filed_record_pages_name_their_archive_number(
    people, filed, login_client
):
    entry = filed["east"]
    link = reverse("cases_admin_archive_entry", args=[entry.number])
    page = login_client(people.clerk).get(
        reverse("cases_admin_case", args=[entry.record_number])
    )
    text = page.content.decode()
    assert entry.number in text and link in text and "只读" in text
    complaint = filed["complaint"]
    text = (
        login_client(people.clerk)
        .get(reverse("cases_admin_complaint", args=[complaint.record_number]))
        .content.decode()
    )
    assert complaint.number in text and "日常管理类" in text
    lead_entry = filed["lead"]
    text = (
        login_client(people.clerk)
        .get(reverse("cases_admin_lead", args=[lead_entry.record_number]))
        .content.decode()
    )
    assert lead_entry.number in text
