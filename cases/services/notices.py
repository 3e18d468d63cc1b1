"""书面告知：收件回执、一次性告知与补正、补充材料要求。"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.access import require
from cases.guides import terms_for
from cases.models import (
    Case,
    MaterialRequest,
    Notice,
    OneTimeNoticeItem,
    Pause,
)

from .deadlines import deadlines_recompute
from .documents import notice_issue
from .errors import CaseError
from .guard import require_change
from .history import save_with_reason

MAX_NOTICE_ITEMS = 50


def open_one_time_notice(case: Case) -> Notice | None:
    return (
        case.notices.filter(kind=Notice.Kind.ONE_TIME, resolved_at__isnull=True)
        .order_by("-issued_at")
        .first()
    )


def earlier_one_time_notices(case: Case):
    """The case's one-time notices issued so far, oldest first."""
    return case.notices.filter(kind=Notice.Kind.ONE_TIME).order_by("issued_at", "pk")


@transaction.atomic
def one_time_notice_issue(
    *,
    by,
    case: Case,
    items: list[tuple[str, str]],
    new_fact: str = "",
    refusal_reason: str = "",
) -> Notice:
    """一次性告知书：所缺全部材料及原因、依据、时限、流程和可能不予受理的理由一次写明；
    期限自此暂停，补齐后恢复。

    一次性 means once: a further notice for the same case needs the new fact that
    makes it necessary (a household change, a changed rule …), recorded on it and
    counted in the statistics.
    """
    require_change(by, case)
    new_fact = (new_fact or "").strip()[:500]
    refusal_reason = (refusal_reason or "").strip()[:500]
    cleaned = [
        ((name or "").strip()[:120], (reason or "").strip()[:300])
        for name, reason in items
    ]
    if not cleaned:
        raise CaseError(_("一次性告知书至少要列明一项缺少的材料。"), field="items")
    if len(cleaned) > MAX_NOTICE_ITEMS:
        raise CaseError(_("告知事项过多，请合并后再出具。"), field="items")
    for name, reason in cleaned:
        if not name or not reason:
            raise CaseError(_("每一项都须写明材料名称和原因。"), field="items")
    if open_one_time_notice(case) is not None:
        raise CaseError(
            _("本案已有一份未补齐的一次性告知书；所缺材料须一次告知，不能分次出具。")
        )
    earlier = list(earlier_one_time_notices(case))
    if earlier and not new_fact:
        raise CaseError(
            _(
                "本案已于%(date)s出具一次性告知书（%(number)s），所缺材料须一次告知。"
                "确因出现新情况需要再次告知的，请写明新情况。"
            )
            % {
                "date": f"{timezone.localtime(earlier[-1].issued_at):%Y-%m-%d}",
                "number": earlier[-1].number,
            },
            field="new_fact",
        )
    notice = notice_issue(
        case=case,
        kind=Notice.Kind.ONE_TIME,
        by=by,
        content={
            "items": [{"material": n, "reason": r} for n, r in cleaned],
            "applicant": case.applicant.name,
            "assistance_type": case.assistance_type.name,
            "procedure": list(terms_for(case.assistance_type).procedure),
            "public_notice_days": case.public_notice_days,
            "refusal_reason": refusal_reason,
            "sequence": len(earlier) + 1,
            "new_fact": new_fact,
            "earlier": [n.number for n in earlier],
        },
    )
    for name, reason in cleaned:
        item = OneTimeNoticeItem(notice=notice, material_name=name, reason=reason)
        save_with_reason(item, by=by, reason=_("一次性告知事项"))
    pause = Pause(case=case, notice=notice, started_on=timezone.localdate())
    save_with_reason(pause, by=by, reason=_("补正期间暂停计时"))
    return notice


@transaction.atomic
def materials_supplied(*, by, case: Case, names: list[str]) -> Notice | None:
    """登记补交的材料；告知书所列全部补齐时，暂停结束、期限重算。"""
    require_change(by, case)
    notice = open_one_time_notice(case)
    if notice is None:
        raise CaseError(_("本案没有待补正的一次性告知书。"))
    wanted = {n.strip() for n in names if n and n.strip()}
    items = list(notice.items.filter(supplied_at__isnull=True))
    unknown = wanted - {i.material_name for i in items}
    if unknown:
        raise CaseError(
            _("以下材料不在一次性告知书所列待补事项中：%s")
            % "、".join(sorted(unknown)),
            field="names",
        )
    now = timezone.now()
    for item in items:
        if item.material_name in wanted:
            item.supplied_at = now
            save_with_reason(item, by=by, reason=_("申请人补交材料"))
            for material in case.materials.filter(name=item.material_name):
                material.received, material.received_at = True, now
                save_with_reason(material, by=by, reason=_("补正收件"))
    if not notice.items.filter(supplied_at__isnull=True).exists():
        notice.resolved_at = now
        save_with_reason(notice, by=by, reason=_("告知事项已全部补齐"))
        for pause in case.pauses.filter(notice=notice, ended_on__isnull=True):
            pause.ended_on = timezone.localdate()
            save_with_reason(pause, by=by, reason=_("补齐材料，恢复计时"))
        deadlines_recompute(case=case, by=by, reason=_("补正结束，期限顺延"))
    return notice


@transaction.atomic
def material_request(
    *, by, case: Case, name: str, reason: str, justification: str = ""
) -> MaterialRequest:
    """一次性告知之后再要材料：告知书未列明的，须审核人记录正当理由，否则拒绝。"""
    require_change(by, case)
    name = (name or "").strip()[:120]
    reason = (reason or "").strip()[:500]
    if not name or not reason:
        raise CaseError(_("请写明所需材料和理由。"), field="name")
    listed = OneTimeNoticeItem.objects.filter(
        notice__case=case, material_name=name
    ).exists()
    justification = (justification or "").strip()
    if not listed:
        if not justification:
            raise CaseError(
                _(
                    "“%s”未在一次性告知书中列明，不能另行要求；确有必要的，须由审核人记录理由。"
                )
                % name,
                field="name",
            )
        require(by, "case.material_request_unlisted", case)
    request = MaterialRequest(
        case=case,
        name=name,
        reason=reason,
        in_one_time_notice=listed,
        justification=justification if not listed else "",
        justified_by=by if (justification and not listed) else None,
        requested_by=by,
    )
    save_with_reason(request, by=by, reason=_("要求补充材料：%s") % name)
    return request
