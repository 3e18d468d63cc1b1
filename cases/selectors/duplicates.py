"""重复申请提示: the same ID number has a case still being handled.

The one read here that crosses jurisdictions, on purpose: a clerk logging an
application should know that the same person has an open case elsewhere, so the
two offices can talk before both pay. It tells only that such a case exists, its
number and its township, never the applicant's name, address, phone or
household, and the case itself stays out of the clerk's reach
(``cases_visible_to``).
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from cases.models import Case

OPEN_CASE_SAME_ID = "open_case_same_id"


@dataclass(frozen=True)
class IntakeWarning:
    code: str
    case_number: str
    township: str

    @property
    def message(self) -> str:
        return _(
            "该身份证号码另有一件正在办理的申请：案件%(number)s（%(township)s）。"
            "请与该乡镇核实，避免重复救助。"
        ) % {"number": self.case_number, "township": self.township}


def open_cases_same_id(case: Case) -> list[IntakeWarning]:
    """Open cases of the same ID number logged before ``case``.

    Only earlier ones, so that the answer to a replayed request (Idempotency-Key)
    says what the first answer said, less any case closed since.
    """
    others = (
        Case.objects.filter(
            applicant__id_number=case.applicant.id_number, pk__lt=case.pk
        )
        .exclude(status__in=Case.NOT_OPEN)
        .order_by("pk")
        .values_list("number", "township__name")
    )
    return [
        IntakeWarning(OPEN_CASE_SAME_ID, number, township)
        for number, township in others
    ]
