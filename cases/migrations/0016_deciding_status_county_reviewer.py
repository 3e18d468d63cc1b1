"""审批确认 becomes the county's stage, with its own status and role.

- ``Case.status`` gains 待审批确认 (deciding): the case is with the county
  reviewer, on the 审批确认 clock.
- The group 审核人 (the county's reviewers) is renamed 县级审批人, its members
  kept; 乡镇审核人 is a new role, its group made by ``setup_groups`` after
  migrate (portal.permissions.setup_groups_after_migrate).
- Open cases whose limits have no 审批确认 stage get the default limit, so the
  stage is timed when they reach it; those of a type with 公示 and no 审核 limit
  get the default 审核 limit (公示 follows 乡镇审核).
- A case at 审核 of a type with no 审核 stage was waiting for the decision with
  no clock running (临时救助 and the like). It is now 待审批确认, its 审批确认
  deadline counted from the day it was submitted (the day its 调查核实 ended).

Each changed or new record gets a chained history row ('~' or '+', no user)
with the reason below. Nothing is removed.
"""

from django.db import migrations, models
from django.utils import timezone

REASON = "数据迁移：审批确认改为县级环节（待审批确认，开始计时）"
OLD_GROUP, NEW_GROUP = "审核人", "县级审批人"
DEFAULT_DECISION_DAYS = 10
DEFAULT_REVIEW_DAYS = 5
UNDECIDED = ("received", "accepted", "investigating", "reviewing", "public_notice")
HISTORY_ONLY = {
    "history_id",
    "history_date",
    "history_change_reason",
    "history_type",
    "history_user_id",
    "prev_hash",
    "row_hash",
}


def rename_group(apps, schema_editor, old=OLD_GROUP, new=NEW_GROUP):
    group_model = apps.get_model("auth", "Group")
    before = group_model._default_manager.filter(name=old).first()
    if before is None:
        return
    after = group_model._default_manager.filter(name=new).first()
    if after is None:
        before.name = new
        before.save(update_fields=["name"])
        return
    # Both exist (a re-run after a partial setup): members and permissions move over.
    after.user_set.add(*before.user_set.all())
    after.permissions.add(*before.permissions.all())
    before.delete()


def rename_group_back(apps, schema_editor):
    rename_group(apps, schema_editor, old=NEW_GROUP, new=OLD_GROUP)


def _calendar(apps):
    from core.workdays import WorkingCalendar

    day_model = apps.get_model("cases", "CalendarDay")
    arrangement_model = apps.get_model("cases", "HolidayArrangement")
    overrides = {
        entry.date: (entry.kind == "workday", entry.name)
        for entry in day_model._default_manager.all()
    }
    years = arrangement_model._default_manager.values_list("year", flat=True)
    return WorkingCalendar(overrides=overrides, arrangements=set(years))


def _history_row(apps, obj, now, kind):
    model = type(obj)
    history_model = apps.get_model("cases", f"Historical{model.__name__}")
    kept = {f.attname for f in history_model._meta.concrete_fields} - HISTORY_ONLY
    return history_model, history_model(
        history_date=now,
        history_type=kind,
        history_user=None,
        history_change_reason=REASON,
        **{
            f.attname: getattr(obj, f.attname)
            for f in model._meta.concrete_fields
            if f.attname in kept
        },
    )


def time_the_decision(apps, schema_editor):
    from cases.history import insert_chained

    case_model = apps.get_model("cases", "Case")
    deadline_model = apps.get_model("cases", "StageDeadline")
    pause_model = apps.get_model("cases", "Pause")
    calendar = None
    now = timezone.now()
    today = timezone.localdate()
    rows: dict[type, list] = {}

    def history(obj, kind):
        history_model, row = _history_row(apps, obj, now, kind)
        rows.setdefault(history_model, []).append(row)

    for case in case_model._default_manager.filter(status__in=UNDECIDED).order_by("pk"):
        fields = []
        limits = dict(case.stage_limits or {})
        if not limits.get("decide"):
            limits["decide"] = DEFAULT_DECISION_DAYS
        # 公示 is started after 乡镇审核, so a type with 公示 has the stage.
        if case.public_notice_days and not limits.get("review"):
            limits["review"] = DEFAULT_REVIEW_DAYS
        if limits != (case.stage_limits or {}):
            case.stage_limits = limits
            fields.append("stage_limits")
        if case.status == "reviewing" and not limits.get("review"):
            calendar = calendar or _calendar(apps)
            investigated = (
                deadline_model._default_manager.filter(
                    case_id=case.pk, stage="investigate", completed_at__isnull=False
                )
                .order_by("-completed_at")
                .first()
            )
            starts_on = (
                timezone.localdate(investigated.completed_at) if investigated else today
            )
            if not deadline_model._default_manager.filter(
                case_id=case.pk, stage="decide"
            ).exists():
                pauses = [
                    (p.started_on, p.ended_on or today)
                    for p in pause_model._default_manager.filter(case_id=case.pk)
                ]
                calc = calendar.add(starts_on, limits["decide"], pauses=pauses)
                deadline = deadline_model(
                    case_id=case.pk,
                    stage="decide",
                    starts_on=starts_on,
                    working_days=limits["decide"],
                    due_on=calc.result,
                    calculation=calc.describe(),
                )
                # Not save(): no signal may write a second history row.
                (deadline,) = deadline_model._default_manager.bulk_create([deadline])
                history(deadline, "+")
            case.status = "deciding"
            case.version += 1
            fields += ["status", "version"]
        if fields:
            case_model._default_manager.filter(pk=case.pk).update(
                **{name: getattr(case, name) for name in fields}
            )
            history(case, "~")

    for history_model, new_rows in rows.items():
        insert_chained(history_model, new_rows)


def untime_the_decision(apps, schema_editor):
    """Back to 审核: the status only (the deadline and limits stay, harmless)."""
    case_model = apps.get_model("cases", "Case")
    case_model._default_manager.filter(status="deciding").update(status="reviewing")


class Migration(migrations.Migration):

    dependencies = [
        ('auth', '0012_alter_user_first_name_max_length'),
        ('cases', '0015_alerts_and_lead_triage_due'),
    ]

    operations = [
        migrations.AlterField(
            model_name='case',
            name='status',
            field=models.CharField(choices=[('received', '已接收'), ('accepted', '已受理'), ('not_accepted', '不予受理'), ('referred', '已转办'), ('investigating', '调查核实'), ('reviewing', '审核'), ('public_notice', '公示'), ('deciding', '待审批确认'), ('approved', '审批同意'), ('denied', '审批不同意'), ('replied', '已回复'), ('archived', '已归档')], default='received', max_length=20, verbose_name='状态'),
        ),
        migrations.AlterField(
            model_name='historicalcase',
            name='status',
            field=models.CharField(choices=[('received', '已接收'), ('accepted', '已受理'), ('not_accepted', '不予受理'), ('referred', '已转办'), ('investigating', '调查核实'), ('reviewing', '审核'), ('public_notice', '公示'), ('deciding', '待审批确认'), ('approved', '审批同意'), ('denied', '审批不同意'), ('replied', '已回复'), ('archived', '已归档')], default='received', max_length=20, verbose_name='状态'),
        ),
        migrations.RunPython(rename_group, rename_group_back),
        migrations.RunPython(time_the_decision, untime_the_decision),
    ]
