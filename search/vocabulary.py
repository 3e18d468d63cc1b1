"""The codes a filter may take and how each is shown, from directory and models.

Facet keys are codes (township code, status value, username); the labels here
turn them into what an auditor reads.
"""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from cases.channels import Channel
from cases.models import Case
from portal.models import AssistanceType, Township

KIND_LABELS = {
    "case": _("案件"),
    "history": _("历史版本"),
}
EXTRA_STATUSES: dict[str, str] = {}
EXTRA_CHANNELS: dict[str, str] = {}


def kinds() -> dict[str, str]:
    return {k: str(v) for k, v in KIND_LABELS.items()}


def statuses() -> dict[str, str]:
    return {**{str(k): str(v) for k, v in Case.Status.choices}, **EXTRA_STATUSES}


def channels() -> dict[str, str]:
    return {**{str(k): str(v) for k, v in Channel.choices}, **EXTRA_CHANNELS}


def townships() -> dict[str, str]:
    return dict(Township.objects.order_by("code").values_list("code", "name"))


def assistance_types() -> dict[str, str]:
    return dict(AssistanceType.objects.order_by("code").values_list("code", "name"))


def users(usernames) -> dict[str, str]:
    rows = get_user_model().objects.filter(username__in=list(usernames))
    return {
        u.username: f"{u.first_name}{u.last_name}".strip() or u.username for u in rows
    }


def labels() -> dict[str, dict[str, str]]:
    """Facet name → code → label, for the facets search.query.FACETS names."""
    return {
        "kind": kinds(),
        "assistance_type": assistance_types(),
        "status": statuses(),
        "township": townships(),
        "channel": channels(),
    }
