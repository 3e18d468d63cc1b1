"""What a published service guide promises, in the form the case module uses.

The limits a case runs on are those its published guide states, so what the
public reads is what the system enforces; the assistance type's defaults fill in
only what the guide leaves out.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from portal.models import AssistanceType, ServiceGuideLegalBasis, ServiceGuidePage


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


def terms_for(assistance_type: AssistanceType) -> GuideTerms:
    limits = {
        "accept": assistance_type.acceptance_days,
        "investigate": assistance_type.investigation_days,
        "reply": assistance_type.reply_days,
    }
    guide = (
        ServiceGuidePage.objects.live()
        .filter(assistance_type=assistance_type)
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
        total = sum(limits.values())
        return GuideTerms(
            stage_limits=limits,
            total_days=total,
            public_notice_days=assistance_type.public_notice_days,
        )
    limits.update(guide.stage_limits())
    limits.pop("apply", None)
    limits.pop("archive", None)
    limits.pop("public_notice", None)  # 公示按天数计，不按工作日
    return GuideTerms(
        stage_limits=limits,
        total_days=guide.total_time_limit_days,
        public_notice_days=guide.public_notice_days,
        materials=[
            GuideMaterial(m.name, m.form, m.copies, m.required, m.note)
            for m in guide.materials.all()
        ],
        guide_title=guide.title,
        legal_basis=[label for b in guide.legal_bases.all() if (label := b.label())],
    )
