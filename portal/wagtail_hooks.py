"""Directory models in the Wagtail admin, as snippets grouped under one menu."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import (
    AssistanceType,
    Department,
    ServicePoint,
    StaffProfile,
    Township,
    Village,
)


class TownshipViewSet(SnippetViewSet):
    model = Township
    icon = "site"
    list_display = ["name", "code", "sort_order"]
    search_fields = ["name", "code"]


class VillageViewSet(SnippetViewSet):
    model = Village
    icon = "home"
    list_display = ["name", "code", "township"]
    list_filter = ["township"]
    search_fields = ["name", "code"]


class ServicePointViewSet(SnippetViewSet):
    model = ServicePoint
    icon = "location-dot"
    list_display = ["name", "level", "township", "phone", "staff_a", "staff_b"]
    list_filter = ["level", "township"]
    search_fields = ["name", "address", "code"]


class DepartmentViewSet(SnippetViewSet):
    model = Department
    icon = "group"
    list_display = ["name", "code", "phone"]
    search_fields = ["name", "code"]


class AssistanceTypeViewSet(SnippetViewSet):
    model = AssistanceType
    icon = "clipboard-list"
    list_display = [
        "name",
        "code",
        "acceptance_days",
        "investigation_days",
        "reply_days",
        "public_notice_days",
    ]
    search_fields = ["name", "code"]


class StaffProfileViewSet(SnippetViewSet):
    model = StaffProfile
    icon = "user"
    list_display = ["user", "township", "village", "is_absent"]
    list_filter = ["township", "is_absent"]


class DirectoryGroup(SnippetViewSetGroup):
    menu_label = _("机构与事项")
    menu_icon = "folder-open-inverse"
    menu_order = 300
    items = (
        TownshipViewSet,
        VillageViewSet,
        ServicePointViewSet,
        DepartmentViewSet,
        AssistanceTypeViewSet,
        StaffProfileViewSet,
    )


register_snippet(DirectoryGroup)
