"""待遇调整 are filed too, under 财务与统计类 (CW), each as it is recorded.

The changes recorded before are filed here, in the order they were recorded
(then by id), numbered per year of recording; the counters are left where live
filing goes on from. Each entry gets a chained history row ('+', no user).
"""

import importlib

from django.conf import settings

from django.db import migrations, models
from django.utils import timezone

import django.db.models.deletion

REASON = "数据迁移：待遇调整归入财务与统计类档案"
KINDS = {
    "increase": "增发",
    "decrease": "减发",
    "back_pay": "补发",
    "suspend": "暂停发放",
    "stop": "停发",
}


def file_benefit_changes(apps, schema_editor):
    from cases.history import insert_chained

    before = importlib.import_module("cases.migrations.0019_archive_catalogue")
    change_model = apps.get_model("cases", "BenefitChange")
    entry_model = apps.get_model("cases", "ArchiveEntry")
    counter_model = apps.get_model("cases", "CaseNumberCounter")
    category = apps.get_model("cases", "ArchiveCategory")._default_manager.filter(
        code="CW"
    ).first()
    filed = entry_model._default_manager.filter(benefit_change__isnull=False)
    changes = (
        change_model._default_manager.exclude(pk__in=filed.values("benefit_change_id"))
        .select_related("recipient__case__applicant")
        .order_by("recorded_at", "pk")
    )
    if category is None or not changes.exists():
        return
    now = before._now()
    serials, rows = {}, []
    for change in changes:
        case = change.recipient.case
        year = timezone.localtime(change.recorded_at).year
        scope = f"DA{year}CW"
        if scope not in serials:
            counter, _created = counter_model._default_manager.get_or_create(
                scope=scope
            )
            serials[scope] = counter.last
        serials[scope] += 1
        serial = serials[scope]
        kind = KINDS.get(change.kind, change.kind)
        entry = entry_model._default_manager.create(
            number=f"{year}-CW-{serial:06d}",
            year=year,
            serial=serial,
            category=category,
            kind="benefit_change",
            record_number=case.number,
            title=(
                f"待遇调整：{kind}，自{change.effective_month:%Y-%m}"
                f"（{case.applicant.name}）"
            )[:200],
            township_id=case.township_id,
            retention_years=category.retention_years,
            closed_at=change.recorded_at,
            filed_at=now,
            filed_by=None,
            contents=[],
            benefit_change=change,
        )
        history_model, row = before._history_row(apps, entry, now)
        row.history_change_reason = REASON
        rows.append(row)
    for scope, last in serials.items():
        counter_model._default_manager.filter(scope=scope).update(last=last)
    insert_chained(type(rows[0]), rows)


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0019_archive_catalogue'),
        ('portal', '0009_guide_review_cycle'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='archiveentry',
            name='archive_entry_files_one_record_of_its_kind',
        ),
        migrations.AddField(
            model_name='archiveentry',
            name='benefit_change',
            field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='archive_entry', to='cases.benefitchange', verbose_name='待遇调整'),
        ),
        migrations.AddField(
            model_name='historicalarchiveentry',
            name='benefit_change',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='cases.benefitchange', verbose_name='待遇调整'),
        ),
        migrations.AlterField(
            model_name='archiveentry',
            name='kind',
            field=models.CharField(choices=[('case', '救助案件'), ('complaint', '投诉举报'), ('lead', '主动发现线索'), ('referral', '分办转办'), ('registration', '工作登记簿'), ('benefit_change', '待遇调整')], max_length=20, verbose_name='记录类型'),
        ),
        migrations.AlterField(
            model_name='historicalarchiveentry',
            name='kind',
            field=models.CharField(choices=[('case', '救助案件'), ('complaint', '投诉举报'), ('lead', '主动发现线索'), ('referral', '分办转办'), ('registration', '工作登记簿'), ('benefit_change', '待遇调整')], max_length=20, verbose_name='记录类型'),
        ),
        migrations.AddConstraint(
            model_name='archiveentry',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('benefit_change__isnull', True), ('case__isnull', False), ('complaint__isnull', True), ('kind', 'case'), ('lead__isnull', True), ('referral__isnull', True), ('registration_entry__isnull', True)), models.Q(('benefit_change__isnull', True), ('case__isnull', True), ('complaint__isnull', False), ('kind', 'complaint'), ('lead__isnull', True), ('referral__isnull', True), ('registration_entry__isnull', True)), models.Q(('benefit_change__isnull', True), ('case__isnull', True), ('complaint__isnull', True), ('kind', 'lead'), ('lead__isnull', False), ('referral__isnull', True), ('registration_entry__isnull', True)), models.Q(('benefit_change__isnull', True), ('case__isnull', True), ('complaint__isnull', True), ('kind', 'referral'), ('lead__isnull', True), ('referral__isnull', False), ('registration_entry__isnull', True)), models.Q(('benefit_change__isnull', True), ('case__isnull', True), ('complaint__isnull', True), ('kind', 'registration'), ('lead__isnull', True), ('referral__isnull', True), ('registration_entry__isnull', False)), models.Q(('benefit_change__isnull', False), ('case__isnull', True), ('complaint__isnull', True), ('kind', 'benefit_change'), ('lead__isnull', True), ('referral__isnull', True), ('registration_entry__isnull', True)), _connector='OR'), name='archive_entry_files_one_record_of_its_kind'),
        ),
        migrations.RunPython(file_benefit_changes, migrations.RunPython.noop),
    ]
