"""一次性告知: notices issued in the period, and how many were a second notice to
the same case (each with the new fact recorded), by township."""

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext as _

from cases.models import Notice

from ..periods import Period
from ..scope import Scope
from ..shapes import Section, Table, rate


def one_time_notices(scope: Scope, period: Period) -> Section | None:
    earlier = Notice.objects.filter(
        case=OuterRef("case"),
        kind=Notice.Kind.ONE_TIME,
        pk__lt=OuterRef("pk"),  # issued before it (same instant: saved before)
    )
    notices = (
        Notice.objects.filter(scope.on_case())
        .filter(
            kind=Notice.Kind.ONE_TIME,
            issued_at__date__range=(period.first, period.last),
        )
        .annotate(repeated=Exists(earlier))
    )
    counts = (
        notices.values("case__township__name")
        .annotate(issued=Count("pk"), repeated=Count("pk", filter=Q(repeated=True)))
        .order_by("case__township__name")
    )
    rows = [
        [
            row["case__township__name"] or _("未指定乡镇"),
            row["issued"],
            row["repeated"],
            rate(row["repeated"], row["issued"]),
        ]
        for row in counts
    ]
    if not rows:
        return None
    issued = sum(row[1] for row in rows)
    repeated = sum(row[2] for row in rows)
    table = Table(
        "one_time_notices",
        _("一次性告知：按乡镇"),
        [_("乡镇"), _("出具一次性告知书"), _("其中再次告知"), _("再次告知占比（%）")],
        rows,
        total=[_("合计"), issued, repeated, rate(repeated, issued)],
        note=_(
            "再次告知：同一案件此前已出具过一次性告知书，因出现新情况再次告知；"
            "每次都记录了新情况。"
        ),
    )
    return Section("one_time_notices", _("一次性告知"), tables=[table])
