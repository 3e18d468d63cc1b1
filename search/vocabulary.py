"""The codes a filter may take and how each is shown, from directory and models.

Facet keys are codes (township code, status value, username); the labels here
turn them into what an auditor reads.
"""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from cases.channels import Channel
from cases.models import Case, Complaint, Referral
from portal.models import AssistanceType, Township

KIND_LABELS = {
    "case": _("案件"),
    "history": _("历史版本"),
    "referral": _("转办"),
    "complaint": _("投诉举报"),
}


def kinds() -> dict[str, str]:
    return {k: str(v) for k, v in KIND_LABELS.items()}


_STATUSES = {
    "case": Case.Status,
    "history": Case.Status,
    "referral": Referral.Status,
    "complaint": Complaint.Status,
}
_CHANNELS = {"complaint": Complaint.Channel}


def _first_label_wins(*choice_sets) -> dict[str, str]:
    """Codes of several record types; a code two types share keeps the first label."""
    merged: dict[str, str] = {}
    for choices in choice_sets:
        for code, label in choices:
            if code:
                merged.setdefault(str(code), str(label))
    return merged


def statuses(kind: str = "") -> dict[str, str]:
    """Status codes of every record type, labelled as ``kind`` labels them."""
    first = _STATUSES.get(kind, Case.Status)
    return _first_label_wins(first.choices, *(c.choices for c in _STATUSES.values()))


def channels(kind: str = "") -> dict[str, str]:
    first = _CHANNELS.get(kind, Channel)
    return _first_label_wins(first.choices, Channel.choices, Complaint.Channel.choices)


def townships() -> dict[str, str]:
    return dict(Township.objects.order_by("code").values_list("code", "name"))


def assistance_types() -> dict[str, str]:
    return dict(AssistanceType.objects.order_by("code").values_list("code", "name"))


def users(usernames) -> dict[str, str]:
    rows = get_user_model().objects.filter(username__in=list(usernames))
    return {
        u.username: f"{u.first_name}{u.last_name}".strip() or u.username for u in rows
    }


def labels(kind: str = "") -> dict[str, dict[str, str]]:
    """Facet name → code → label; statuses and channels as ``kind`` names them."""
    return {
        "kind": kinds(),
        "assistance_type": assistance_types(),
        "status": statuses(kind),
        "township": townships(),
        "channel": channels(kind),
    }


def hit_labels(hit, labels_for_kind: dict) -> dict[str, str]:
    """A hit's status and channel in the words of its own record type."""
    own = labels_for_kind.setdefault(hit.kind, labels(hit.kind))
    return {
        "status": own["status"].get(hit.status, hit.status),
        "channel": own["channel"].get(hit.channel, hit.channel),
    }
