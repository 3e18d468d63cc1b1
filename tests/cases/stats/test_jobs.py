"""后台生成统计报表 Excel: queued from the dashboard, progress shown, the file
for the person who asked only; the command line's progress bar."""

from datetime import date
from io import BytesIO
from types import SimpleNamespace

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from cases.stats import jobs
from cases.stats.export import to_xlsx
from cases.stats.periods import parse_period
from cases.stats.progress import Steps, bar
from cases.stats.report import build_report, step_count
from cases.stats.scope import scope_for
from tests.factories.clock import on_day

from .conftest import receive

pytestmark = pytest.mark.django_db
DAY = date(2026, 11, 24)


@pytest.fixture(autouse=True)
def _fresh_shared_cache():
    caches["shared"].clear()
    yield
    caches["shared"].clear()


@pytest.fixture
def cases(people):
    receive(people.clerk, people.east, date(2026, 10, 5), village=people.village)
    receive(people.west_clerk, people.west, date(2026, 10, 7))


def _start(client, **data):
    with on_day(DAY):
        return client.post(reverse("cases_stats_job_start"), data)


def _sheet_rows(content: bytes, title: str) -> list[tuple]:
    book = load_workbook(BytesIO(content))
    return [tuple(c.value for c in row) for row in book[title].iter_rows()]


def test_the_job_makes_the_same_workbook_as_the_download(people, login_client, cases):
    client = login_client(people.reviewer)
    response = _start(client, period="2026-10")
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert "已生成" in html and 'value="100"' in html
    state = client.get(response["Location"], {"format": "json"}).json()
    assert state["status"] == "done"
    assert state["done"] == state["total"] == step_count() + 1
    download = client.get(state["download_url"])
    assert download.status_code == 200
    assert download["Content-Disposition"].endswith('stats-county-2026-10.xlsx"')
    with on_day(DAY):
        direct = client.get(reverse("cases_stats_xlsx"), {"period": "2026-10"})
    book, direct_book = (
        load_workbook(BytesIO(c)) for c in (download.content, direct.content)
    )
    assert book.sheetnames == direct_book.sheetnames
    for name in book.sheetnames[1:]:  # the cover says when each was made
        assert [[c.value for c in r] for r in book[name].iter_rows()] == [
            [c.value for c in r] for r in direct_book[name].iter_rows()
        ], name


def test_progress_is_saved_after_every_step(people, cases, monkeypatch):
    seen = []
    real_save = jobs._save

    def spy(job_id, state):
        seen.append((state["status"], state["done"], state["percent"]))
        real_save(job_id, state)

    monkeypatch.setattr(jobs, "_save", spy)
    with on_day(DAY):
        jobs.start_workbook(people.reviewer, "", "2026-10")
    total = step_count() + 1
    running = [s for s in seen if s[0] == jobs.RUNNING]
    assert [done for _s, done, _p in running] == list(range(1, total + 1))
    percents = [p for _s, _d, p in running]
    assert percents == sorted(percents) and percents[-1] < 100
    assert seen[0][0] == jobs.QUEUED and seen[-1] == (jobs.DONE, total, 100)


def test_only_the_person_who_asked_sees_the_job_or_its_file(
    people, login_client, cases
):
    response = _start(login_client(people.clerk), period="2026-10")
    job_page = response["Location"]
    job_id = job_page.rstrip("/").rsplit("/", 1)[-1]
    other = login_client(people.reviewer)
    assert other.get(job_page).status_code == 404
    download = reverse("cases_stats_job_download", args=[job_id])
    assert other.get(download).status_code == 404
    mine = login_client(people.clerk).get(download)
    assert mine.status_code == 200
    rows = _sheet_rows(mine.content, "受理申请：按救助事项")
    assert rows[-1][-1] == 1  # 东岭镇's one application, not the county's two


def _messages(response) -> list[str]:
    return [str(m) for m in response.wsgi_request._messages]


def test_a_refused_or_malformed_request_queues_nothing(
    people, login_client, cases, monkeypatch
):
    queued = []
    monkeypatch.setattr(jobs, "make_workbook", SimpleNamespace(enqueue=queued.append))
    clerk = login_client(people.clerk)
    refused = _start(clerk, period="2026-10", township="west")
    assert refused.status_code == 302  # back, with the message (portal.admin_input)
    assert any("只能查看本乡镇" in m for m in _messages(refused))
    malformed = _start(clerk, period="2026-13")
    assert any("01 至 12" in m for m in _messages(malformed))
    hostile = _start(clerk, period="<script>" * 100, township="../../etc")
    assert hostile.status_code in (302, 400)
    editor = _start(login_client(people.editor), period="2026-10")
    assert editor.status_code == 403
    assert "没有查看统计数据的权限" in editor.content.decode()
    assert queued == []
    assert (
        login_client(people.clerk).get(reverse("cases_stats_job_start")).status_code
        == 405
    )


@pytest.mark.parametrize(
    "job_id", ["", "x" * 32, "../" * 11, "0" * 500, "%00", "<script>"]
)
def test_unknown_or_hostile_job_ids_are_not_found(people, login_client, job_id):
    """Not found (or, for a path no pattern takes, the slash redirect): never a
    file, never a 500."""
    client = login_client(people.reviewer)
    for path in (
        f"/admin/statistics/jobs/{job_id}/",
        f"/admin/statistics/jobs/{job_id}/report.xlsx",
    ):
        assert client.get(path).status_code in (301, 404), path


def test_someone_without_a_statistics_role_is_refused_before_the_lookup(
    people, login_client
):
    client = login_client(people.editor)
    for path in ("", "report.xlsx"):
        response = client.get(f"/admin/statistics/jobs/{'0' * 32}/{path}")
        assert response.status_code == 403
        assert "没有查看统计数据的权限" in response.content.decode()


def test_a_role_taken_away_before_the_job_runs_ends_it_with_the_refusal(
    people, cases, monkeypatch
):
    monkeypatch.setattr(
        jobs, "make_workbook", SimpleNamespace(enqueue=lambda _id: None)
    )
    with on_day(DAY):
        job_id = jobs.start_workbook(people.clerk, "", "2026-10")
    people.clerk.groups.clear()
    with on_day(DAY):
        assert jobs.run_workbook(job_id) == jobs.FAILED
    state = caches["shared"].get(f"stats-workbook:{job_id}")
    assert state["status"] == jobs.FAILED
    assert "没有查看统计数据的权限" in state["error"]
    assert caches["shared"].get(f"stats-workbook:{job_id}:file") is None


def test_the_streamed_workbook_holds_the_report(people, cases):
    with on_day(DAY):
        report = build_report(scope_for(people.reviewer), parse_period("2026-10"))
        out = BytesIO()
        assert to_xlsx(report, out) == b""
    book = load_workbook(BytesIO(out.getvalue()))
    assert book.sheetnames[0] == "说明"
    assert len(book.sheetnames) == 1 + len(report.tables())
    assert book["说明"].column_dimensions["B"].width == 60


def test_the_command_draws_a_progress_bar(people, cases, tmp_path, capsys):
    target = tmp_path / "r.xlsx"
    with on_day(DAY):
        call_command("stats_report", "--period", "2026-10", "--output", str(target))
    err = capsys.readouterr().err
    total = step_count() + 1
    assert f"] 1/{total}" in err and f"] {total}/{total}" in err
    assert "#" * 24 in err and "写入：XLSX" in err
    assert load_workbook(target).sheetnames[0] == "说明"


def test_steps_and_bar():
    steps = Steps(4)
    assert bar(steps) == "[" + "-" * 24 + "] 0/4" and steps.percent == 0
    for title in "abcd":
        steps.advance(title)
    steps.advance("e")  # never past the end
    assert (steps.done, steps.title, steps.percent) == (4, "e", 75)
    assert bar(steps) == "[" + "#" * 24 + "] 4/4"


def test_the_dashboard_offers_the_background_workbook(people, login_client, cases):
    with on_day(DAY):
        page = login_client(people.clerk).get(
            reverse("cases_stats"), {"period": "2026-10"}
        )
    html = page.content.decode()
    assert "后台生成 Excel（显示进度）" in html
    assert f'action="{reverse("cases_stats_job_start")}"' in html
    assert 'name="period" value="2026-10"' in html
