"""档案检索 in the Wagtail admin: its URLs and menu items, shown by role."""

from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from portal.admin_pages import RuleMenuItem

from .admin_ui import urls
from .admin_ui.log import may_read_log
from .service import may_search


@hooks.register("register_admin_urls")
def register_archive_urls():
    return [path("", include(urls))]


@hooks.register("register_admin_menu_item")
def register_archive_menu_item():
    # Auditors, reviewers, clerks and village coordinators; not editors.
    return RuleMenuItem(
        _("档案检索"),
        reverse_lazy("archive_search"),
        shown_to=may_search,
        name="archive-search",
        icon_name="search",
        order=250,
    )


@hooks.register("register_admin_menu_item")
def register_search_log_menu_item():
    return RuleMenuItem(
        _("检索记录"),
        reverse_lazy("archive_search_log"),
        shown_to=may_read_log,
        name="archive-search-log",
        icon_name="list-ul",
        order=251,
    )
