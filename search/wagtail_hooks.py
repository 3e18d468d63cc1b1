"""档案检索 in the Wagtail admin: its URLs and menu items, shown by role."""

from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .admin_ui import urls
from .admin_ui.log import may_read_log
from .service import may_search


class ArchiveSearchMenuItem(MenuItem):
    """Auditors, reviewers, clerks and village coordinators; not editors."""

    def is_shown(self, request):
        return may_search(request.user)


class SearchLogMenuItem(MenuItem):
    def is_shown(self, request):
        return may_read_log(request.user)


@hooks.register("register_admin_urls")
def register_archive_urls():
    return [path("", include(urls))]


@hooks.register("register_admin_menu_item")
def register_archive_menu_item():
    return ArchiveSearchMenuItem(
        _("档案检索"),
        reverse_lazy("archive_search"),
        name="archive-search",
        icon_name="search",
        order=250,
    )


@hooks.register("register_admin_menu_item")
def register_search_log_menu_item():
    return SearchLogMenuItem(
        _("检索记录"),
        reverse_lazy("archive_search_log"),
        name="archive-search-log",
        icon_name="list-ul",
        order=251,
    )
