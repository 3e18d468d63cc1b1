"""Staff roles. Each is a Django group; the names are what the admin shows."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    EDITOR = "editor", _("编辑")
    CONTENT_MODERATOR = "content_moderator", _("内容审核")
    CLERK = "clerk", _("经办人")
    VILLAGE_COORDINATOR = "village_coordinator", _("村协理员")
    # 乡镇审核人: the township's 审核 (and 公示), in their township.
    TOWNSHIP_REVIEWER = "township_reviewer", _("乡镇审核人")
    # 县级审批人: the county's 审批确认, everywhere in the county. The value
    # keeps its old name, as it is stored data (the group was “审核人”).
    REVIEWER = "reviewer", _("县级审批人")
    AUDITOR = "auditor", _("审计")


# Group names are stored data, so they are fixed strings rather than translations.
# 编辑 and 内容审核 were Wagtail's own "Editors" and "Moderators" until portal
# 0013 renamed them (the admin shows group names as they are).
GROUP_NAMES: dict[str, str] = {
    Role.EDITOR: "编辑",
    Role.CONTENT_MODERATOR: "内容审核",
    Role.CLERK: "经办人",
    Role.VILLAGE_COORDINATOR: "村协理员",
    Role.TOWNSHIP_REVIEWER: "乡镇审核人",
    Role.REVIEWER: "县级审批人",
    Role.AUDITOR: "审计",
}

_ROLE_BY_GROUP = {name: role for role, name in GROUP_NAMES.items()}


def roles_of(user) -> frozenset[Role]:
    """The roles a person holds: the one place they are read from the groups.

    An anonymous or inactive user holds none. The answer is kept on the user
    object for the request, as the groups do not change within one.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, "_roles", None)
    if cached is None:
        cached = frozenset(
            _ROLE_BY_GROUP[name]
            for name in user.groups.values_list("name", flat=True)
            if name in _ROLE_BY_GROUP
        )
        user._roles = cached
    return cached
