"""Idempotency keys by scope, so that the public complaint endpoint can use them.

Existing records are a staff caller's: their scope is ``user:<pk>``, the same
uniqueness as before (one key per user).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def scope_by_user(apps, schema_editor):
    record = apps.get_model("cases", "IdempotencyRecord")
    for pk, user_id in record.objects.values_list("pk", "user_id"):
        record.objects.filter(pk=pk).update(scope=f"user:{user_id}")


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0004_recipient_exits"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="idempotencyrecord",
            name="scope",
            field=models.CharField(default="", max_length=80),
            preserve_default=False,
        ),
        migrations.RunPython(scope_by_user, migrations.RunPython.noop),
        migrations.RemoveConstraint(
            model_name="idempotencyrecord", name="idempotency_per_user"
        ),
        migrations.AlterField(
            model_name="idempotencyrecord",
            name="user",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="idempotencyrecord",
            name="case",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="cases.case",
            ),
        ),
        migrations.AddField(
            model_name="idempotencyrecord",
            name="complaint",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="cases.complaint",
            ),
        ),
        migrations.AddConstraint(
            model_name="idempotencyrecord",
            constraint=models.UniqueConstraint(
                fields=("scope", "key"), name="idempotency_per_scope"
            ),
        ),
        migrations.AddConstraint(
            model_name="idempotencyrecord",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("case__isnull", False), ("complaint__isnull", True)),
                    models.Q(("case__isnull", True), ("complaint__isnull", False)),
                    _connector="OR",
                ),
                name="idempotency_makes_one_thing",
            ),
        ),
    ]
