"""工作人员名录：筛选和选择人员时按姓名、岗位、所在乡镇示人，按姓名查找。

Filters and choosers that pick a person (经办人, 操作人, 检索人) list staff as
“刘海燕（经办人·东岭镇）”, accept the name typed as well as the account name,
and say which people share a name rather than guess between them.
"""

from collections import Counter
from dataclasses import dataclass, replace

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext as _

from core.roles import GROUP_NAMES, Role
from core.text import refused_character

# The case module's posts, in the order a person is described by.
POSTS = (
    Role.REVIEWER,
    Role.TOWNSHIP_REVIEWER,
    Role.CLERK,
    Role.VILLAGE_COORDINATOR,
    Role.AUDITOR,
    Role.CONTENT_MODERATOR,
    Role.EDITOR,
)
_ROLE_BY_GROUP = {GROUP_NAMES[role]: role for role in POSTS}


@dataclass(frozen=True)
class Person:
    username: str
    name: str
    posts: tuple[str, ...]
    place: str
    # Two people of one name, post and place: the account name tells them apart.
    with_account: bool = False

    @property
    def label(self) -> str:
        """刘海燕（经办人·东岭镇）: name, posts and township (or village)."""
        details = "、".join(self.posts) or _("工作人员")
        if self.place:
            details = f"{details}·{self.place}"
        if self.with_account:
            details = f"{details}·{self.username}"
        return f"{self.name}（{details}）"


class PersonNotFound(Exception):
    """No one, or more than one, answers to what was typed (a Chinese message)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _name(user) -> str:
    # Chinese names are written without a space between surname and given name.
    return f"{user.first_name}{user.last_name}".strip() or user.get_username()


def staff_people(usernames=None) -> list[Person]:
    """Every active member of staff (or those named), ordered by name."""
    users = (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(is_staff=True) | Q(is_superuser=True) | Q(groups__isnull=False))
        .distinct()
        .select_related("staff_profile__township", "staff_profile__village")
        .prefetch_related("groups")
    )
    if usernames is not None:
        users = users.filter(username__in=list(usernames))
    people = []
    for user in users:
        roles = {_ROLE_BY_GROUP.get(g.name) for g in user.groups.all()}
        posts = tuple(str(role.label) for role in POSTS if role in roles)
        if not posts and user.is_superuser:
            posts = (_("系统管理员"),)
        profile = getattr(user, "staff_profile", None)
        place = ""
        if profile is not None:
            place = str(profile.village or profile.township or "")
        people.append(Person(user.get_username(), _name(user), posts, place))
    seen = Counter(p.label for p in people)
    people = [replace(p, with_account=seen[p.label] > 1) for p in people]
    return sorted(people, key=lambda p: (p.name, p.username))


def resolve_person(text: str, *, role_word: str) -> str:
    """The account a filter means: an account name, a person's name, or a
    chooser's label (“刘海燕（经办人·东岭镇）”). ``role_word`` names the
    field in the message (经办人, 工作人员)."""
    text = (text or "").strip()
    if not text:
        return ""
    shown = text[:40]
    if refused_character(text) is not None or len(text) > 200:
        raise PersonNotFound(
            _("没有名叫“%(value)s”的%(role)s。") % {"value": "", "role": role_word}
        )
    name = text.split("（", 1)[0].strip()
    users = get_user_model().objects.filter(is_active=True)
    if len(text) <= 150 and users.filter(username=text).exists():
        return text
    matches = [p for p in staff_people() if p.name == name]
    if len(matches) > 1 and "（" in text:
        matches = [p for p in matches if p.label == text] or matches
    if len(matches) == 1:
        return matches[0].username
    if matches:
        raise PersonNotFound(
            _("有%(n)s位%(role)s名叫“%(name)s”，请从列表中选择：%(who)s。")
            % {
                "n": len(matches),
                "role": role_word,
                "name": name[:40],
                "who": "；".join(p.label for p in matches),
            }
        )
    raise PersonNotFound(
        _("没有名叫“%(value)s”的%(role)s。") % {"value": shown, "role": role_word}
    )


def person_labels() -> dict[int, str]:
    """User id → 刘海燕（经办人·东岭镇）, for the choosers of staff fields."""
    users = dict(
        get_user_model().objects.filter(is_active=True).values_list("username", "pk")
    )
    return {users[p.username]: p.label for p in staff_people() if p.username in users}
