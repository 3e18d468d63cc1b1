"""The staff groups and what each may do. Idempotent: call it as often as needed.

Page permissions for the content groups are owned here and set exactly, so an editor
can never end up with publish rights left over from an earlier configuration. Model
and collection permissions are only added, never removed: other apps extend a role
with ``add_role_permissions`` (e.g. the case module, from its ``AppConfig.ready``)
and an administrator's additions survive a re-run.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Site,
)

from core.roles import GROUP_NAMES, Role

# Page actions on the content root. Editors draft and submit; only moderators publish.
PAGE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    Role.EDITOR: ("add", "change"),
    Role.CONTENT_MODERATOR: ("add", "change", "publish", "lock", "unlock"),
}

_DOCUMENT_AND_IMAGE = (
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
)
COLLECTION_PERMISSIONS: dict[str, tuple[str, ...]] = {
    Role.EDITOR: _DOCUMENT_AND_IMAGE,
    Role.CONTENT_MODERATOR: (
        *_DOCUMENT_AND_IMAGE,
        "wagtaildocs.delete_document",
        "wagtailimages.delete_image",
    ),
}

# Case staff read the directory (service points, AB roles) but edit no content.
_DIRECTORY_READ = (
    "portal.view_township",
    "portal.view_village",
    "portal.view_servicepoint",
    "portal.view_department",
    "portal.view_assistancetype",
    "portal.view_staffprofile",
)
# Editors keep the list of what every service point must display (应张贴清单).
_DISPLAY_REQUIREMENTS = (
    "portal.add_displayrequirement",
    "portal.change_displayrequirement",
    "portal.delete_displayrequirement",
    "portal.view_displayrequirement",
)
# Editors keep the public search's synonyms and abbreviations (搜索同义词).
_SEARCH_SYNONYMS = (
    "portal.add_searchsynonym",
    "portal.change_searchsynonym",
    "portal.delete_searchsynonym",
    "portal.view_searchsynonym",
)
MODEL_PERMISSIONS: dict[str, list[str]] = {
    Role.EDITOR: [
        "wagtailadmin.access_admin",
        *_DISPLAY_REQUIREMENTS,
        *_SEARCH_SYNONYMS,
    ],
    Role.CONTENT_MODERATOR: [
        "wagtailadmin.access_admin",
        *_DISPLAY_REQUIREMENTS,
        *_SEARCH_SYNONYMS,
    ],
    Role.CLERK: ["wagtailadmin.access_admin", *_DIRECTORY_READ],
    Role.VILLAGE_COORDINATOR: ["wagtailadmin.access_admin", *_DIRECTORY_READ],
    Role.TOWNSHIP_REVIEWER: ["wagtailadmin.access_admin", *_DIRECTORY_READ],
    Role.REVIEWER: ["wagtailadmin.access_admin", *_DIRECTORY_READ],
    Role.AUDITOR: ["wagtailadmin.access_admin", *_DIRECTORY_READ],
}


def add_role_permissions(role: Role | str, *permissions: str) -> None:
    """Extend a role with "app_label.codename" permissions before setup_groups runs."""
    granted = MODEL_PERMISSIONS.setdefault(Role(role), [])
    granted.extend(p for p in permissions if p not in granted)


def _permission(dotted: str) -> Permission:
    app_label, codename = dotted.split(".", 1)
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def default_content_root() -> Page:
    """The default site's root page, or the tree root when no site exists yet."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    return site.root_page if site else Page.get_first_root_node()


def _set_page_permissions(group: Group, root: Page, actions: tuple[str, ...]) -> None:
    wanted = {_permission(f"wagtailcore.{action}_page").pk for action in actions}
    existing = GroupPagePermission.objects.filter(group=group)
    existing.exclude(page=root, permission_id__in=wanted).delete()
    have = set(existing.values_list("permission_id", flat=True))
    GroupPagePermission.objects.bulk_create(
        GroupPagePermission(group=group, page=root, permission_id=pk)
        for pk in sorted(wanted - have)
    )


def _add_collection_permissions(group: Group, dotted: tuple[str, ...]) -> None:
    collection = Collection.get_first_root_node()
    for name in dotted:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission=_permission(name)
        )


@transaction.atomic
def setup_groups(*, content_root: Page | None = None) -> dict[str, Group]:
    """Create or update every role's group; returns them keyed by role value."""
    root = content_root or default_content_root()
    groups: dict[str, Group] = {}
    for role in Role:
        group, _created = Group.objects.get_or_create(name=GROUP_NAMES[role])
        groups[role.value] = group
        group.permissions.add(*(_permission(p) for p in MODEL_PERMISSIONS[role]))
        _set_page_permissions(group, root, PAGE_PERMISSIONS.get(role, ()))
        _add_collection_permissions(group, COLLECTION_PERMISSIONS.get(role, ()))
    return groups


def setup_groups_after_migrate(sender, **kwargs) -> None:
    """Keep every role's group in step with the code on each ``migrate``.

    A deployed site gets a new role (乡镇审核人) or a new record's permissions
    the day it upgrades, not only when the demo is seeded. It runs once, for the
    last app: by then every app's permissions exist.
    """
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    from .permission_names import chinese_permission_names

    if kwargs.get("using", "default") != "default":
        return
    # Each app's permissions are made by its own post_migrate, named for each
    # here. This receiver may run before django.contrib.auth's for the app (portal
    # comes first in INSTALLED_APPS): on a new database the last app's (后台任务结果)
    # stayed "Can add Task Result" until the next migrate. Made first, then named
    # (create_permissions adds only what is missing).
    create_permissions(**kwargs)
    chinese_permission_names()
    last = [c for c in apps.get_app_configs() if c.models_module is not None][-1]
    if sender is not last:
        return
    setup_groups()
