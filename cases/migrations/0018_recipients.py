"""在册对象: an approved case becomes a recipient, reviewed periodically, its
payments changed (增发、减发、补发、暂停、停发).

Data: every case approved (审批同意, whether since replied or archived) and not
exited gets its recipient record, with the amount and start month the approval
recorded (empty amount for an approval from before amounts were recorded; the
start month is then the month of the decision), and the review cycle of the
type's published guide (12 months without one). The first review is due a cycle
after the start month, so an old approval may be due (or overdue) at once, as
it is. Each new record gets a chained history row ('+', no user) with the
reason below. Nothing is changed or removed.
"""

import calendar

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


REASON = "数据迁移：审批同意的案件登记为在册救助对象"
DEFAULT_CYCLE_MONTHS = 12
HISTORY_ONLY = {
    "history_id",
    "history_date",
    "history_change_reason",
    "history_type",
    "history_user_id",
    "prev_hash",
    "row_hash",
}


def add_months(day, months):
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return day.replace(year=year, month=month + 1, day=min(day.day, last))


def register_recipients(apps, schema_editor):
    from django.utils import timezone

    from cases.history import insert_chained

    case_model = apps.get_model("cases", "Case")
    exit_model = apps.get_model("cases", "RecipientExit")
    recipient_model = apps.get_model("cases", "Recipient")
    history_model = apps.get_model("cases", "HistoricalRecipient")
    guide_model = apps.get_model("portal", "ServiceGuidePage")
    cycles = dict(
        guide_model._default_manager.filter(live=True).values_list(
            "assistance_type_id", "review_cycle_months"
        )
    )
    now = timezone.now()
    exited = exit_model._default_manager.values("case_id")
    registered = recipient_model._default_manager.values("case_id")
    approved = (
        case_model._default_manager.filter(decision="approved")
        .exclude(pk__in=exited)
        .exclude(pk__in=registered)
        .order_by("pk")
    )
    kept = {f.attname for f in history_model._meta.concrete_fields} - HISTORY_ONLY
    made = []
    for case in approved.iterator(chunk_size=500):
        decided = case.decided_at or case.received_at
        starts = case.starts_month or timezone.localdate(decided).replace(day=1)
        cycle = cycles.get(case.assistance_type_id) or DEFAULT_CYCLE_MONTHS
        made.append(
            recipient_model(
                case_id=case.pk,
                status="active",
                monthly_amount=case.monthly_amount,
                starts_month=starts,
                review_cycle_months=cycle,
                income_varies=False,
                next_review_on=add_months(starts, cycle),
                last_reviewed_on=None,
                registered_at=decided,
            )
        )
    # bulk_create: no save signals, so the one history row is the chained one.
    made = recipient_model._default_manager.bulk_create(made, batch_size=500)
    rows = [
        history_model(
            history_date=now,
            history_type="+",
            history_user=None,
            history_change_reason=REASON,
            **{
                f.attname: getattr(recipient, f.attname)
                for f in recipient_model._meta.concrete_fields
                if f.attname in kept
            },
        )
        for recipient in made
    ]
    if rows:
        insert_chained(history_model, rows)


def unregister_recipients(apps, schema_editor):
    """Back: the tables go with the models, and their chain heads with them,
    so a later forward run starts new chains."""
    heads = apps.get_model("cases", "HistoryChainHead")
    heads.objects.filter(
        table__in=[
            "cases.HistoricalRecipient",
            "cases.HistoricalRecipientReview",
            "cases.HistoricalBenefitChange",
        ]
    ).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0017_attachments_and_objection_evidence'),
        ('portal', '0009_guide_review_cycle'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='alert',
            name='kind',
            field=models.CharField(choices=[('window_unstaffed', '窗口A、B岗均不在岗'), ('lead_near_due', '紧急线索待研判'), ('lead_overdue', '紧急线索研判超期'), ('proxy_request', '帮办代办申请待受理'), ('review_due', '在册对象定期复核将到期')], max_length=20, verbose_name='类型'),
        ),
        migrations.CreateModel(
            name='HistoricalRecipient',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('prev_hash', models.CharField(editable=False, max_length=64, verbose_name='前一记录摘要')),
                ('row_hash', models.CharField(editable=False, max_length=64, verbose_name='本记录摘要')),
                ('key_id', models.CharField(blank=True, default='', editable=False, max_length=16, verbose_name='密钥编号')),
                ('status', models.CharField(choices=[('active', '正常发放'), ('suspended', '暂停发放'), ('stopped', '已停发')], default='active', max_length=20, verbose_name='状态')),
                ('monthly_amount', models.DecimalField(blank=True, decimal_places=2, max_digits=8, null=True, verbose_name='现发放金额（元/月）')),
                ('starts_month', models.DateField(help_text='救助从该月起发放，记为当月1日。', verbose_name='起始月份')),
                ('review_cycle_months', models.PositiveSmallIntegerField(verbose_name='复核周期（月）')),
                ('income_varies', models.BooleanField(default=False, help_text='收入不稳定的家庭按办事指南的较短周期（如每半年）复核。', verbose_name='收入变动家庭')),
                ('next_review_on', models.DateField(verbose_name='下次复核日期')),
                ('last_reviewed_on', models.DateField(blank=True, null=True, verbose_name='上次复核日期')),
                ('registered_at', models.DateTimeField(editable=False, verbose_name='登记在册时间')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('case', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='cases.case', verbose_name='案件')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical 在册救助对象',
                'verbose_name_plural': 'historical 在册救助对象',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='Recipient',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('status', models.CharField(choices=[('active', '正常发放'), ('suspended', '暂停发放'), ('stopped', '已停发')], default='active', max_length=20, verbose_name='状态')),
                ('monthly_amount', models.DecimalField(blank=True, decimal_places=2, max_digits=8, null=True, verbose_name='现发放金额（元/月）')),
                ('starts_month', models.DateField(help_text='救助从该月起发放，记为当月1日。', verbose_name='起始月份')),
                ('review_cycle_months', models.PositiveSmallIntegerField(verbose_name='复核周期（月）')),
                ('income_varies', models.BooleanField(default=False, help_text='收入不稳定的家庭按办事指南的较短周期（如每半年）复核。', verbose_name='收入变动家庭')),
                ('next_review_on', models.DateField(verbose_name='下次复核日期')),
                ('last_reviewed_on', models.DateField(blank=True, null=True, verbose_name='上次复核日期')),
                ('registered_at', models.DateTimeField(editable=False, verbose_name='登记在册时间')),
                ('case', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='recipient', to='cases.case', verbose_name='案件')),
            ],
            options={
                'verbose_name': '在册救助对象',
                'verbose_name_plural': '在册救助对象',
                'ordering': ['next_review_on', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='HistoricalRecipientReview',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('prev_hash', models.CharField(editable=False, max_length=64, verbose_name='前一记录摘要')),
                ('row_hash', models.CharField(editable=False, max_length=64, verbose_name='本记录摘要')),
                ('key_id', models.CharField(blank=True, default='', editable=False, max_length=16, verbose_name='密钥编号')),
                ('reviewed_on', models.DateField(verbose_name='复核日期')),
                ('due_on', models.DateField(verbose_name='应复核日期')),
                ('outcome', models.CharField(choices=[('continue', '继续享受'), ('increase', '提高救助金额'), ('decrease', '降低救助金额'), ('stop', '停止救助')], max_length=20, verbose_name='复核结论')),
                ('amount_before', models.DecimalField(blank=True, decimal_places=2, max_digits=8, null=True, verbose_name='复核前金额（元/月）')),
                ('new_amount', models.DecimalField(blank=True, decimal_places=2, max_digits=8, null=True, verbose_name='调整后金额（元/月）')),
                ('reason', models.TextField(blank=True, max_length=1000, verbose_name='复核意见')),
                ('recorded_at', models.DateTimeField(editable=False, verbose_name='登记时间')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('reviewed_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='复核人')),
                ('recipient', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='cases.recipient', verbose_name='在册对象')),
            ],
            options={
                'verbose_name': 'historical 定期复核',
                'verbose_name_plural': 'historical 定期复核',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalBenefitChange',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('prev_hash', models.CharField(editable=False, max_length=64, verbose_name='前一记录摘要')),
                ('row_hash', models.CharField(editable=False, max_length=64, verbose_name='本记录摘要')),
                ('key_id', models.CharField(blank=True, default='', editable=False, max_length=16, verbose_name='密钥编号')),
                ('kind', models.CharField(choices=[('increase', '增发'), ('decrease', '减发'), ('back_pay', '补发'), ('suspend', '暂停发放'), ('stop', '停发')], max_length=20, verbose_name='调整类别')),
                ('amount', models.DecimalField(blank=True, decimal_places=2, max_digits=8, null=True, verbose_name='金额（元）')),
                ('effective_month', models.DateField(help_text='记为当月1日。', verbose_name='生效月份')),
                ('amount_before', models.DecimalField(blank=True, decimal_places=2, max_digits=8, null=True, verbose_name='调整前金额（元/月）')),
                ('amount_after', models.DecimalField(blank=True, decimal_places=2, max_digits=8, null=True, verbose_name='调整后金额（元/月）')),
                ('reason', models.TextField(max_length=1000, verbose_name='调整原因')),
                ('recorded_at', models.DateTimeField(editable=False, verbose_name='登记时间')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('recorded_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='登记人')),
                ('recipient', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='cases.recipient', verbose_name='在册对象')),
            ],
            options={
                'verbose_name': 'historical 待遇调整',
                'verbose_name_plural': 'historical 待遇调整',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='BenefitChange',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('increase', '增发'), ('decrease', '减发'), ('back_pay', '补发'), ('suspend', '暂停发放'), ('stop', '停发')], max_length=20, verbose_name='调整类别')),
                ('amount', models.DecimalField(blank=True, decimal_places=2, max_digits=8, null=True, verbose_name='金额（元）')),
                ('effective_month', models.DateField(help_text='记为当月1日。', verbose_name='生效月份')),
                ('amount_before', models.DecimalField(blank=True, decimal_places=2, max_digits=8, null=True, verbose_name='调整前金额（元/月）')),
                ('amount_after', models.DecimalField(blank=True, decimal_places=2, max_digits=8, null=True, verbose_name='调整后金额（元/月）')),
                ('reason', models.TextField(max_length=1000, verbose_name='调整原因')),
                ('recorded_at', models.DateTimeField(editable=False, verbose_name='登记时间')),
                ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='登记人')),
                ('recipient', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='benefit_changes', to='cases.recipient', verbose_name='在册对象')),
            ],
            options={
                'verbose_name': '待遇调整',
                'verbose_name_plural': '待遇调整',
                'ordering': ['-recorded_at', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='RecipientReview',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('reviewed_on', models.DateField(verbose_name='复核日期')),
                ('due_on', models.DateField(verbose_name='应复核日期')),
                ('outcome', models.CharField(choices=[('continue', '继续享受'), ('increase', '提高救助金额'), ('decrease', '降低救助金额'), ('stop', '停止救助')], max_length=20, verbose_name='复核结论')),
                ('amount_before', models.DecimalField(blank=True, decimal_places=2, max_digits=8, null=True, verbose_name='复核前金额（元/月）')),
                ('new_amount', models.DecimalField(blank=True, decimal_places=2, max_digits=8, null=True, verbose_name='调整后金额（元/月）')),
                ('reason', models.TextField(blank=True, max_length=1000, verbose_name='复核意见')),
                ('recorded_at', models.DateTimeField(editable=False, verbose_name='登记时间')),
                ('recipient', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='reviews', to='cases.recipient', verbose_name='在册对象')),
                ('reviewed_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='复核人')),
            ],
            options={
                'verbose_name': '定期复核',
                'verbose_name_plural': '定期复核',
                'ordering': ['-reviewed_on', '-pk'],
            },
        ),
        migrations.AddIndex(
            model_name='recipient',
            index=models.Index(fields=['status', 'next_review_on'], name='recipient_due'),
        ),
        migrations.AddIndex(
            model_name='benefitchange',
            index=models.Index(fields=['effective_month'], name='benefit_change_month'),
        ),
        migrations.AddIndex(
            model_name='recipientreview',
            index=models.Index(fields=['reviewed_on'], name='review_reviewed_on'),
        ),
        migrations.RunPython(register_recipients, unregister_recipients),
    ]
