"""统计报表的结构：仪表盘、Excel、打印页和 stats_report 命令都呈现同一份报表。

A ``Report`` is a list of ``Section``s, each with tables (what is exported and
printed) and charts drawn from the same numbers. ``build_report`` assembles the
built-in sections and then asks every provider in ``EXTRA_SECTIONS``.

Extension point — 线上线下一致性: the posting register (张贴登记) lives in
``portal`` and is built separately. It plugs in here without touching this
module's callers: a function ``(scope, period) -> Section | None`` registered
with ``register_section`` (for example from ``cases.apps.CasesConfig.ready`` or
the module that owns the register). Its tables then appear on the dashboard,
in the Excel workbook (one sheet each), on the print view and in the command's
output. Return None when the area has nothing to show.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import sections
from .periods import Period
from .scope import Scope
from .shapes import Figure, Section, Table

TOWNSHIP_RULE = gettext_lazy(
    "统计口径：移交到其他乡镇的案件，其全部数字（包括以往各期）计入现所属乡镇，"
    "与案件列表的查看范围一致；各项按事件发生的日期（北京时间）归入统计期。"
)


@dataclass
class Report:
    period: Period
    scope: Scope
    generated_at: datetime
    headline: list[Figure]
    sections: list[Section]

    @property
    def title(self) -> str:
        kind = _("月报") if self.period.kind == "month" else _("季报")
        return _("%(area)s社会救助统计%(kind)s（%(period)s）") % {
            "area": self.scope.label,
            "kind": kind,
            "period": self.period.label,
        }

    @property
    def rule(self) -> str:
        return str(TOWNSHIP_RULE)

    def tables(self) -> list[Table]:
        return [table for section in self.sections for table in section.tables]


SectionProvider = Callable[[Scope, Period], Section | None]
EXTRA_SECTIONS: list[SectionProvider] = []


def register_section(provider: SectionProvider) -> SectionProvider:
    """Add a section after the built-in ones (usable as a decorator)."""
    if provider not in EXTRA_SECTIONS:
        EXTRA_SECTIONS.append(provider)
    return provider


def step_count() -> int:
    """How many titles ``build_report`` tells its ``progress``: a progress bar's
    length (the built-in steps, then one per registered section)."""
    return sections.BUILT_IN_STEPS + len(EXTRA_SECTIONS)


def build_report(
    scope: Scope, period: Period, *, progress: Callable[[str], None] | None = None
) -> Report:
    """All sections for the area and period; ``progress`` hears each one's title."""
    headline, built = sections.built_in(scope, period, progress=progress)
    for provider in EXTRA_SECTIONS:
        if progress:
            progress(_("专项统计"))
        section = provider(scope, period)
        if section is not None:
            built.append(section)
    return Report(
        period=period,
        scope=scope,
        generated_at=timezone.localtime(),
        headline=headline,
        sections=built,
    )
