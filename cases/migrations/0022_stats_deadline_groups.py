"""PostgreSQL statistics on how many (stage, start day, completion day) groups
the stage deadlines form, so the planner counts stage timings with a hash
aggregate instead of sorting every deadline of a quarter on disk
(cases.stats.timeliness.stage_timings). Nothing on other databases."""

from django.conf import settings
from django.db import migrations

NAME = "deadline_timing_groups"


def add_statistics(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    zone = settings.TIME_ZONE.replace("'", "")
    schema_editor.execute(
        f"CREATE STATISTICS IF NOT EXISTS {NAME} (ndistinct) ON stage, starts_on, "
        f"((completed_at AT TIME ZONE '{zone}')::date) FROM cases_stagedeadline"
    )


def drop_statistics(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP STATISTICS IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("cases", "0021_stats_covering_indexes")]

    operations = [migrations.RunPython(add_statistics, drop_statistics)]
