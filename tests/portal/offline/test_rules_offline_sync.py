"""The rules of the posting register: editions, stale copies, replacement tasks."""

import datetime

import pytest

from portal.models import Posting, PrintEdition, ReplacementTask
from portal.offline.editions import current_edition
from portal.offline.errors import NotYourServicePoint, OfflineSyncError
from portal.offline.figures import consistency_report, point_checklist
from portal.offline.register import posting_record, posting_remove
from portal.offline.tasks import task_confirm
from tests.factories.clock import on_day

from .conftest import republish

pytestmark = pytest.mark.django_db


def _post(county, point, page, by, form="wall"):
    return posting_record(by=by, service_point=point, page=page, form=form)


def test_each_publication_with_new_text_is_the_next_edition(county):
    first = current_edition(county.policy)
    assert first.number == 1
    republish(county.policy, summary="新增：低保标准每年调整一次。")
    second = current_edition(county.policy)
    assert second.number == 2
    first.refresh_from_db()
    assert first.superseded_at is not None
    assert first.superseded_by == second
    assert second.code != first.code


def test_republishing_unchanged_text_keeps_the_edition_and_opens_no_task(county):
    _post(county, county.window_1, county.policy, county.clerk_1)
    edition = current_edition(county.policy)
    republish(county.policy, seo_title="低保细则")
    assert current_edition(county.policy) == edition
    assert not ReplacementTask.objects.exists()


def test_publishing_a_new_edition_makes_older_postings_stale_and_opens_tasks(county):
    _post(county, county.window_1, county.policy, county.clerk_1)
    _post(county, county.window_1, county.policy, county.clerk_1, form="leaflet")
    _post(county, county.window_2, county.policy, county.clerk_2)
    republish(county.policy, body=[("paragraph", "<p>低保标准调整为每月720元。</p>")])
    postings = Posting.objects.filter(page=county.policy)
    assert all(p.is_stale for p in postings)
    tasks = ReplacementTask.objects.filter(page=county.policy)
    # One task per service point, not per copy.
    assert {t.service_point for t in tasks} == {county.window_1, county.window_2}
    assert all(t.kind == "replace" and t.target_edition.number == 2 for t in tasks)


def test_replacement_is_due_three_working_days_after_publication(county):
    _post(county, county.window_1, county.policy, county.clerk_1)
    # Tuesday 2026-09-29: 30 September, then the National Day holiday does not
    # count, then 8 and 9 October.
    with on_day(datetime.date(2026, 9, 29)):
        republish(county.policy, summary="新版")
    task = ReplacementTask.objects.get()
    assert task.due_on == datetime.date(2026, 10, 9)
    assert "国庆节" in task.due_basis


def test_second_edition_retargets_the_open_task_and_keeps_its_deadline(county):
    _post(county, county.window_1, county.policy, county.clerk_1)
    republish(county.policy, summary="第二版")
    task = ReplacementTask.objects.get()
    due = task.due_on
    republish(county.policy, summary="第三版")
    task.refresh_from_db()
    assert ReplacementTask.objects.count() == 1
    assert task.target_edition.number == 3
    assert task.stale_edition.number == 1
    assert task.due_on == due


def test_confirming_replacement_records_the_new_posting_and_closes_the_task(county):
    old = _post(county, county.window_1, county.policy, county.clerk_1)
    republish(county.policy, summary="新版")
    task = ReplacementTask.objects.get()
    task_confirm(by=county.clerk_1, task=task, note="已换贴")
    task.refresh_from_db()
    old.refresh_from_db()
    assert task.status == "done" and task.closed_by == county.clerk_1
    assert old.removed_on is not None and old.removed_by == county.clerk_1
    new = Posting.objects.get(page=county.policy, removed_on__isnull=True)
    assert new.edition.number == 2 and new.form == "wall" and new.task == task
    assert not new.is_stale


def test_confirming_a_task_twice_is_refused_and_changes_nothing(county):
    _post(county, county.window_1, county.policy, county.clerk_1)
    republish(county.policy, summary="新版")
    task = ReplacementTask.objects.get()
    task_confirm(by=county.clerk_1, task=task)
    before = list(Posting.objects.order_by("pk").values())
    with pytest.raises(OfflineSyncError, match="不能重复确认"):
        task_confirm(by=county.clerk_1, task=task)
    assert list(Posting.objects.order_by("pk").values()) == before


def test_confirming_another_service_points_task_is_refused(county):
    _post(county, county.window_1, county.policy, county.clerk_1)
    republish(county.policy, summary="新版")
    task = ReplacementTask.objects.get()
    with pytest.raises(NotYourServicePoint):
        task_confirm(by=county.clerk_2, task=task)
    with pytest.raises(NotYourServicePoint):
        task_confirm(by=county.auditor, task=task)
    task.refresh_from_db()
    assert task.status == "open"
    assert Posting.objects.get().removed_on is None


def test_an_editor_may_confirm_for_any_service_point(county):
    _post(county, county.window_2, county.policy, county.clerk_2)
    republish(county.policy, summary="新版")
    task_confirm(by=county.editor, task=ReplacementTask.objects.get())
    assert ReplacementTask.objects.get().status == "done"


def test_unpublishing_a_page_opens_tasks_to_take_its_copies_down(county):
    _post(county, county.window_1, county.policy, county.clerk_1)
    _post(county, county.window_2, county.policy, county.clerk_2)
    county.policy.unpublish()
    edition = PrintEdition.objects.get(page=county.policy)
    assert edition.withdrawn and not edition.is_current
    tasks = ReplacementTask.objects.filter(page=county.policy)
    assert tasks.count() == 2
    assert all(t.kind == "take_down" and t.target_edition is None for t in tasks)
    task_confirm(by=county.clerk_1, task=tasks.get(service_point=county.window_1))
    assert not Posting.objects.filter(
        service_point=county.window_1, removed_on__isnull=True
    ).exists()


def test_recording_a_copy_of_an_old_edition_opens_its_task_at_once(county):
    first = current_edition(county.policy)
    republish(county.policy, summary="新版")
    posting = posting_record(
        by=county.clerk_1,
        service_point=county.window_1,
        page=county.policy,
        form="wall",
        edition=first,
    )
    assert posting.is_stale
    assert ReplacementTask.objects.get().service_point == county.window_1


def test_a_second_active_copy_in_the_same_form_is_refused(county):
    _post(county, county.window_1, county.policy, county.clerk_1)
    with pytest.raises(OfflineSyncError, match="已登记张贴"):
        _post(county, county.window_1, county.policy, county.clerk_1)
    assert Posting.objects.count() == 1


def test_a_clerk_records_postings_of_their_own_service_points_only(county):
    with pytest.raises(NotYourServicePoint):
        _post(county, county.window_2, county.policy, county.clerk_1)
    with pytest.raises(NotYourServicePoint):
        _post(county, county.window_1, county.policy, county.coordinator_1)
    _post(county, county.station_1, county.complaints, county.coordinator_1)
    assert Posting.objects.count() == 1


def test_a_posting_cannot_be_dated_in_the_future(county):
    with pytest.raises(OfflineSyncError) as error:
        posting_record(
            by=county.clerk_1,
            service_point=county.window_1,
            page=county.policy,
            form="wall",
            posted_on=datetime.date.today() + datetime.timedelta(days=3),
        )
    assert error.value.field == "posted_on"
    assert not Posting.objects.exists()


def test_taking_down_the_last_stale_copy_settles_its_task(county):
    posting = _post(county, county.window_1, county.policy, county.clerk_1)
    republish(county.policy, summary="新版")
    with pytest.raises(OfflineSyncError):
        posting_remove(by=county.clerk_1, posting=posting, reason="  ")
    posting_remove(by=county.clerk_1, posting=posting, reason="本窗口不再张贴")
    task = ReplacementTask.objects.get()
    assert task.status == "done"
    assert "本窗口不再张贴" in task.note


def test_a_long_removal_reason_is_kept_whole_and_its_history_note_cut(county):
    """撤下原因 takes 200 characters; the history row keeps 100 (on PostgreSQL a
    longer change reason would fail the save)."""
    posting = _post(county, county.window_1, county.policy, county.clerk_1)
    republish(county.policy, summary="新版")
    reason = "墙面翻新，" * 40  # 200 characters
    posting_remove(by=county.clerk_1, posting=posting, reason=reason)
    posting.refresh_from_db()
    assert posting.removal_reason == reason
    assert posting.history.first().history_change_reason == reason[:100]
    task = ReplacementTask.objects.get()
    assert task.status == "done" and reason in task.note
    assert len(task.history.first().history_change_reason) == 100


def test_consistency_counts_current_stale_and_missing_copies(county):
    # window_1 must show policy, complaints, guide: all three posted, policy goes
    # stale. window_2: only complaints posted. station_1: complaints required.
    for page in (county.policy, county.complaints, county.guide):
        _post(county, county.window_1, page, county.clerk_1)
    _post(county, county.window_2, county.complaints, county.clerk_2)
    _post(county, county.window_2, county.guide, county.clerk_2, form="desk_card")
    republish(county.policy, summary="新版")
    report = consistency_report()
    by_code = {p.point.code: p for p in report.points}
    w1, w2, s1 = (
        by_code["dongling-window"],
        by_code["nanxi-window"],
        by_code["shangzhuang-station"],
    )
    assert (w1.required, w1.current, w1.stale, w1.gaps) == (3, 2, 1, 0)
    # A desk card does not meet a requirement to post on the wall.
    assert (w2.required, w2.current, w2.stale, w2.gaps) == (3, 1, 0, 2)
    assert (s1.required, s1.current, s1.stale, s1.gaps) == (1, 0, 0, 1)
    assert (report.required, report.current) == (7, 3)
    assert report.rate == pytest.approx(3 / 7)
    assert (w1.open_tasks, report.open_tasks) == (1, 1)


def test_confirming_the_task_makes_the_service_point_consistent(county):
    for page in (county.policy, county.complaints, county.guide):
        _post(county, county.window_1, page, county.clerk_1)
    republish(county.policy, summary="新版")
    task_confirm(by=county.clerk_1, task=ReplacementTask.objects.get())
    point = next(p for p in consistency_report().points if p.point == county.window_1)
    assert (point.current, point.stale, point.rate) == (3, 0, 1.0)


def test_overdue_tasks_are_counted_after_their_due_date(county):
    _post(county, county.window_1, county.policy, county.clerk_1)
    republish(county.policy, summary="新版")
    task = ReplacementTask.objects.get()
    on_time = consistency_report(today=task.due_on)
    late = consistency_report(today=task.due_on + datetime.timedelta(days=1))
    assert (on_time.overdue_tasks, late.overdue_tasks) == (0, 1)


def test_a_requirement_for_an_unpublished_page_is_not_counted(county):
    county.guide.unpublish()
    point = next(p for p in consistency_report().points if p.point == county.window_1)
    assert point.required == 2
    states = [line.state for line in point_checklist(county.window_1)]
    assert states == ["gap", "gap"]


def test_replacement_deadline_counts_the_holidays_administrators_entered(county):
    """One working calendar: a day entered under 节假日调整 (a case-module record)
    moves the portal's replacement deadline too."""
    from cases.models import CalendarDay

    CalendarDay.objects.create(
        date=datetime.date(2027, 3, 2), kind=CalendarDay.Kind.HOLIDAY, name="县庆"
    )
    _post(county, county.window_1, county.policy, county.clerk_1)
    # Monday 2027-03-01: Wednesday, Thursday, Friday, because Tuesday is a holiday.
    with on_day(datetime.date(2027, 3, 1)):
        republish(county.policy, summary="新版")
    task = ReplacementTask.objects.get()
    assert task.due_on == datetime.date(2027, 3, 5)
    assert "县庆" in task.due_basis
