"""Build a small public site for tests: home, the four sections, pages in them."""

import datetime
from dataclasses import dataclass

from wagtail.models import Page, Site

from portal.models import (
    ComplaintChannelPage,
    HomePage,
    PolicyIndexPage,
    PolicyPage,
    ServiceGuideIndexPage,
    ServiceGuideMaterial,
    ServiceGuidePage,
    ServiceGuideStep,
    ServicePointIndexPage,
)

from .directory import AssistanceTypeFactory


@dataclass
class SiteTree:
    home: HomePage
    policies: PolicyIndexPage
    guides: ServiceGuideIndexPage
    complaints: ComplaintChannelPage
    service_points: ServicePointIndexPage


def build_site() -> SiteTree:
    root = Page.get_first_root_node()
    home = root.add_child(
        instance=HomePage(title="社会救助服务平台", slug="home-test", summary="首页")
    )
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "root_page": home, "site_name": "测试"},
    )
    policies = home.add_child(
        instance=PolicyIndexPage(title="政策法规", slug="policies")
    )
    guides = home.add_child(
        instance=ServiceGuideIndexPage(title="办事指南", slug="guides")
    )
    complaints = home.add_child(
        instance=ComplaintChannelPage(
            title="监督投诉",
            slug="complaints",
            hotline="12349",
            letter_address="县民政局信访室",
        )
    )
    service_points = home.add_child(
        instance=ServicePointIndexPage(title="服务网点", slug="service-points")
    )
    return SiteTree(home, policies, guides, complaints, service_points)


def make_policy(tree: SiteTree, *, title: str, body_text: str = "", **fields):
    fields.setdefault("document_number", "")
    fields.setdefault("issue_date", datetime.date(2024, 3, 1))
    body = [("paragraph", f"<p>{body_text}</p>")] if body_text else []
    page = PolicyPage(title=title, body=body, **fields)
    tree.policies.add_child(instance=page)
    page.save_revision().publish()
    return page


def make_guide(
    tree: SiteTree,
    *,
    title: str,
    assistance_type=None,
    steps=None,
    materials=None,
    **fields,
):
    assistance_type = assistance_type or AssistanceTypeFactory()
    fields.setdefault("total_time_limit_days", 20)
    page = ServiceGuidePage(title=title, assistance_type=assistance_type, **fields)
    for order, (step_title, stage, level, days) in enumerate(
        steps
        or [
            ("提出申请", "apply", "applicant", 0),
            ("受理", "accept", "township", 1),
            ("调查核实", "investigate", "township", 5),
            ("回复", "reply", "township", 1),
        ]
    ):
        page.steps.add(
            ServiceGuideStep(
                sort_order=order,
                title=step_title,
                stage=stage,
                level=level,
                time_limit_days=days,
            )
        )
    for order, name in enumerate(materials or ["居民身份证", "户口簿"]):
        page.materials.add(ServiceGuideMaterial(sort_order=order, name=name))
    tree.guides.add_child(instance=page)
    page.save_revision().publish()
    return page
