"""全中文: permission names in Chinese.

Django stores each model's permissions with English names ("Can add 救助案件"),
and the admin's group editor shows them as stored. After every ``migrate`` the
standard four are renamed from the model's (Chinese) verbose name, and the
admin-access permission too; the codenames, which the checks use, stay.
"""

from django.db.models import Q
from django.utils import translation

VERBS = {"add": "新增", "change": "修改", "delete": "删除", "view": "查看"}
OTHER = {
    ("wagtailadmin", "access_admin"): "可以进入管理后台",
    ("wagtailcore", "publish_page"): "可发布页面",
    ("wagtailcore", "lock_page"): "可锁定页面",
    ("wagtailcore", "unlock_page"): "可解锁页面",
    ("wagtailcore", "bulk_delete_page"): "可批量删除页面",
    ("wagtaildocs", "choose_document"): "可选用文档",
    ("wagtailimages", "choose_image"): "可选用图片",
}
# Models whose own verbose name is English (a package without zh_Hans).
MODEL_NAMES = {("django_tasks_database", "dbtaskresult"): "后台任务结果"}


def chinese_permission_names() -> int:
    """Rename what is still in English; the number of names changed."""
    from django.conf import settings
    from django.contrib.auth.models import Permission

    changed = 0
    # Wagtail's page permissions are not named "Can …" ("Lock/unlock pages
    # you've locked"): those with a name of ours are picked by codename.
    english = Permission.objects.filter(
        Q(name__startswith="Can ") | Q(codename__in={code for _app, code in OTHER})
    )
    with translation.override(settings.LANGUAGE_CODE):
        for permission in english.select_related("content_type"):
            name = _chinese_name(permission)
            if name and name != permission.name:
                permission.name = name[:255]
                permission.save(update_fields=["name"])
                changed += 1
    return changed


def _chinese_name(permission) -> str | None:
    key = (permission.content_type.app_label, permission.codename)
    if key in OTHER:
        return OTHER[key]
    verb, _sep, model = permission.codename.partition("_")
    model_class = permission.content_type.model_class()
    if verb not in VERBS or model_class is None:
        return None
    if model != model_class._meta.model_name or not permission.name.startswith("Can "):
        return None
    label = MODEL_NAMES.get(
        (permission.content_type.app_label, model), model_class._meta.verbose_name
    )
    return f"可{VERBS[verb]}{label}"
