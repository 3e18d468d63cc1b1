"""Builder for the demo service guides: one per assistance item."""

from django.contrib.auth.models import AbstractBaseUser
from django.utils.translation import gettext_lazy as _

from portal.models import (
    AssistanceType,
    HomePage,
    PolicyIndexPage,
    ServiceGuideIndexPage,
    ServiceGuideLegalBasis,
    ServiceGuideMaterial,
    ServiceGuidePage,
    ServiceGuideStep,
    ServicePoint,
)

from .base import Tally
from .data import guides_minzheng, guides_special
from .pages import child_by_slug, publish_child, section

GUIDES = [*guides_minzheng.GUIDES, *guides_special.GUIDES]


def _eligibility_html(items: list[str]) -> str:
    return "<ol>" + "".join(f"<li>{item}</li>" for item in items) + "</ol>"


def _where_to_apply(spec: dict) -> list[ServicePoint]:
    """County hall and every township window; village stations where they help apply."""
    levels = [ServicePoint.Level.COUNTY, ServicePoint.Level.TOWNSHIP]
    if spec["village_stations"]:
        levels.append(ServicePoint.Level.VILLAGE)
    return list(ServicePoint.objects.filter(level__in=levels))


def _numbered(model, fields: tuple[str, ...], rows: list[tuple]) -> list:
    """Inline rows of a guide from the data's tuples, in their order."""
    return [
        model(sort_order=order, **dict(zip(fields, row, strict=True)))
        for order, row in enumerate(rows)
    ]


def _guide_page(spec: dict, item: AssistanceType, policies: PolicyIndexPage):
    steps = _numbered(
        ServiceGuideStep,
        ("title", "stage", "level", "time_limit_days", "description"),
        spec["steps"],
    )
    materials = _numbered(
        ServiceGuideMaterial,
        ("name", "form", "copies", "required", "note"),
        spec["materials"],
    )
    legal_bases = [
        ServiceGuideLegalBasis(
            sort_order=order,
            policy=child_by_slug(policies, slug) if slug else None,
            citation=citation,
        )
        for order, (slug, citation) in enumerate(spec["legal_bases"])
    ]
    body = []
    if "callout" in spec:
        title, text = spec["callout"]
        body.append(("callout", {"title": title, "text": f"<p>{text}</p>"}))
    page = ServiceGuidePage(
        title=spec["title"],
        slug=item.code,
        summary=spec["summary"],
        assistance_type=item,
        eligibility=_eligibility_html(spec["eligibility"]),
        total_time_limit_days=spec["total_time_limit_days"],
        public_notice_days=spec["public_notice_days"],
        fee="不收费",
        phone=spec["phone"],
        steps=steps,
        materials=materials,
        legal_bases=legal_bases,
        body=body,
    )
    page.service_points = _where_to_apply(spec)
    return page


def build_guides(home: HomePage, user: AbstractBaseUser | None) -> list[Tally]:
    tally = Tally(_("办事指南"))
    index = section(home, ServiceGuideIndexPage)
    policies = section(home, PolicyIndexPage)
    for spec in GUIDES:
        item = AssistanceType.objects.get(code=spec["type"])
        exists = ServiceGuidePage.objects.filter(assistance_type=item).exists()
        if exists or child_by_slug(index, item.code) is not None:
            tally.add("unchanged")
            continue
        publish_child(index, _guide_page(spec, item, policies), user)
        tally.add("created")
    return [tally]
