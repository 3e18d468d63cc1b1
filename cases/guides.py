"""What a published service guide promises, in the form the case module uses.

The limits a case runs on are those its published guide states, so what the
public reads is what the system enforces; the assistance type's defaults fill in
only what the guide leaves out.
"""

from dataclasses import dataclass, field
from time import monotonic

from django.db.models import Prefetch

from portal.models import AssistanceType, ServiceGuideLegalBasis, ServiceGuidePage
from portal.page_cache import generation


@dataclass(frozen=True)
class GuideMaterial:
    name: str
    form: str
    copies: int
    required: bool
    note: str


@dataclass(frozen=True)
class GuideTerms:
    stage_limits: dict[str, int]
    total_days: int
    public_notice_days: int
    materials: list[GuideMaterial] = field(default_factory=list)
    guide_title: str = ""
    # 设定依据 as a notice states them (cases.services.documents).
    legal_basis: list[str] = field(default_factory=list)
    # 办理流程 as a notice states it: each step with who acts and its limit.
    procedure: tuple[str, ...] = ()
    # 延期上限 per stage where the guide sets one (公示 in calendar days).
    extension_caps: dict[str, int] = field(default_factory=dict)
    default_extension_cap: int = 0
    # 定期复核周期（月）: yearly, or half-yearly for a household whose income varies.
    review_cycle_months: int = 12
    varying_income_review_months: int = 6
    # What the guide says is done at each stage (环节说明), shown where it is done.
    guidance: dict[str, str] = field(default_factory=dict)

    def review_cycle(self, *, income_varies: bool) -> int:
        if income_varies:
            return self.varying_income_review_months
        return self.review_cycle_months

    def extension_cap(self, stage: str) -> int:
        return self.extension_caps.get(stage, self.default_extension_cap)


# A published guide changes only when an editor publishes, so its terms are read
# once per content generation (portal.page_cache: every page or portal record saved
# or deleted starts a new one, in every worker) and kept for at most a minute, which
# bounds a change made behind Django's back. Intake reads them on every case.
_MEMO_SECONDS = 60.0
_memo: dict[int, tuple[str, float, "_GuidePart | None"]] = {}


@dataclass(frozen=True)
class _GuidePart:
    """What the memo keeps: tuples, and fresh copies in each GuideTerms, because a
    case stores the stage-limit dict it is given; one shared dict changed anywhere
    would change the terms of every later case."""

    stage_limits: dict[str, int]
    total_days: int
    public_notice_days: int
    materials: tuple[GuideMaterial, ...]
    title: str
    legal_basis: tuple[str, ...]
    extension_caps: tuple[tuple[str, int], ...]
    procedure: tuple[str, ...]
    review_cycle_months: int
    varying_income_review_months: int
    guidance: tuple[tuple[str, str], ...] = ()


# 审批确认 when the guide sets no limit of its own: the county decides within 10
# working days of the township's report (最低生活保障审核确认办法).
DEFAULT_DECISION_DAYS = 10
# 乡镇审核 of a type with 公示 when the guide sets no limit: 公示 is the township
# reviewer's step after 审核, so such a type always has the stage.
DEFAULT_REVIEW_DAYS = 5


def terms_for(assistance_type: AssistanceType) -> GuideTerms:
    limits = {
        "accept": assistance_type.acceptance_days,
        "investigate": assistance_type.investigation_days,
        "decide": DEFAULT_DECISION_DAYS,
        "reply": assistance_type.reply_days,
    }
    guide = _published_guide(assistance_type.pk)
    if guide is None:
        if assistance_type.public_notice_days:
            limits["review"] = DEFAULT_REVIEW_DAYS
        total = sum(limits.values())
        return GuideTerms(
            stage_limits=limits,
            total_days=total,
            public_notice_days=assistance_type.public_notice_days,
            default_extension_cap=assistance_type.max_extension_days,
        )
    limits.update(guide.stage_limits)
    if guide.public_notice_days and not limits.get("review"):
        limits["review"] = DEFAULT_REVIEW_DAYS
    return GuideTerms(
        stage_limits=limits,
        total_days=guide.total_days,
        public_notice_days=guide.public_notice_days,
        materials=list(guide.materials),
        guide_title=guide.title,
        legal_basis=list(guide.legal_basis),
        extension_caps=dict(guide.extension_caps),
        procedure=guide.procedure,
        default_extension_cap=assistance_type.max_extension_days,
        review_cycle_months=guide.review_cycle_months,
        varying_income_review_months=guide.varying_income_review_months,
        guidance=_by_stage(guide.guidance),
    )


def _by_stage(pairs: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """Each stage's guidance, several steps of one stage in the guide's order."""
    joined: dict[str, list[str]] = {}
    for stage, text in pairs:
        joined.setdefault(stage, []).append(text)
    return {stage: "；".join(texts) for stage, texts in joined.items()}


def _published_guide(assistance_type_id: int) -> _GuidePart | None:
    stamp = generation()
    kept = _memo.get(assistance_type_id)
    if kept and kept[0] == stamp and monotonic() - kept[1] < _MEMO_SECONDS:
        return kept[2]
    part = _read_guide(assistance_type_id)
    _memo[assistance_type_id] = (stamp, monotonic(), part)
    return part


def _read_guide(assistance_type_id: int) -> _GuidePart | None:
    guide = (
        ServiceGuidePage.objects.live()
        .filter(assistance_type_id=assistance_type_id)
        .prefetch_related(
            "steps",
            "materials",
            Prefetch(
                "legal_bases",
                queryset=ServiceGuideLegalBasis.objects.select_related("policy"),
            ),
        )
        .first()
    )
    if guide is None:
        return None
    limits = guide.stage_limits()
    limits.pop("apply", None)
    limits.pop("archive", None)
    limits.pop("public_notice", None)  # 公示按天数计，不按工作日
    return _GuidePart(
        stage_limits=limits,
        total_days=guide.total_time_limit_days,
        public_notice_days=guide.public_notice_days,
        materials=tuple(
            GuideMaterial(m.name, m.form, m.copies, m.required, m.note)
            for m in guide.materials.all()
        ),
        title=guide.title,
        legal_basis=tuple(
            label for b in guide.legal_bases.all() if (label := b.label())
        ),
        procedure=tuple(
            f"{step.title}（{step.get_level_display()}，{step.limit_text(guide)}）"
            for step in guide.steps.all()
        ),
        extension_caps=tuple(
            (step.stage, step.max_extension_days)
            for step in guide.steps.all()
            if step.stage and step.max_extension_days is not None
        ),
        review_cycle_months=guide.review_cycle_months,
        varying_income_review_months=guide.varying_income_review_months,
        guidance=tuple(
            (step.stage, step.description)
            for step in guide.steps.all()
            if step.stage and step.description
        ),
    )
