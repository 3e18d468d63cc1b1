"""Reads that span relations, always scoped by the acting user."""

from django.db.models import Q, QuerySet

from .access import actor_for
from .models import Case


def cases_visible_to(user) -> QuerySet[Case]:
    """The one query every list, detail, export, API endpoint and search starts from.

    Township clerks see their township; village coordinators their village;
    reviewers and auditors the whole county; a B-role clerk also sees the cases of
    an absent A-role colleague (AB角顶岗); editors and the public see none.
    """
    actor = actor_for(user)
    cases = Case.objects.select_related(
        "assistance_type", "township", "village", "applicant", "handler"
    )
    if actor.sees_everything:
        return cases
    scope = Q(pk__in=[])
    if actor.has("clerk") and actor.township_id:
        scope |= Q(township_id=actor.township_id)
    if actor.has("village_coordinator") and actor.village_id:
        scope |= Q(village_id=actor.village_id)
    if actor.roles & {"clerk", "village_coordinator"}:
        scope |= Q(
            backup_handler_id=actor.user_id, handler__staff_profile__is_absent=True
        )
    return cases.filter(scope)


def case_for_update(user, number: str) -> Case:
    """A case the user may change, locked for the transaction (raises DoesNotExist)."""
    return cases_visible_to(user).select_for_update(of=("self",)).get(number=number)
