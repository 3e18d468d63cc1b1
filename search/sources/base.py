"""What one indexed record looks like, and the directory look-ups documents share."""

from dataclasses import asdict, dataclass, field
from datetime import datetime

from django.contrib.auth import get_user_model

from core.cjk import identifier, normalise_lines
from portal.models import AssistanceType, Department, Township, Village


@dataclass
class IndexDoc:
    """One searchable record: a case, a history version, a referral or a complaint.

    ``title`` and ``body`` are shown to the auditor (ID numbers masked); the full
    ID and phone numbers are only in ``identifiers``, matched exactly, never shown.
    Filter fields hold codes and usernames, so facets count the same on every backend.
    """

    key: str
    kind: str
    at: datetime
    title: str
    body: str
    case_number: str = ""
    number: str = ""
    township: str = ""
    village: str = ""
    assistance_type: str = ""
    status: str = ""
    channel: str = ""
    handler: str = ""
    user: str = ""
    record: str = ""
    names: list[str] = field(default_factory=list)
    identifiers: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The normalised text both engines tokenise: title, body and names."""
        return normalise_lines("\n".join([self.title, self.body, " ".join(self.names)]))

    @property
    def idents(self) -> list[str]:
        values = [
            identifier(v) for v in [*self.identifiers, self.number, self.case_number]
        ]
        return sorted({v for v in values if v})

    def as_dict(self) -> dict:
        return asdict(self)


def id_ranges(ids: list, size: int) -> list[tuple]:
    """Ascending ids cut into (first, last) ranges of ``size`` ids each: the
    chunks a rebuild builds one at a time. The last range is open (``last`` is
    None), so a record added since the ids were read is built too, as it was
    when a rebuild read page after page until none was left."""
    ranges = [
        (ids[start], ids[min(start + size, len(ids)) - 1])
        for start in range(0, len(ids), size)
    ]
    if ranges:
        ranges[-1] = (ranges[-1][0], None)
    return ranges


def between(first, last) -> dict:
    """Lookups of the ids from ``first`` to ``last`` (None: no upper bound)."""
    return {"pk__gte": first} if last is None else {"pk__gte": first, "pk__lte": last}


def archive_number(record) -> str:
    """The record's archive number (档案号) once filed, else empty.

    Read through ``select_related("archive_entry")`` in batches; it is an
    identifier of the record's document, so typing it finds the record.
    """
    entry = getattr(record, "archive_entry", None)
    return entry.number if entry is not None else ""


@dataclass(frozen=True)
class CaseFacts:
    """A case's current filter values, copied onto its history versions and records."""

    number: str
    township: str
    village: str
    assistance_type: str
    status: str
    channel: str
    handler: str


class Directory:
    """Names and codes of small tables, loaded once per indexing batch."""

    def __init__(self):
        self._users: dict[int, tuple[str, str]] | None = None
        self._codes: dict[type, dict[int, tuple[str, str]]] = {}
        self.case_facts: dict[int, CaseFacts] = {}
        self._words: dict[tuple, str] = {}

    def words(self, render, value) -> str:
        """``render(value)``, kept for the batch: a field's words may look a
        name up in the database (档案类别: one query per version otherwise).
        A value that cannot be a key (a JSON dict or list) is kept by its repr,
        which tells apart what renders differently (order, 1 and 1.0)."""
        try:
            key = (render, value)
            return self._words[key]
        except TypeError:
            key = (render, repr(value))
            if key not in self._words:
                self._words[key] = render(value)
            return self._words[key]
        except KeyError:
            shown = self._words[key] = render(value)
            return shown

    def _table(self, model) -> dict[int, tuple[str, str]]:
        if model not in self._codes:
            self._codes[model] = {
                pk: (code, name)
                for pk, code, name in model.objects.values_list("pk", "code", "name")
            }
        return self._codes[model]

    def code(self, model, pk) -> str:
        return self._table(model).get(pk, ("", ""))[0] if pk else ""

    def name(self, model, pk) -> str:
        return self._table(model).get(pk, ("", ""))[1] if pk else ""

    def _load_users(self) -> dict[int, tuple[str, str]]:
        if self._users is None:
            self._users = {
                pk: (username, f"{first}{last}".strip() or username)
                for pk, username, first, last in get_user_model().objects.values_list(
                    "pk", "username", "first_name", "last_name"
                )
            }
        return self._users

    def username(self, pk) -> str:
        return self._load_users().get(pk, ("", ""))[0] if pk else ""

    def user_name(self, pk) -> str:
        return self._load_users().get(pk, ("", ""))[1] if pk else ""

    def display(self, related_model, pk) -> str | None:
        """A foreign key as a person reads it; None when not worth indexing."""
        if pk is None or pk == "":
            return ""
        if related_model is get_user_model():
            return self.user_name(pk)
        if related_model in (Township, Village, AssistanceType, Department):
            return self.name(related_model, pk)
        return None
