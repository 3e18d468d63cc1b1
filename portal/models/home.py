"""首页与服务网点栏目。"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField

from .base import PortalPage


class HomePage(PortalPage):
    """门户首页：常用办事指南、最新政策、投诉渠道与服务网点入口。"""

    intro = RichTextField(_("导语"), features=["bold", "link"], blank=True)
    announcement = models.CharField(_("公告"), max_length=200, blank=True)

    content_panels = [
        *PortalPage.content_panels,
        FieldPanel("intro"),
        FieldPanel("announcement"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "portal.PolicyIndexPage",
        "portal.ServiceGuideIndexPage",
        "portal.ComplaintChannelPage",
        "portal.ServicePointIndexPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = _("首页")

    def get_context(self, request, *args, **kwargs):
        from .complaint_channels import ComplaintChannelPage
        from .policies import PolicyPage
        from .service_guides import ServiceGuidePage

        context = super().get_context(request, *args, **kwargs)
        context["guides"] = (
            ServiceGuidePage.objects.live()
            .public()
            .select_related("assistance_type")
            .order_by("assistance_type__sort_order")
        )
        context["latest_policies"] = (
            PolicyPage.objects.live().public().order_by("-issue_date", "-pk")[:6]
        )
        context["complaint_page"] = ComplaintChannelPage.objects.live().first()
        context["service_point_index"] = ServicePointIndexPage.objects.live().first()
        return context

    def extra_text_parts(self) -> list[str]:
        return [self.rich_text(self.intro), self.announcement]


class ServicePointIndexPage(PortalPage):
    """服务网点：县级大厅、乡镇窗口、村服务站，含AB角和办公时间。"""

    parent_page_types = ["portal.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = _("服务网点栏目")

    def get_context(self, request, *args, **kwargs):
        from .directory import ServicePoint, Township

        context = super().get_context(request, *args, **kwargs)
        points = ServicePoint.objects.select_related(
            "township", "village", "staff_a", "staff_b"
        )
        township_code = request.GET.get("township", "")
        townships = list(Township.objects.all())
        if township_code and any(t.code == township_code for t in townships):
            # The county hall serves every township, so it always stays listed.
            points = points.filter(
                Q(township__code=township_code) | Q(level=ServicePoint.Level.COUNTY)
            )
        else:
            township_code = ""
        context.update(
            {
                "county_points": [
                    p for p in points if p.level == ServicePoint.Level.COUNTY
                ],
                "township_points": [
                    p for p in points if p.level == ServicePoint.Level.TOWNSHIP
                ],
                "village_points": [
                    p for p in points if p.level == ServicePoint.Level.VILLAGE
                ],
                "townships": townships,
                "selected_township": township_code,
            }
        )
        return context
