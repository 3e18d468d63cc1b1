"""全中文: the group editor lists permissions in Chinese (permission_names)."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from portal.permission_names import chinese_permission_names

pytestmark = pytest.mark.django_db


def test_standard_permissions_are_named_in_chinese_after_migrate():
    # The test database was migrated: post_migrate renamed them already.
    ours = Permission.objects.filter(content_type__app_label__in=["cases", "portal"])
    assert not ours.filter(name__startswith="Can ").exists()
    case_add = Permission.objects.get(
        content_type__app_label="cases", codename="add_case"
    )
    assert case_add.name == "可新增救助案件"
    admin = Permission.objects.get(codename="access_admin")
    assert admin.name == "可以进入管理后台"


def test_no_app_keeps_an_english_permission_name_after_the_first_migrate():
    """The last app's permissions (django-tasks-db's 后台任务结果) used to be made
    after the renaming ran, and stayed "Can add Task Result" on a new database."""
    english = Permission.objects.filter(name__startswith="Can ")
    assert list(english.values_list("name", flat=True)) == []
    assert (
        Permission.objects.get(codename="view_dbtaskresult").name
        == "可查看后台任务结果"
    )


def test_a_permission_made_later_in_english_is_renamed_and_codenames_stay():
    permission = Permission.objects.get(
        content_type__app_label="cases", codename="view_case"
    )
    Permission.objects.filter(pk=permission.pk).update(name="Can view case")
    assert chinese_permission_names() >= 1
    permission.refresh_from_db()
    assert permission.name == "可查看救助案件"
    assert permission.codename == "view_case"
    assert chinese_permission_names() == 0


def test_group_editor_lists_no_english_can(admin_client):
    chinese_permission_names()
    group = Group.objects.create(name="临时组")
    html = admin_client.get(
        reverse("wagtailusers_groups:edit", args=[group.pk])
    ).content.decode()
    assert "Can add" not in html and "Can change" not in html
    assert "可新增救助案件" in html or "可修改" in html


def test_wagtail_page_permissions_are_named_in_chinese_in_the_group_editor(
    admin_client,
):
    """Wagtail names some page permissions without "Can …" (锁定/解锁)."""
    Permission.objects.filter(
        content_type__app_label="wagtailcore", codename="lock_page"
    ).update(name="Lock/unlock pages you've locked")
    assert chinese_permission_names() >= 1
    page_permissions = Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__endswith="_page"
    )
    english = [p.name for p in page_permissions if p.name.isascii()]
    assert english == []
    group = Group.objects.create(name="临时组")
    html = admin_client.get(
        reverse("wagtailusers_groups:edit", args=[group.pk])
    ).content.decode()
    assert "you've locked" not in html and "you&#x27;ve locked" not in html


def test_page_types_report_names_apps_not_code_labels(admin_client):
    html = admin_client.get(
        reverse("wagtailadmin_reports:page_types_usage")
    ).content.decode()
    assert "portal.policypage" not in html and "portal.serviceguidepage" not in html
    assert "门户网站" in html
