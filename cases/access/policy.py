"""The one policy of who may do what (the shape of Wagtail's permission policies).

- ``may(user, action, obj=None)``: for pages, to show or hide a form or button.
- ``require(by, action, obj=None)``: for services, to refuse with a message.
- ``instances(user, action)``: the records a user may take ``action`` on; every
  list and selector starts from it, and the archive search's stand-in cases.
- ``jurisdiction(user, action)``: the same reach as townships and villages, for
  what is not a queryset of the case module (the archive index, choice lists,
  the statistics area).
- ``holders(action, obj)``: the people who may take ``action`` (on ``obj``).

Without ``obj``, ``may`` and ``require`` ask whether the role allows the action
anywhere; with it, whether ``obj`` is within the person's reach as well.
"""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext as _

from cases.errors import CasePermissionDenied
from core.roles import GROUP_NAMES, Role

from .actions import ACTIONS, Rule
from .actor import COUNTY_ROLES, LOCAL_ROLES, TOWNSHIP_ROLES, actor_for
from .reach import Jurisdiction, Reach, handler_absent
from .reach import jurisdiction as _jurisdiction


def rule_for(action: str) -> Rule:
    try:
        return ACTIONS[action]
    except KeyError:
        raise LookupError(f"No such action in cases.access.actions: {action}") from None


def jurisdiction(user, action: str) -> Jurisdiction:
    rule = rule_for(action)
    return _jurisdiction(actor_for(user), rule.roles, rule.reach)


def _placed(rule: Rule, obj):
    """The object whose township, village and handlers place ``obj``."""
    return obj.case if rule.reach is Reach.CASE_RECORD else obj


def may(user, action: str, obj=None) -> bool:
    """For pages: whether to offer the action (on ``obj``, as loaded)."""
    rule = rule_for(action)
    actor = actor_for(user)
    if not actor.holds(rule.roles):
        return False
    if obj is None:
        return True
    return _jurisdiction(actor, rule.roles, rule.reach).contains(_placed(rule, obj))


def why_not(user, action: str, obj=None) -> str | None:
    """For pages: why ``user`` may not take the action (None when they may),
    naming the post that may: 须由县级审批人办理."""
    if may(user, action, obj):
        return None
    rule = rule_for(action)
    if actor_for(user).holds(rule.roles):
        return rule.outside_message
    posts = "或".join(str(role.label) for role in Role if role in rule.roles)
    return _("须由%(posts)s办理") % {"posts": posts}


def require(by, action: str, obj=None, *, field: str | None = None) -> None:
    """For services: refuse (CasePermissionDenied, a Chinese message) unless
    ``by`` may.

    A record is placed as it is stored, not as the caller's copy says (a
    colleague may have been marked absent, or a case moved, since it was read).
    """
    rule = rule_for(action)
    actor = actor_for(by)
    if not actor.holds(rule.roles):
        raise CasePermissionDenied(rule.refusal_message, field=field)
    if obj is None:
        return
    reach = _jurisdiction(actor, rule.roles, rule.reach)
    if reach.everywhere:
        return
    if _is_listed(rule, obj):
        within = _scoped(rule, reach).filter(pk=obj.pk).exists()
    else:
        within = reach.contains(_placed(rule, obj))
    if not within:
        raise CasePermissionDenied(rule.outside_message, field=field)


def require_one(by, actions: tuple[str, ...], obj=None) -> str:
    """The first of ``actions`` that ``by`` may take; refused with the first's
    message when none."""
    for action in actions:
        if may(by, action, obj):
            return action
    require(by, actions[0], obj)
    raise AssertionError("unreachable")  # pragma: no cover


def instances(user, action: str) -> QuerySet:
    """Every record of the action's model within the user's reach for it."""
    rule = rule_for(action)
    return _scoped(rule, _jurisdiction(actor_for(user), rule.roles, rule.reach))


def _model_name(rule: Rule) -> str | None:
    return rule.model or ("case" if rule.reach is Reach.CASE else None)


def _is_listed(rule: Rule, obj) -> bool:
    """Whether ``obj`` is a stored record of the kind ``instances`` lists."""
    name = _model_name(rule)
    return (
        name is not None
        and isinstance(obj, Model)
        and obj.pk is not None
        and obj._meta.label_lower == f"cases.{name}"
    )


def _scoped(rule: Rule, reach: Jurisdiction) -> QuerySet:
    name = _model_name(rule)
    if name is None:
        raise LookupError(f"{rule} has no model to list")
    records = apps.get_model("cases", name)._default_manager.all()
    if not reach.anywhere:
        return records.none()
    prefix = "case__" if rule.reach is Reach.CASE_RECORD else ""
    scope = reach.q(prefix)
    return records if scope is None else records.filter(scope)


def holders(action: str, obj=None) -> QuerySet:
    """Active users who may take ``action`` (on ``obj``): for choosing a
    handler, and for alerts and work queues."""
    rule = rule_for(action)
    users = get_user_model().objects.filter(is_active=True)
    who = Q(is_superuser=True)
    county = rule.roles & COUNTY_ROLES
    if county:
        who |= _in_groups(county)
    local = rule.roles & (LOCAL_ROLES | TOWNSHIP_ROLES)
    if local and (obj is None or rule.reach is Reach.ROLE):
        who |= _in_groups(local)
    elif local:
        place = _placed(rule, obj)
        township_id = getattr(place, "township_id", None)
        village_id = getattr(place, "village_id", None)
        township_roles = local & TOWNSHIP_ROLES
        if township_roles and township_id:
            who |= _in_groups(township_roles) & Q(
                staff_profile__township_id=township_id
            )
        if (
            Role.VILLAGE_COORDINATOR in local
            and village_id
            and rule.reach is not Reach.TOWNSHIP
        ):
            who |= _in_groups({Role.VILLAGE_COORDINATOR}) & Q(
                staff_profile__village_id=village_id
            )
        backup_id = getattr(place, "backup_handler_id", None)
        if (
            rule.reach in (Reach.CASE, Reach.CASE_RECORD)
            and backup_id
            and handler_absent(place)
        ):
            who |= _in_groups(local & LOCAL_ROLES) & Q(pk=backup_id)
    return users.filter(who).distinct()


def _in_groups(roles) -> Q:
    return Q(groups__name__in=[GROUP_NAMES[role] for role in roles])
