"""The codes a filter may take and how each is shown, from directory and models.

Facet keys are codes (township code, status value, username); the labels here
turn them into what an auditor reads.
"""

import time
from collections.abc import Callable, Iterable
from functools import cache

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


@cache
def status_codes() -> frozenset[str]:
    """The keys of :func:`statuses`, without translating a label (a query's check)."""
    return frozenset(
        str(code)
        for choices in _STATUSES.values()
        for code, _ in choices.choices
        if code
    )


@cache
def channel_codes() -> frozenset[str]:
    """The keys of :func:`channels`, without translating a label."""
    return frozenset(
        str(code)
        for choices in (Channel, Complaint.Channel)
        for code, _ in choices.choices
        if code
    )


def kind_codes() -> frozenset[str]:
    return frozenset(KIND_LABELS)


def channels(kind: str = "") -> dict[str, str]:
    first = _CHANNELS.get(kind, Channel)
    return _first_label_wins(first.choices, Channel.choices, Complaint.Channel.choices)


# What a query's filter is checked against (parse_query), kept in the process
# for a minute so that a search does not ask the database each time. A code not
# among those kept is looked up afresh, so a township added a moment ago is known
# at once; a name not among the kept accounts goes to resolve_person, which asks
# the database. Saving or deleting one in this process forgets them; one renamed,
# deleted or deactivated through another process is still taken for up to a
# minute, and its search finds what carries it (nothing, for a code that is gone).
# A filter only chooses among the records a role may read; it grants nothing.
KNOWN_FOR_SECONDS = 60.0


class Known:
    """Values read from the database, kept for KNOWN_FOR_SECONDS."""

    def __init__(self, read: Callable[[], Iterable[str]], *, reread_unknown: bool):
        self._read = read
        self._reread_unknown = reread_unknown
        self._kept: tuple[frozenset[str], float] = (frozenset(), 0.0)

    def __contains__(self, value: object) -> bool:
        values, until = self._kept
        fresh = time.monotonic() < until
        if fresh and (value in values or not self._reread_unknown):
            return value in values
        values = frozenset(self._read())
        self._kept = (values, time.monotonic() + KNOWN_FOR_SECONDS)
        return value in values

    def forget(self, **kwargs) -> None:
        """A signal receiver: read afresh next time."""
        self._kept = (frozenset(), 0.0)


township_codes = Known(
    lambda: Township.objects.values_list("code", flat=True), reread_unknown=True
)
assistance_type_codes = Known(
    lambda: AssistanceType.objects.values_list("code", flat=True),
    reread_unknown=True,
)
# Accounts by their name: one not kept is resolved by resolve_person as before.
active_usernames = Known(
    lambda: (
        get_user_model()
        .objects.filter(is_active=True)
        .values_list(get_user_model().USERNAME_FIELD, flat=True)
    ),
    reread_unknown=False,
)


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
