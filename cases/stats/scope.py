"""统计范围：谁能看哪一片的数字。

- 县级审核人、审计和超级管理员：全县，按乡镇分列；可选一个乡镇。
- 乡镇经办人：本乡镇（请求其他乡镇：403）。
- 村协理员：本村的案件、转办与回访（不含投诉，与投诉的查看范围一致）。
- 编辑等其他用户：无权查看（403）。

The area is fixed by role, not by the cases a person happens to be able to open:
a B-role clerk standing in for an absent colleague of another township still
sees only their own township's figures. A case counts for the township it
belongs to now (see ``report.TOWNSHIP_RULE``), the same rule the case lists use.
"""

import re
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from cases.access import jurisdiction
from cases.models import Case, Complaint, FollowUp, RecipientExit, Referral
from portal.models import Township, Village

from .errors import AreaDenied, AreaError

_CODE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")


@dataclass(frozen=True)
class Scope:
    """One area's records: every figure starts from these querysets."""

    label: str
    case_filter: Q
    township: Township | None
    village: Village | None
    sees_complaints: bool
    county_wide: bool  # county staff: may choose a township, see the breakdown

    @property
    def by_township(self) -> bool:
        """The county without a chosen township is broken down by township."""
        return self.county_wide and self.township is None

    @property
    def code(self) -> str:
        return self.township.code if self.township else ""

    def cases(self) -> QuerySet[Case]:
        return Case.objects.filter(self.case_filter)

    def on_case(self) -> Q:
        """The same area, for a record that points at its ``case``."""
        return _prefixed(self.case_filter, "case__")

    def on_recipient(self) -> Q:
        """The same area, for a record of a recipient (复核, 待遇调整)."""
        return _prefixed(self.case_filter, "recipient__case__")

    def referrals(self) -> QuerySet[Referral]:
        return Referral.objects.filter(self.on_case())

    def followups(self) -> QuerySet[FollowUp]:
        return FollowUp.objects.filter(self.on_case())

    def exits(self) -> QuerySet[RecipientExit]:
        return RecipientExit.objects.filter(self.on_case())

    def complaints(self) -> QuerySet[Complaint]:
        if not self.sees_complaints:
            return Complaint.objects.none()
        if self.township is not None:
            return Complaint.objects.filter(township=self.township)
        return Complaint.objects.all()


def _prefixed(condition: Q, prefix: str) -> Q:
    children = [
        (prefix + child[0], child[1]) if isinstance(child, tuple) else child
        for child in condition.children
    ]
    return Q(*children, _connector=condition.connector, _negated=condition.negated)


def may_see_statistics(user) -> bool:
    return jurisdiction(user, "stats.view").anywhere


def township_choices(user) -> list[Township]:
    reach = jurisdiction(user, "stats.view")
    if reach.everywhere:
        return list(Township.objects.all())
    if reach.township_id:
        return list(Township.objects.filter(pk=reach.township_id))
    return []


def _township(code: str) -> Township:
    if not _CODE.match(code):
        raise AreaError(
            _("乡镇编码“%s”格式不对：只能包含小写字母、数字、下划线和连字符。")
            % code[:40]
        )
    township = Township.objects.filter(code=code).first()
    if township is None:
        raise AreaError(_("没有编码为“%s”的乡镇。") % code)
    return township


def _county(chosen: Township | None) -> Scope:
    if chosen is None:
        return Scope(_("全县"), Q(), None, None, True, True)
    return Scope(chosen.name, Q(township=chosen), chosen, None, True, True)


def county_scope(township_code: str | None = None) -> Scope:
    """The whole county or one township, for scripts (the stats_report command)."""
    code = (township_code or "").strip()
    return _county(_township(code) if code else None)


def scope_for(user, township_code: str | None = None) -> Scope:
    """The area whose figures ``user`` asked for; raises AreaError or AreaDenied."""
    reach = jurisdiction(user, "stats.view")
    if not reach.anywhere:
        raise AreaDenied(_("您没有查看统计数据的权限。"))
    code = (township_code or "").strip()
    chosen = _township(code) if code else None
    if reach.everywhere:
        return _county(chosen)
    if reach.township_id:
        if chosen is not None and chosen.pk != reach.township_id:
            raise AreaDenied(_("乡镇经办人只能查看本乡镇的统计。"))
        own = chosen or Township.objects.get(pk=reach.township_id)
        return Scope(own.name, Q(township=own), own, None, True, False)
    village = Village.objects.select_related("township").get(pk=reach.village_id)
    if chosen is not None and chosen.pk != village.township_id:
        raise AreaDenied(_("村协理员只能查看本村的统计。"))
    label = f"{village.township.name}{village.name}"
    return Scope(label, Q(village=village), village.township, village, False, False)
