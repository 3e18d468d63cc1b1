"""Directory models and the offline-sync register in the Wagtail admin."""

from django.http import HttpResponseNotAllowed
from django.templatetags.static import static
from django.urls import include, path, reverse_lazy
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, SubmenuMenuItem
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import SnippetChooserViewSet, SnippetCreateView
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import (  # noqa: F401  (jobs: its hooks)
    documents,
    jobs,
    policy_import_admin,
    redirect_import,
)
from .accounts import wagtail_hooks as _accounts_hooks  # noqa: F401
from .admin_pages import RuleMenuItem
from .models import (
    AssistanceType,
    Department,
    DisplayRequirement,
    SearchSynonym,
    ServicePoint,
    StaffProfile,
    Township,
    Village,
)
from .offline.admin_ui import urls as offline_urls
from .offline.admin_ui.panel import ReplacementTasksPanel
from .offline.selectors import may_use_register
from .page_cache import mark_cacheable
from .printing.panel import PosterProblemPanel


class ChooserCreateView(SnippetCreateView):
    """The directory choosers have no creation form: Wagtail's view would still
    try to validate one when posted to, and fail with a server error."""

    def post(self, request):
        if self.get_creation_form_class() is None:
            return HttpResponseNotAllowed(["GET"])
        return super().post(request)


class DirectoryChooserViewSet(SnippetChooserViewSet):
    create_view_class = ChooserCreateView


class DirectoryViewSet(SnippetViewSet):
    """The listing searches like the chooser: through the search backend, on the
    models' CJK autocomplete fields (name, code, address), so 医疗 finds
    城乡医疗救助. No ``search_fields`` here: Wagtail would pass them to the
    backend, which searches no single column by name."""

    chooser_viewset_class = DirectoryChooserViewSet


class TownshipViewSet(DirectoryViewSet):
    model = Township
    icon = "site"
    list_display = ["name", "code", "sort_order"]


class VillageViewSet(DirectoryViewSet):
    model = Village
    icon = "home"
    list_display = ["name", "code", "township"]
    list_filter = ["township"]


class ServicePointViewSet(DirectoryViewSet):
    model = ServicePoint
    icon = "location-dot"
    list_display = ["name", "level", "township", "phone", "staff_a", "staff_b"]
    list_filter = ["level", "township"]


class DepartmentViewSet(DirectoryViewSet):
    model = Department
    icon = "group"
    list_display = ["name", "code", "phone"]


class AssistanceTypeViewSet(DirectoryViewSet):
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


class YesNoColumn(Column):
    """是 or 否 for a boolean field (Wagtail's own column prints True/False)."""

    def get_value(self, instance):
        return _("是") if super().get_value(instance) else _("否")


class StaffProfileViewSet(DirectoryViewSet):
    model = StaffProfile
    icon = "user"
    list_display = [
        "user",
        "township",
        "village",
        YesNoColumn(
            "is_absent",
            label=StaffProfile._meta.get_field("is_absent").verbose_name,
            sort_key="is_absent",
        ),
    ]
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


class DisplayRequirementViewSet(DirectoryViewSet):
    """应张贴清单 (一明显三上墙): kept by editors, read by the dashboard."""

    model = DisplayRequirement
    icon = "list-ul"
    menu_label = _("应张贴清单")
    add_to_admin_menu = False
    list_display = ["page", "level", "category", "form", "sort_order"]
    list_filter = ["level", "category", "form"]


register_snippet(DisplayRequirementViewSet)


class SearchSynonymViewSet(DirectoryViewSet):
    """搜索同义词: kept by editors, read by the public search (portal.search)."""

    model = SearchSynonym
    icon = "search"
    menu_label = _("搜索同义词")
    add_to_admin_menu = True
    menu_order = 900
    list_display = ["terms", "note"]
    # A short list: the listing filters it in the database (icontains), with
    # no search index of its own.
    search_backend_name = None
    search_fields = ["terms", "note"]


register_snippet(SearchSynonymViewSet)


@hooks.register("register_admin_urls")
def register_offline_urls():
    return [path("", include(offline_urls))]


@hooks.register("register_admin_urls", order=-1)
def register_redirect_import_urls():
    """Ahead of Wagtail's redirects URLs, which have the same paths."""
    return [
        path(
            "redirects/import/",
            redirect_import.start_import,
            name="redirects_start_import",
        ),
        path(
            "redirects/import/process/",
            redirect_import.process_import,
            name="redirects_process_import",
        ),
    ]


@hooks.register("register_admin_urls")
def register_policy_import_url():
    return [
        path(
            "policies/import/",
            policy_import_admin.policy_import,
            name="portal_policy_import",
        )
    ]


@hooks.register("register_admin_menu_item")
def register_policy_import_menu():
    return RuleMenuItem(
        _("导入公文"),
        reverse_lazy("portal_policy_import"),
        shown_to=policy_import_admin.may_import,
        name="policy-import",
        icon_name="doc-full",
        order=250,
    )


@hooks.register("register_admin_urls")
def register_document_file_url():
    return [
        path(
            "document-files/<int:document_id>/<path:document_filename>",
            documents.staff_document,
            name="portal_document_file",
        )
    ]


@hooks.register("before_serve_document")
def serve_published_documents_only(document, request):
    return documents.serve_published_or_to_its_editors(document, request)


@hooks.register("register_admin_menu_item")
def register_offline_menu():
    menu = Menu(
        items=[
            RuleMenuItem(
                _("一致性总览"),
                reverse_lazy("offline_dashboard"),
                shown_to=may_use_register,
                name="offline-dashboard",
                icon_name="tasks",
                order=1,
            ),
            RuleMenuItem(
                _("换版任务"),
                reverse_lazy("offline_tasks"),
                shown_to=may_use_register,
                name="offline-tasks",
                icon_name="repeat",
                order=2,
            ),
            RuleMenuItem(
                _("应张贴清单"),
                reverse_lazy(DisplayRequirementViewSet().get_url_name("list")),
                shown_to=lambda user: user.has_perm("portal.view_displayrequirement"),
                name="offline-requirements",
                icon_name="list-ul",
                order=3,
            ),
        ]
    )
    return SubmenuMenuItem(
        _("线上线下一致"),
        menu,
        name="offline-sync",
        icon_name="clipboard-list",
        order=290,
    )


@hooks.register("construct_homepage_panels")
def add_replacement_tasks_panel(request, panels):
    panels.append(ReplacementTasksPanel(request.user))
    panels.append(PosterProblemPanel(request.user))


def _sites_listing_in_chinese() -> None:
    """Wagtail's sites listing labels three columns from the field names
    ("Port", "Site name", "Root page"), outside its catalogue."""
    from wagtail.sites.views import IndexView

    labels = {
        "port": _("端口号"),
        "site_name": _("站点名称"),
        "root_page": _("根页面"),
    }
    for column in IndexView.columns:
        if column.name in labels:
            column.label = labels[column.name]


_sites_listing_in_chinese()


@hooks.register("construct_help_menu")
def no_links_to_the_internet(request, menu_items):
    """The help menu keeps the keyboard shortcuts; Wagtail's editor guide and
    release notes are English pages on the internet, which an intranet admin
    does not link to (tests/test_chinese_everywhere.py)."""
    menu_items[:] = [
        item
        for item in menu_items
        if item.name != "editor-guide" and not item.name.startswith("whats-new")
    ]


@hooks.register("insert_global_admin_js")
def admin_init_script():
    """Starts the widgets Wagtail would start inline (see portal/admin_init.py)."""
    return format_html('<script src="{}"></script>', static("js/admin_init.js"))


@hooks.register("before_move_page")
def refuse_move_confirmation_without_permission(request, page, destination):
    """Wagtail's move confirmation checks permission only when posted: its form
    would show any page's title, even an unpublished draft's, to anyone in the
    admin. Only who may move the page there is shown it."""
    from wagtail.admin.auth import permission_denied

    if not page.permissions_for_user(request.user).can_move_to(destination):
        return permission_denied(request)
    return None


@hooks.register("before_serve_page", order=100)
def allow_page_cache(page, request, serve_args, serve_kwargs):
    """页面缓存: mark a public page's answer as one that may be kept."""
    mark_cacheable(page, request)


RESTRICTION_ACTIONS = (
    "wagtail.view_restriction.create",
    "wagtail.view_restriction.edit",
    "wagtail.view_restriction.delete",
)


@hooks.register("register_log_actions", order=100)
def translate_view_restriction_titles(actions):
    """The history's view-restriction entries name the kind of restriction as
    it was written when logged, in English where Wagtail's catalogue had no
    Chinese ("Private, accessible with a shared password"): each is shown
    through the catalogue (portal/wagtail_messages.py). After Wagtail's own
    formatters (order 100)."""
    import copy

    from django.utils.translation import gettext

    for action in RESTRICTION_ACTIONS:
        formatter = actions.formatters.get(action)
        if formatter is None:
            continue

        def format_message(log_entry, _original=formatter.format_message):
            restriction = (log_entry.data or {}).get("restriction")
            if isinstance(restriction, dict) and restriction.get("title"):
                title = gettext(restriction["title"])
                log_entry = copy.copy(log_entry)
                log_entry.data = {
                    **log_entry.data,
                    "restriction": {**restriction, "title": title},
                }
            return _original(log_entry)

        formatter.format_message = format_message
