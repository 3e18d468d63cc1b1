"""Each case keeps its own applicant (申请人信息按案件分立), and ID-number corrections.

Schema: ApplicantCorrection (an ID-number change waiting for a reviewer) and a
longer change reason in the applicant's history (a correction's reason is up to
200 characters). Data: below.

Until now intake looked an applicant up by ID number across the county and
overwrote it, so a second township's application rewrote the first case's
applicant (archived cases too). From here on every intake makes its own
applicant row; this migration splits the rows already shared:

For every applicant linked to more than one case, the case whose intake gave the
current values keeps the row. Every other case gets a copy of the applicant and
its household as they stood at that case's intake, read from the history: the
newest applicant version at or before the case's own creation row in the case
history (or its received_at), and each household member's newest version then,
unless that version is a deletion. Where no version is that old, the current
values are used, so nothing is dropped. Every new row and every case that now
points elsewhere gets a history row with the reason below, chained like any
other (cases.history.insert_chained).

The archive index learns of the changed cases through the same history signal
as any save (search re-reads each changed case); ``archive_index rebuild`` is
not needed, but is harmless.

Reversing leaves the copies in place: they are correct data, and merging them
back would rewrite earlier cases again.
"""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models
from django.db.models import Count
from django.utils import timezone

import cases.identity

REASON = "数据迁移：申请人信息按案件分立"
# A historical model's own bookkeeping; every other field it shares with its model.
HISTORY_ONLY = {
    "history_id",
    "history_date",
    "history_change_reason",
    "history_type",
    "history_user_id",
    "prev_hash",
    "row_hash",
}


def _tracked(model, history_model) -> list[str]:
    """The attnames a history row copies from its record (as simple-history does)."""
    kept = {f.attname for f in history_model._meta.concrete_fields} - HISTORY_ONLY
    return [f.attname for f in model._meta.concrete_fields if f.attname in kept]


def _history_row(history_model, tracked, obj, kind, now):
    return history_model(
        history_date=now,
        history_type=kind,
        history_user=None,
        history_change_reason=REASON,
        **{name: getattr(obj, name) for name in tracked},
    )


def _newest_at(versions, moment):
    """The newest of ``versions`` (oldest first) dated at or before ``moment``."""
    found = None
    for version in versions:
        if version.history_date <= moment:
            found = version
    return found


class _Split:
    def __init__(self, apps):
        self.Applicant = apps.get_model("cases", "Applicant")
        self.Member = apps.get_model("cases", "HouseholdMember")
        self.Case = apps.get_model("cases", "Case")
        self.ApplicantHistory = apps.get_model("cases", "HistoricalApplicant")
        self.MemberHistory = apps.get_model("cases", "HistoricalHouseholdMember")
        self.CaseHistory = apps.get_model("cases", "HistoricalCase")
        self.tracked = {
            "applicant": _tracked(self.Applicant, self.ApplicantHistory),
            "member": _tracked(self.Member, self.MemberHistory),
            "case": _tracked(self.Case, self.CaseHistory),
        }
        self.now = timezone.now()
        self.rows = {"applicant": [], "member": [], "case": []}

    def logged_at(self, case):
        """When the case's intake saved it: its '+' history row, or received_at."""
        created = (
            self.CaseHistory.objects.filter(id=case.pk, history_type="+")
            .order_by("history_id")
            .values_list("history_date", flat=True)
            .first()
        )
        return created or case.received_at

    def household_at(self, applicant, moment) -> list[dict]:
        """The household as it stood at ``moment``: name, relation, ID number."""
        versions: dict[int, list] = {}
        for row in self.MemberHistory.objects.filter(
            applicant_id=applicant.pk
        ).order_by("history_id"):
            versions.setdefault(row.id, []).append(row)
        current = {m.pk: m for m in self.Member.objects.filter(applicant=applicant)}
        members = []
        for member_id in sorted(set(versions) | set(current)):
            if member_id not in versions:
                # No history at all: when it was added is unknown; keep it.
                source = current[member_id]
            else:
                source = _newest_at(versions[member_id], moment)
                if source is None or source.history_type == "-":
                    continue
            members.append(
                {
                    "name": source.name,
                    "relation": source.relation,
                    "id_number": source.id_number,
                }
            )
        return members

    def split(self, applicant_id: int) -> None:
        applicant = self.Applicant.objects.get(pk=applicant_id)
        cases = list(
            self.Case.objects.filter(applicant_id=applicant_id).order_by(
                "received_at", "pk"
            )
        )
        versions = list(
            self.ApplicantHistory.objects.filter(id=applicant_id).order_by(
                "history_id"
            )
        )
        logged = {case.pk: self.logged_at(case) for case in cases}
        given = {case.pk: _newest_at(versions, logged[case.pk]) for case in cases}
        # The case whose intake wrote the newest version keeps the row as it is;
        # without any history, the latest case does.
        keeper = max(
            cases,
            key=lambda c: (
                given[c.pk].history_id if given[c.pk] is not None else -1,
                c.received_at,
                c.pk,
            ),
        )
        for case in cases:
            if case.pk != keeper.pk:
                self.copy_for(case, applicant, given[case.pk], logged[case.pk])

    def copy_for(self, case, applicant, version, moment) -> None:
        source = version or applicant
        copy = self.Applicant.objects.create(
            name=source.name,
            id_number=source.id_number,
            phone=source.phone,
            address=source.address,
            township_id=source.township_id,
            village_id=source.village_id,
        )
        self.rows["applicant"].append(
            _history_row(
                self.ApplicantHistory, self.tracked["applicant"], copy, "+", self.now
            )
        )
        household = (
            self.household_at(applicant, moment)
            if version is not None
            else [
                {"name": m.name, "relation": m.relation, "id_number": m.id_number}
                for m in self.Member.objects.filter(applicant=applicant)
            ]
        )
        for values in household:
            member = self.Member.objects.create(applicant=copy, **values)
            self.rows["member"].append(
                _history_row(
                    self.MemberHistory, self.tracked["member"], member, "+", self.now
                )
            )
        self.Case.objects.filter(pk=case.pk).update(applicant_id=copy.pk)
        case = self.Case.objects.get(pk=case.pk)
        self.rows["case"].append(
            _history_row(self.CaseHistory, self.tracked["case"], case, "~", self.now)
        )

    def write_history(self) -> None:
        from cases.history import insert_chained

        insert_chained(self.ApplicantHistory, self.rows["applicant"])
        insert_chained(self.MemberHistory, self.rows["member"])
        insert_chained(self.CaseHistory, self.rows["case"])


def applicant_per_case(apps, schema_editor):
    split = _Split(apps)
    shared = (
        split.Case.objects.values("applicant_id")
        .annotate(cases=Count("pk"))
        .filter(cases__gt=1)
        .order_by("applicant_id")
        .values_list("applicant_id", flat=True)
    )
    for applicant_id in list(shared):
        split.split(applicant_id)
    split.write_history()
    still = (
        split.Case.objects.values("applicant_id")
        .annotate(cases=Count("pk"))
        .filter(cases__gt=1)
    )
    if still.exists():
        raise RuntimeError("applicants still shared by several cases after the split")


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0008_result_notice_terms"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="historicalapplicant",
            name="history_change_reason",
            field=models.CharField(max_length=300, null=True),
        ),
        migrations.CreateModel(
            name="ApplicantCorrection",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("id_number", models.CharField(max_length=18, validators=[cases.identity.validate_id_number], verbose_name="更正后的身份证号码")),
                ("reason", models.CharField(max_length=200, verbose_name="更正理由")),
                ("status", models.CharField(choices=[("pending", "待审核"), ("approved", "已批准"), ("refused", "未批准")], default="pending", max_length=10, verbose_name="状态")),
                ("requested_at", models.DateTimeField(verbose_name="提出时间")),
                ("decided_at", models.DateTimeField(blank=True, null=True, verbose_name="审核时间")),
                ("decision_note", models.CharField(blank=True, max_length=200, verbose_name="审核意见")),
                ("case", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="applicant_corrections", to="cases.case", verbose_name="案件")),
                ("decided_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="审核人")),
                ("requested_by", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="提出人")),
            ],
            options={
                "verbose_name": "身份证号码更正申请",
                "verbose_name_plural": "身份证号码更正申请",
                "ordering": ["requested_at", "pk"],
            },
        ),
        migrations.CreateModel(
            name="HistoricalApplicantCorrection",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("prev_hash", models.CharField(editable=False, max_length=64, verbose_name="前一记录摘要")),
                ("row_hash", models.CharField(editable=False, max_length=64, verbose_name="本记录摘要")),
                ("key_id", models.CharField(blank=True, default="", editable=False, max_length=16, verbose_name="密钥编号")),
                ("id_number", models.CharField(max_length=18, validators=[cases.identity.validate_id_number], verbose_name="更正后的身份证号码")),
                ("reason", models.CharField(max_length=200, verbose_name="更正理由")),
                ("status", models.CharField(choices=[("pending", "待审核"), ("approved", "已批准"), ("refused", "未批准")], default="pending", max_length=10, verbose_name="状态")),
                ("requested_at", models.DateTimeField(verbose_name="提出时间")),
                ("decided_at", models.DateTimeField(blank=True, null=True, verbose_name="审核时间")),
                ("decision_note", models.CharField(blank=True, max_length=200, verbose_name="审核意见")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                ("history_type", models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1)),
                ("case", models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name="+", to="cases.case", verbose_name="案件")),
                ("decided_by", models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="审核人")),
                ("history_user", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                ("requested_by", models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="提出人")),
            ],
            options={
                "verbose_name": "historical 身份证号码更正申请",
                "verbose_name_plural": "historical 身份证号码更正申请",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.RunPython(applicant_per_case, migrations.RunPython.noop),
    ]
