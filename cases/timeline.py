"""A case's full history: every version of the case and its records, as diffs.

One list for the admin's history tab and the API's history endpoint: who, when,
why, what kind of change, and for each changed field its old and new value.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.models import ServicePoint

from .history.words import words_for
from .identity import mask_id_number

HISTORY_TYPES = {"+": _("新建"), "~": _("修改"), "-": _("删除")}
# Never shown in a diff: internal counters and the hash chain itself.
HIDDEN_FIELDS = {"version", "row_hash", "prev_hash", "sort_order"}
MASKED_FIELDS = {"id_number"}


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    old: str
    new: str


@dataclass
class TimelineEntry:
    at: datetime
    user: str
    reason: str
    kind: str
    record: str
    record_label: str
    history_id: int
    changes: list[FieldChange] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return str(HISTORY_TYPES.get(self.kind, self.kind))


def _display(record, field_name: str, value) -> str:
    if value is None or value == "":
        return ""
    if field_name in MASKED_FIELDS:
        return mask_id_number(str(value))
    model = record.instance_type
    model_field = model._meta.get_field(field_name)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if (words := words_for(model, model_field)) is not None:
        return words(value)
    if model_field.is_relation:
        related = getattr(record, field_name, None)
        if related is None:
            return str(value)
        if model_field.related_model is get_user_model():
            return ServicePoint.staff_display_name(related)
        return str(related)
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, datetime):
        # Shown in the office's time zone, like every other time on the page.
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return f"{value:%Y-%m-%d %H:%M:%S}"
    return str(value)


def _label(record, field_name: str) -> str:
    return str(record.instance_type._meta.get_field(field_name).verbose_name)


def _user(record) -> str:
    user = record.history_user
    if user is None:
        return _("系统")
    return ServicePoint.staff_display_name(user)


def _entries(history_queryset, record_label: str) -> list[TimelineEntry]:
    entries = []
    previous_by_object: dict[int, object] = {}
    rows = history_queryset.select_related("history_user").order_by("history_id")
    for record in rows:
        before = previous_by_object.get(record.id)
        changes: list[FieldChange] = []
        if before is not None and record.history_type == "~":
            delta = record.diff_against(before)
            for change in delta.changes:
                if change.field in HIDDEN_FIELDS:
                    continue
                changes.append(
                    FieldChange(
                        change.field,
                        _label(record, change.field),
                        _display(before, change.field, change.old),
                        _display(record, change.field, change.new),
                    )
                )
        elif record.history_type == "+":
            for model_field in record.instance_type._meta.concrete_fields:
                name = model_field.attname.removesuffix("_id")
                if name in HIDDEN_FIELDS or model_field.primary_key:
                    continue
                if not hasattr(record, model_field.attname):
                    continue  # not kept in history (Case.decision: the status says it)
                shown = _display(record, name, getattr(record, model_field.attname))
                if shown:
                    changes.append(FieldChange(name, _label(record, name), "", shown))
        previous_by_object[record.id] = record
        entries.append(
            TimelineEntry(
                at=record.history_date,
                user=_user(record),
                reason=record.history_change_reason or "",
                kind=record.history_type,
                record=str(record.instance_type._meta.verbose_name),
                record_label=record_label,
                history_id=record.history_id,
                changes=changes,
            )
        )
    return entries


def case_timeline(case, *, user=None) -> list[TimelineEntry]:
    """Every version of the case and of each record that belongs to it, oldest first.

    With ``user``, complaints appear only for those who may see them (a village
    coordinator reads the case, not the complaints about it).
    """
    from .models import (
        ApplicantCorrection,
        BenefitChange,
        Case,
        CaseAttachment,
        Complaint,
        Extension,
        FollowUp,
        HouseholdMember,
        Lead,
        MaterialRequest,
        Notice,
        OneTimeNoticeItem,
        Pause,
        ReceivedMaterial,
        Recipient,
        RecipientExit,
        RecipientReview,
        Referral,
        RegistrationEntry,
        StageDeadline,
        VerificationObjection,
    )

    sources = [
        (Case.history.filter(id=case.pk), case.number),
        (case.applicant.history.all(), case.applicant.name),
        # The household is this case's own (one applicant per intake).
        (
            HouseholdMember.history.filter(applicant_id=case.applicant_id),
            _("家庭成员"),
        ),
        (
            ApplicantCorrection.history.filter(case_id=case.pk),
            _("身份证号码更正"),
        ),
        (ReceivedMaterial.history.filter(case_id=case.pk), _("收件")),
        (CaseAttachment.history.filter(case_id=case.pk), _("案件附件")),
        (Notice.history.filter(case_id=case.pk), _("告知文书")),
        (
            OneTimeNoticeItem.history.filter(notice__case_id=case.pk),
            _("一次性告知事项"),
        ),
        (StageDeadline.history.filter(case_id=case.pk), _("期限")),
        (Pause.history.filter(case_id=case.pk), _("补正暂停")),
        (Extension.history.filter(deadline__case_id=case.pk), _("延期")),
        (MaterialRequest.history.filter(case_id=case.pk), _("补充材料要求")),
        (VerificationObjection.history.filter(case_id=case.pk), _("核对异议")),
        (Referral.history.filter(case_id=case.pk), _("分办转办")),
        (_complaint_history(Complaint, case, user), _("投诉举报")),
        (FollowUp.history.filter(case_id=case.pk), _("评价回访")),
        (RecipientExit.history.filter(case_id=case.pk), _("救助对象退出")),
        (Recipient.history.filter(case_id=case.pk), _("在册救助对象")),
        (
            RecipientReview.history.filter(recipient__case_id=case.pk),
            _("定期复核"),
        ),
        (BenefitChange.history.filter(recipient__case_id=case.pk), _("待遇调整")),
        (Lead.history.filter(id__in=_ids(case.leads)), _("主动发现线索")),
        (
            RegistrationEntry.history.filter(id__in=_ids(case.registration_entries)),
            _("工作登记簿"),
        ),
    ]
    entries: list[TimelineEntry] = []
    for queryset, label in sources:
        entries.extend(_entries(queryset, str(label)))
    entries.sort(key=lambda e: (e.at, e.history_id))
    return entries


def _ids(related) -> list[int]:
    return list(related.values_list("pk", flat=True))


def _complaint_history(complaint_model, case, user):
    """Every version of each complaint about the case that the user may read.

    By the complaint's id, so the versions from before it was linked count too.
    """
    ids = complaint_model.objects.filter(case_id=case.pk)
    if user is not None:
        from .selectors import complaints_visible_to

        ids = ids.filter(pk__in=complaints_visible_to(user).values("pk"))
    return complaint_model.history.filter(id__in=list(ids.values_list("pk", flat=True)))
