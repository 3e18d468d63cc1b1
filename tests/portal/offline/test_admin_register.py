"""The register in the Wagtail admin: dashboard, service point pages, tasks."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from portal.models import DisplayRequirement, Posting, ReplacementTask
from portal.offline.register import posting_record
from portal.permissions import setup_groups
from tests.factories import UserFactory

from .conftest import republish

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_county(county):
    setup_groups()
    return county


def _client(client, user):
    client.force_login(user)
    return client


def _stale_task(county):
    posting_record(
        by=county.clerk_1,
        service_point=county.window_1,
        page=county.policy,
        form="wall",
    )
    republish(county.policy, summary="低保标准调整")
    return ReplacementTask.objects.get()


def test_dashboard_shows_every_service_point_to_an_editor(admin_county, client):
    response = _client(client, admin_county.editor).get(reverse("offline_dashboard"))
    assert response.status_code == 200
    body = response.content.decode()
    for name in ("东岭镇一门受理窗口", "上庄村民政服务站", "南溪乡一门受理窗口"):
        assert name in body


def test_dashboard_shows_a_clerk_their_own_service_points_only(admin_county, client):
    response = _client(client, admin_county.clerk_1).get(reverse("offline_dashboard"))
    body = response.content.decode()
    assert "东岭镇一门受理窗口" in body
    assert "南溪乡一门受理窗口" not in body


def test_dashboard_figures_follow_the_register(admin_county, client):
    _stale_task(admin_county)
    response = _client(client, admin_county.editor).get(
        reverse("offline_dashboard"), {"township": "dongling", "level": "township"}
    )
    report = response.context["report"]
    assert (report.required, report.current, report.stale, report.open_tasks) == (
        3,
        0,
        1,
        1,
    )


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"township": "no-such-town"}, "没有这个乡镇"),
        ({"township": "x" * 5000}, "没有这个乡镇"),
        ({"level": "<script>"}, "网点层级只能是"),
    ],
)
def test_dashboard_refuses_a_malformed_filter(admin_county, client, params, message):
    response = _client(client, admin_county.editor).get(
        reverse("offline_dashboard"), params
    )
    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_clerk_cannot_filter_the_dashboard_to_another_township(admin_county, client):
    response = _client(client, admin_county.clerk_1).get(
        reverse("offline_dashboard"), {"township": "nanxi"}
    )
    assert response.status_code == 400
    assert "南溪乡一门受理窗口" not in response.content.decode()


def test_staff_without_a_service_point_are_turned_away(admin_county, client):
    stranger = UserFactory(username="no-role", is_staff=True)
    stranger.user_permissions.add(Permission.objects.get(codename="access_admin"))
    response = _client(client, stranger).get(reverse("offline_dashboard"))
    assert response.status_code == 403
    assert "没有负责的服务网点" in response.content.decode()


def test_service_point_page_lists_gaps_and_stale_copies(admin_county, client):
    _stale_task(admin_county)
    response = _client(client, admin_county.clerk_1).get(
        reverse("offline_point", args=["dongling-window"])
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "张贴的是第1版，现行为第2版，待换" in body
    assert body.count("缺：未登记张贴") == 2


def test_another_townships_service_point_is_not_found(admin_county, client):
    response = _client(client, admin_county.clerk_1).get(
        reverse("offline_point", args=["nanxi-window"])
    )
    assert response.status_code == 404


def test_recording_a_posting_through_the_admin(admin_county, client):
    response = _client(client, admin_county.clerk_1).post(
        reverse("offline_posting_record", args=["dongling-window"]),
        {
            "page": admin_county.guide.pk,
            "form": "leaflet",
            "posted_on": datetime.date.today().isoformat(),
        },
    )
    assert response.status_code == 302
    posting = Posting.objects.get()
    assert (posting.page_id, posting.form, posting.recorded_by) == (
        admin_county.guide.pk,
        "leaflet",
        admin_county.clerk_1,
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "请选择张贴的页面"),
        ({"page": "999999", "form": "wall", "posted_on": "2026-01-01"}, "现行发布"),
        ({"page": "1 OR 1=1", "form": "wall", "posted_on": "2026-01-01"}, "现行发布"),
        ({"form": "poster", "posted_on": "2026-13-40"}, "有效的日期"),
        ({"form": "wall", "posted_on": "2999-01-01"}, "不能晚于今天"),
    ],
)
def test_bad_posting_input_is_refused_and_nothing_is_saved(
    admin_county, client, data, message
):
    if "page" not in data and data:
        data = {**data, "page": admin_county.guide.pk}
    response = _client(client, admin_county.clerk_1).post(
        reverse("offline_posting_record", args=["dongling-window"]), data
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Posting.objects.exists()


def test_a_clerk_cannot_record_for_a_village_station_they_do_not_staff(
    admin_county, client
):
    # The station is in the clerk's township, so they see it; its coordinator
    # keeps its register.
    response = _client(client, admin_county.clerk_1).post(
        reverse("offline_posting_record", args=["shangzhuang-station"]),
        {"page": admin_county.complaints.pk, "form": "wall", "posted_on": "2026-01-01"},
    )
    assert response.status_code in (403, 404)
    assert not Posting.objects.exists()


def test_confirming_a_task_in_the_admin_closes_it(admin_county, client):
    task = _stale_task(admin_county)
    url = reverse("offline_task", args=[task.pk])
    logged_in = _client(client, admin_county.clerk_1)
    page = logged_in.get(url)
    assert "确认已换上新版" in page.content.decode()
    assert "poster.pdf" in page.content.decode()
    response = logged_in.post(
        url,
        {"forms_posted": ["wall"], "done_on": datetime.date.today().isoformat()},
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == "done"
    assert Posting.objects.filter(removed_on__isnull=True).get().edition.number == 2


def test_confirming_a_task_twice_in_the_admin_is_refused(admin_county, client):
    task = _stale_task(admin_county)
    url = reverse("offline_task", args=[task.pk])
    logged_in = _client(client, admin_county.clerk_1)
    data = {"forms_posted": ["wall"], "done_on": datetime.date.today().isoformat()}
    logged_in.post(url, data)
    count = Posting.objects.count()
    again = logged_in.post(url, data)
    assert again.status_code == 400
    assert "不能重复确认" in again.content.decode()
    assert Posting.objects.count() == count


def test_an_auditor_reads_a_task_but_cannot_confirm_it(admin_county, client):
    task = _stale_task(admin_county)
    url = reverse("offline_task", args=[task.pk])
    logged_in = _client(client, admin_county.auditor)
    page = logged_in.get(url)
    assert page.status_code == 200
    assert "确认已换上新版" not in page.content.decode()
    response = logged_in.post(
        url, {"forms_posted": ["wall"], "done_on": datetime.date.today().isoformat()}
    )
    assert response.status_code == 403
    task.refresh_from_db()
    assert task.status == "open"


def test_another_townships_clerk_does_not_see_the_task(admin_county, client):
    task = _stale_task(admin_county)
    logged_in = _client(client, admin_county.clerk_2)
    assert logged_in.get(reverse("offline_task", args=[task.pk])).status_code == 404
    response = logged_in.post(
        reverse("offline_task", args=[task.pk]),
        {"forms_posted": ["wall"], "done_on": datetime.date.today().isoformat()},
    )
    assert response.status_code == 404
    task.refresh_from_db()
    assert task.status == "open"


def test_task_list_filters_and_refuses_unknown_status(admin_county, client):
    _stale_task(admin_county)
    logged_in = _client(client, admin_county.editor)
    listing = logged_in.get(reverse("offline_tasks"))
    assert listing.context["total"] == 1
    assert (
        logged_in.get(reverse("offline_tasks"), {"status": "done"}).context["total"]
        == 0
    )
    bad = logged_in.get(reverse("offline_tasks"), {"status": "'; drop"})
    assert bad.status_code == 400


def test_removing_a_posting_needs_a_reason(admin_county, client):
    posting = posting_record(
        by=admin_county.clerk_1,
        service_point=admin_county.window_1,
        page=admin_county.guide,
        form="wall",
    )
    url = reverse("offline_posting_remove", args=[posting.pk])
    logged_in = _client(client, admin_county.clerk_1)
    refused = logged_in.post(url, {"removed_on": datetime.date.today().isoformat()})
    assert refused.status_code == 400
    assert "请填写撤下原因" in refused.content.decode()
    done = logged_in.post(
        url, {"removed_on": datetime.date.today().isoformat(), "reason": "墙面翻新"}
    )
    assert done.status_code == 302
    posting.refresh_from_db()
    assert posting.removal_reason == "墙面翻新"


def test_editors_keep_the_list_of_required_postings(admin_county, client):
    url = reverse("wagtailsnippets_portal_displayrequirement:list")
    assert _client(client, admin_county.editor).get(url).status_code == 200
    client.logout()
    assert _client(client, admin_county.clerk_1).get(url).status_code in (302, 403)
    assert DisplayRequirement.objects.count() == 4


def test_the_admin_home_reminds_a_clerk_of_their_open_tasks(admin_county, client):
    _stale_task(admin_county)
    home = _client(client, admin_county.clerk_1).get(reverse("wagtailadmin_home"))
    assert "待换新版或撤除" in home.content.decode()
    client.logout()
    other = _client(client, admin_county.clerk_2).get(reverse("wagtailadmin_home"))
    assert "待换新版或撤除" not in other.content.decode()
