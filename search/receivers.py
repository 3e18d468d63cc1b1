"""The signal receivers that feed the outbox: which documents a save touches.

Cases never import search: search connects these itself (SearchConfig.ready).
"""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, post_save
from simple_history.signals import post_create_historical_record

from cases.history import history_rows_inserted
from cases.models import Case, Complaint, Referral
from portal.models import AssistanceType, Township

from . import vocabulary
from .sources import history
from .tasks import index_later


def referral_saved(sender, instance, **kwargs) -> None:
    index_later([f"referral:{instance.pk}"])


def complaint_saved(sender, instance, **kwargs) -> None:
    index_later([f"complaint:{instance.pk}"])


# A case's values that its history versions, referrals and complaints copy.
CASCADING = (
    "number", "township_id", "village_id", "assistance_type_id", "status",
    "channel", "handler_id",
)  # fmt: skip


def _case_keys(row) -> list[str]:
    """A case version: the case and this version, and everything of the case when
    a value its other documents carry has changed."""
    keys = [f"case:{row.id}", history.key(Case, row.history_id)]
    if row.history_type == "+":
        # A new case has a new applicant of its own: nothing else shows it yet.
        return keys
    # A data migration's rows (below) know no versions: re-read the whole case.
    before = getattr(row, "prev_record", None)
    if before is None or any(
        getattr(before, name) != getattr(row, name) for name in CASCADING
    ):
        keys.append(f"cascade:{row.id}")
    return keys


def _history_keys(history_model, rows) -> list[str]:
    model = getattr(history_model, "instance_type", None)
    if model is None:
        # A data migration's historical model (insert_chained in a RunPython):
        # the same table as the registered one, without simple-history's extras.
        label = history_model._meta.label
        model = apps.get_model(label).instance_type
    if model._meta.app_label != "cases":
        return []
    if model is Case:
        return [key for row in rows for key in _case_keys(row)]
    keys = [history.key(model, row.history_id) for row in rows]
    if model._meta.model_name in history.FILED_AS:
        # A record just filed: its own document now carries the archive number.
        keys += _filed_record_keys(rows)
    link = history.APPLICANT_LINKED.get(model._meta.model_name)
    if link:
        keys += sorted({f"applicant:{getattr(row, link)}" for row in rows})
    return keys


def _filed_record_keys(rows) -> list[str]:
    keys = []
    for row in rows:
        for kind in ("case", "referral", "complaint"):
            pk = getattr(row, f"{kind}_id", None)
            if pk:
                keys.append(f"{kind}:{pk}")
    return keys


def history_created(sender, history_instance, **kwargs) -> None:
    index_later(_history_keys(type(history_instance), [history_instance]))


def history_inserted(sender, rows, **kwargs) -> None:
    index_later(_history_keys(sender, rows))


def connect() -> None:
    for model, known in (
        (Township, vocabulary.township_codes),
        (AssistanceType, vocabulary.assistance_type_codes),
        (get_user_model(), vocabulary.active_usernames),
    ):
        for signal in (post_save, post_delete):
            signal.connect(known.forget, sender=model, weak=False)
    post_save.connect(referral_saved, sender=Referral, dispatch_uid="archive_referral")
    post_save.connect(
        complaint_saved, sender=Complaint, dispatch_uid="archive_complaint"
    )
    post_create_historical_record.connect(
        history_created, dispatch_uid="archive_history_created"
    )
    history_rows_inserted.connect(
        history_inserted, dispatch_uid="archive_history_inserted"
    )
