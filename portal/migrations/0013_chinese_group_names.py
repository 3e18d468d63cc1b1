"""全中文: Wagtail's own groups and its default workflow were named in English
("Editors", "Moderators", "Moderators approval"), and the admin shows these
names as they are stored. The groups are the 编辑 and 内容审核 roles
(core/roles.py GROUP_NAMES)."""

from django.db import migrations

GROUPS = {"Editors": "编辑", "Moderators": "内容审核"}
# Wagtail's default workflow and its one task (the demo's own are named apart).
WORKFLOW = {"Moderators approval": "默认审核流程"}
TASK = {"Moderators approval": "内容审核组审批"}


def _rename(apps, groups, workflow, task):
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")
    for old, new in groups.items():
        if not Group.objects.filter(name=new).exists():
            Group.objects.filter(name=old).update(name=new)
    for model, names in ((Workflow, workflow), (Task, task)):
        for old, new in names.items():
            if not model.objects.filter(name=new).exists():
                model.objects.filter(name=old).update(name=new)


def _reversed(names: dict) -> dict:
    return {new: old for old, new in names.items()}


def forwards(apps, schema_editor):
    _rename(apps, GROUPS, WORKFLOW, TASK)


def backwards(apps, schema_editor):
    _rename(apps, _reversed(GROUPS), _reversed(WORKFLOW), _reversed(TASK))


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0012_policy_forwarded_title"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
