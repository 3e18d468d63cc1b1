"""案件文档：每个案件一条，内容为案件的现状。"""

from collections.abc import Iterable

from django.utils.translation import gettext as _

from cases.identity import mask_id_number
from cases.models import Case, HouseholdMember
from portal.models import AssistanceType, Township, Village

from .base import CaseFacts, Directory, IndexDoc, archive_number, between, id_ranges

KIND = "case"


def key(pk) -> str:
    return f"{KIND}:{pk}"


def _queryset():
    return Case.objects.select_related("applicant", "archive_entry").order_by("pk")


def case_facts(directory: Directory, case_ids: Iterable[int]) -> dict[int, CaseFacts]:
    """Current filter values of many cases, each read once per batch."""
    wanted = set(case_ids) - directory.case_facts.keys()
    rows = Case.objects.filter(pk__in=wanted).values_list(
        "pk",
        "number",
        "township_id",
        "village_id",
        "assistance_type_id",
        "status",
        "channel",
        "handler_id",
    )
    facts = directory.case_facts
    for pk, number, township, village, kind, status, channel, handler in (
        rows if wanted else ()
    ):
        facts[pk] = CaseFacts(
            number=number,
            township=directory.code(Township, township),
            village=directory.code(Village, village),
            assistance_type=directory.code(AssistanceType, kind),
            status=status,
            channel=channel,
            handler=directory.username(handler),
        )
    return facts


def _household(applicant_ids) -> dict[int, list[HouseholdMember]]:
    members: dict[int, list[HouseholdMember]] = {}
    for member in HouseholdMember.objects.filter(applicant_id__in=applicant_ids):
        members.setdefault(member.applicant_id, []).append(member)
    return members


def _doc(case: Case, household, directory: Directory) -> IndexDoc:
    applicant = case.applicant
    type_name = directory.name(AssistanceType, case.assistance_type_id)
    lines = [
        f"{_('申请人')}：{applicant.name}（{mask_id_number(applicant.id_number)}）",
        f"{_('住址')}：{applicant.address}",
        f"{_('救助事项')}：{type_name}",
        f"{_('乡镇')}：{directory.name(Township, case.township_id)}"
        f" {directory.name(Village, case.village_id)}",
        f"{_('申请事由')}：{case.description}",
    ]
    if case.decision_note:
        lines.append(f"{_('决定意见')}：{case.decision_note}")
    if case.archive_category:
        lines.append(f"{_('归档类别')}：{case.archive_category}")
    filed_as = archive_number(case)
    if filed_as:
        lines.append(f"{_('档案号')}：{filed_as}")
    for member in household:
        lines.append(
            f"{_('家庭成员')}：{member.name}（{member.relation}）"
            f"{mask_id_number(member.id_number) if member.id_number else ''}"
        )
    return IndexDoc(
        key=key(case.pk),
        kind=KIND,
        at=case.received_at,
        title=f"{case.number} {applicant.name} {type_name}",
        body="\n".join(lines),
        case_number=case.number,
        number=case.number,
        township=directory.code(Township, case.township_id),
        village=directory.code(Village, case.village_id),
        assistance_type=directory.code(AssistanceType, case.assistance_type_id),
        status=case.status,
        channel=case.channel,
        handler=directory.username(case.handler_id),
        user=directory.username(case.received_by_id),
        record=str(Case._meta.verbose_name),
        names=[applicant.name, *(m.name for m in household)],
        identifiers=[
            filed_as,
            applicant.id_number,
            applicant.phone,
            case.external_reference,
            *(m.id_number for m in household if m.id_number),
        ],
    )


def docs(
    refs: Iterable[str], directory: Directory
) -> tuple[dict[str, IndexDoc], list[str]]:
    """Documents for case ids; also the keys of cases that no longer exist."""
    ids = {int(ref) for ref in refs}
    cases = list(_queryset().filter(pk__in=ids))
    household = _household({c.applicant_id for c in cases})
    found = {
        key(c.pk): _doc(c, household.get(c.applicant_id, []), directory) for c in cases
    }
    return found, [key(pk) for pk in ids if key(pk) not in found]


def chunks(batch: int) -> list[tuple]:
    ids = list(Case.objects.order_by("pk").values_list("pk", flat=True))
    return id_ranges(ids, batch)


def chunk_docs(first: int, last: int, *, directory: Directory) -> list[IndexDoc]:
    """Documents of the cases with ids from ``first`` to ``last``."""
    cases = list(_queryset().filter(**between(first, last)))
    household = _household({c.applicant_id for c in cases})
    return [_doc(c, household.get(c.applicant_id, []), directory) for c in cases]


def count() -> int:
    return Case.objects.count()
