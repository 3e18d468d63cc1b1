"""转办与投诉文档：分办转办台账的每一笔转办、每一件投诉举报各一条。

A referral carries its case's township, assistance type, channel and handler
(so scoping and filters treat it like the case) and its own status; a complaint
its own township, channel, status and handler, or its case's township when staff
linked one.
"""

from collections.abc import Iterable

from django.utils.translation import gettext as _

from cases.models import Complaint, Referral
from portal.models import Department, Township

from .base import Directory, IndexDoc, archive_number, between, id_ranges
from .cases import case_facts

REFERRAL, COMPLAINT = "referral", "complaint"


def _lines(pairs) -> str:
    return "\n".join(f"{label}：{value}" for label, value in pairs if value)


def _referral_doc(referral: Referral, directory: Directory) -> IndexDoc:
    facts = case_facts(directory, [referral.case_id])[referral.case_id]
    department = directory.name(Department, referral.department_id)
    body = _lines(
        [
            (_("接收部门"), department),
            (
                _("转办事项"),
                referral.need or (_("整案转办") if referral.whole_case else ""),
            ),
            (_("转办理由"), referral.reason),
            (_("接收联系人"), referral.contact),
            (_("移送材料"), referral.documents),
            (_("应反馈日期"), referral.feedback_due.isoformat()),
            (_("部门反馈"), referral.feedback),
            (_("办理结果"), referral.result),
            (_("档案号"), archive_number(referral)),
        ]
    )
    return IndexDoc(
        key=f"{REFERRAL}:{referral.pk}",
        kind=REFERRAL,
        at=referral.referred_at,
        title=f"{referral.number} {_('转办')} {department} · {facts.number}",
        body=body,
        case_number=facts.number,
        number=referral.number,
        township=facts.township,
        village=facts.village,
        assistance_type=facts.assistance_type,
        status=referral.status,
        channel=facts.channel,
        handler=facts.handler,
        user=directory.username(referral.referred_by_id),
        record=str(Referral._meta.verbose_name),
        identifiers=[n for n in [archive_number(referral)] if n],
    )


def _complaint_doc(complaint: Complaint, directory: Directory) -> IndexDoc:
    facts = (
        case_facts(directory, [complaint.case_id])[complaint.case_id]
        if complaint.case_id
        else None
    )
    township = directory.code(Township, complaint.township_id) or (
        facts.township if facts else ""
    )
    who = complaint.name or _("匿名")
    body = _lines(
        [
            (_("投诉内容"), complaint.content),
            (_("涉及案件"), facts.number if facts else complaint.stated_case_number),
            (_("查办情况"), complaint.findings),
            (_("反馈内容"), complaint.answer),
            (
                _("追责情况"),
                complaint.get_accountability_display()
                if complaint.accountability
                else "",
            ),
            (_("追责说明"), complaint.accountability_note),
            (_("档案号"), archive_number(complaint)),
        ]
    )
    return IndexDoc(
        key=f"{COMPLAINT}:{complaint.pk}",
        kind=COMPLAINT,
        at=complaint.received_at,
        title=f"{complaint.number} {_('投诉举报')} {who}",
        body=body,
        case_number=facts.number if facts else "",
        number=complaint.number,
        township=township,
        village="",  # see history.VILLAGE_HIDDEN: coordinators never see complaints
        assistance_type=facts.assistance_type if facts else "",
        status=complaint.status,
        channel=complaint.channel,
        handler=directory.username(complaint.handler_id),
        user=directory.username(complaint.received_by_id),
        record=str(Complaint._meta.verbose_name),
        names=[complaint.name] if complaint.name else [],
        identifiers=[n for n in [complaint.phone, archive_number(complaint)] if n],
    )


class _Records:
    def __init__(self, kind: str, model, build):
        self.KIND, self.model, self.build = kind, model, build

    def docs(self, refs: Iterable[str], directory: Directory):
        ids = {int(ref) for ref in refs}
        found = {
            f"{self.KIND}:{row.pk}": self.build(row, directory)
            for row in self.model.objects.select_related("archive_entry").filter(
                pk__in=ids
            )
        }
        return found, [
            f"{self.KIND}:{pk}" for pk in ids if f"{self.KIND}:{pk}" not in found
        ]

    def chunks(self, batch: int) -> list[tuple]:
        ids = list(self.model.objects.order_by("pk").values_list("pk", flat=True))
        return id_ranges(ids, batch)

    def chunk_docs(
        self, first: int, last: int, *, directory: Directory
    ) -> list[IndexDoc]:
        rows = self.model.objects.select_related("archive_entry").filter(
            **between(first, last)
        )
        return [self.build(row, directory) for row in rows.order_by("pk")]

    def count(self) -> int:
        return self.model.objects.count()

    def refs_of_case(self, case_id: int) -> list[str]:
        return [
            str(pk)
            for pk in self.model.objects.filter(case_id=case_id).values_list(
                "pk", flat=True
            )
        ]


referrals = _Records(REFERRAL, Referral, _referral_doc)
complaints = _Records(COMPLAINT, Complaint, _complaint_doc)
