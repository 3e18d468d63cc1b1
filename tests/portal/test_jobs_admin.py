"""后台任务 in the admin: administrators see the queue's jobs, read-only; staff
without the permission do not."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from portal.permissions import setup_groups
from tests.factories import TownshipFactory, UserFactory
from tests.factories.staff import clerk
from tests.test_chinese_everywhere import visible_text

pytestmark = pytest.mark.django_db

JOBS_URL = "/admin/jobs/"
OUTBOX_JOB = "search.tasks.apply_index_outbox"


def job(status: str, *, attempt: int = 1, **fields) -> DBTaskResult:
    now = timezone.now()
    return DBTaskResult.objects.create(
        status=status,
        task_path=OUTBOX_JOB,
        args_kwargs={"args": [], "kwargs": {"attempt": attempt}},
        backend_name="default",
        run_after=now,
        enqueued_at=now,
        **fields,
    )


@pytest.fixture
def jobs():
    return {
        "queued": job("READY"),
        "running": job("RUNNING", worker_ids=["machine-a"]),
        "failed": job(
            "FAILED",
            attempt=2,
            worker_ids=["machine-b"],
            exception_class_path="search.backends.base.BackendUnavailable",
            traceback="BackendUnavailable: 检索服务无法连接",
        ),
        "done": job("SUCCESSFUL", worker_ids=["machine-a"], return_value={"n": 1}),
    }


@pytest.fixture
def admin(client):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    return client


def test_administrator_sees_every_job_with_its_status_and_try(admin, jobs):
    response = admin.get(JOBS_URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("更新档案检索索引") == 4
    for label in ("排队中", "运行中", "失败", "成功", "machine-b"):
        assert label in page


def test_administrator_filters_jobs_by_status(admin, jobs):
    page = admin.get(JOBS_URL, {"status": "FAILED"}).content.decode()
    failed = reverse("background_jobs:inspect", args=[jobs["failed"].pk])
    queued = reverse("background_jobs:inspect", args=[jobs["queued"].pk])
    assert failed in page
    assert queued not in page


def test_a_failed_job_shows_its_error(admin, jobs):
    url = reverse("background_jobs:inspect", args=[jobs["failed"].pk])
    page = admin.get(url).content.decode()
    assert "BackendUnavailable: 检索服务无法连接" in page
    assert "错误详情" in page and "失败" in page


def test_a_job_page_is_named_and_shows_what_was_stored_as_code(admin, jobs):
    url = reverse("background_jobs:inspect", args=[jobs["queued"].pk])
    page = admin.get(url).content.decode()
    shown = " ".join(visible_text(page))
    assert "DBTaskResult object" not in page and "None" not in shown
    assert "检查: 更新档案检索索引" in page
    assert f"<code>{OUTBOX_JOB}</code>" in page
    assert (
        "<code>{&quot;args&quot;: [], &quot;kwargs&quot;: {&quot;attempt&quot;: 1}}"
        in page
    )
    assert "后台任务" in page and "Task Result" not in page


def test_a_job_of_no_known_kind_is_named_as_such(admin):
    other = job("READY")
    DBTaskResult.objects.filter(pk=other.pk).update(task_path="x.tasks.unknown_task")
    page = admin.get(JOBS_URL).content.decode()
    assert "其他后台任务" in page and "unknown_task" not in page


def test_jobs_cannot_be_added_changed_or_deleted_in_the_admin(admin, jobs):
    for name, args in (("add", []), ("edit", [jobs["done"].pk])):
        with pytest.raises(NoReverseMatch):
            reverse(f"background_jobs:{name}", args=args)
    page = admin.get(JOBS_URL).content.decode()
    assert "/admin/jobs/edit/" not in page and "/admin/jobs/delete/" not in page
    assert DBTaskResult.objects.count() == 4


def test_the_jobs_menu_item_is_shown_to_administrators(admin):
    assert f'"{JOBS_URL}"' in admin.get("/admin/").content.decode()


def test_a_clerk_does_not_see_the_jobs(client, jobs):
    setup_groups()  # a clerk may use the admin, for cases
    client.force_login(clerk(TownshipFactory()))
    assert client.get("/admin/").status_code == 200
    response = client.get(JOBS_URL)
    assert response.status_code == 302
    assert response.url == "/admin/"
    url = reverse("background_jobs:inspect", args=[jobs["failed"].pk])
    assert client.get(url).status_code == 302
    assert f'"{JOBS_URL}"' not in client.get("/admin/").content.decode()


def test_staff_given_the_view_permission_see_the_jobs(client, jobs):
    user = UserFactory(username="ops", is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_dbtaskresult"),
    )
    client.force_login(user)
    assert client.get(JOBS_URL).status_code == 200
