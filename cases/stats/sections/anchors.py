"""历史记录锚点: the period's daily anchors, printed with the report.

The monthly report leaves the building on paper and in files; with the anchors
on it, a copy of the history heads exists that nobody can change in the
database (``verify_history --anchors`` reads them back from the log).
"""

from django.utils.translation import gettext as _

from cases.models import HistoryAnchor

from ..periods import Period
from ..scope import Scope
from ..shapes import Section, Table


def history_anchors(scope: Scope, period: Period) -> Section | None:
    if not scope.county_wide or scope.township is not None:
        return None  # the anchors cover the whole county's database
    anchors = list(
        HistoryAnchor.objects.filter(day__range=(period.first, period.last)).order_by(
            "day"
        )
    )
    if not anchors:
        return None
    daily = Table(
        "history_anchors",
        _("历史记录每日锚点"),
        [_("日期"), _("历史记录总数"), _("密钥编号"), _("锚点签名")],
        [
            [
                f"{a.day:%Y-%m-%d}",
                sum(length for length, _digest in a.heads.values()),
                a.key_id,
                a.seal,
            ]
            for a in anchors
        ],
    )
    last = anchors[-1]
    heads = Table(
        "history_heads",
        _("期末各历史表链头（%s）") % f"{last.day:%Y-%m-%d}",
        [_("历史表"), _("记录数"), _("最后一条记录摘要")],
        [[label, length, digest] for label, (length, digest) in last.heads.items()],
    )
    return Section(
        "history_anchors",
        _("历史记录防篡改锚点"),
        tables=[daily, heads],
        note=_(
            "每日锚点同时写入系统日志；审计时可用 verify_history --anchors "
            "核对历史记录是否仍与当日一致。"
        ),
    )
