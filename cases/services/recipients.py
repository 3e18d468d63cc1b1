"""Who is told (提醒的接收人): asked of the access policy, never of the groups."""

from cases.access import actor_for, holders, rule_for


def people(action: str, obj=None, *, township_id: int | None = None) -> list:
    """Who may take ``action`` (on ``obj``) by their post: a superuser with no
    case role is not alerted. ``township_id`` keeps the township's own staff."""
    roles = rule_for(action).roles
    users = holders(action, obj).select_related("staff_profile")
    if township_id is not None:
        users = users.filter(staff_profile__township_id=township_id)
    return [user for user in users if actor_for(user).roles & roles]
