"""申请人与家庭成员。"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.history import HashChainedHistory, ReasonRequiredOnChange
from cases.identity import (
    mask_id_number,
    mask_phone,
    validate_id_number,
    validate_phone,
)

from .fields import township_field, village_field


class Applicant(ReasonRequiredOnChange):
    name = models.CharField(_("姓名"), max_length=50)
    id_number = models.CharField(
        _("身份证号码"), max_length=18, validators=[validate_id_number], db_index=True
    )
    phone = models.CharField(_("联系电话"), max_length=20, validators=[validate_phone])
    address = models.CharField(_("住址"), max_length=200)
    township = township_field("applicants")
    village = village_field("applicants")

    # A correction's reason may be 200 characters; its history keeps all of it.
    history = HistoricalRecords(
        bases=[HashChainedHistory],
        history_change_reason_field=models.CharField(max_length=300, null=True),
    )

    class Meta:
        verbose_name = _("申请人")
        verbose_name_plural = _("申请人")

    def __str__(self) -> str:
        return f"{self.name}（{self.masked_id_number}）"

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)


class HouseholdMember(ReasonRequiredOnChange):
    applicant = models.ForeignKey(
        Applicant,
        on_delete=models.CASCADE,
        related_name="household",
        verbose_name=_("申请人"),
    )
    name = models.CharField(_("姓名"), max_length=50)
    relation = models.CharField(_("与申请人关系"), max_length=20)
    id_number = models.CharField(
        _("身份证号码"), max_length=18, blank=True, validators=[validate_id_number]
    )

    history = HistoricalRecords(bases=[HashChainedHistory])

    class Meta:
        verbose_name = _("家庭成员")
        verbose_name_plural = _("家庭成员")

    def __str__(self) -> str:
        return f"{self.name}（{self.relation}）"
