"""档案检索 in the Wagtail admin: its URLs and menu items, shown by role."""

from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from portal.admin_pages import register_menu_items

from .admin_ui import urls
from .admin_ui.log import may_read_log
from .service import may_search


@hooks.register("register_admin_urls")
def register_archive_urls():
    return [path("", include(urls))]


# Archive search: auditors, reviewers, clerks and village coordinators; not editors.
# fmt: off
register_menu_items("register_admin_menu_item", [
    # label, URL name, shown to,
    #     name, icon, order
    (_("档案检索"), "archive_search", may_search,
        "archive-search", "search", 250),
    (_("检索记录"), "archive_search_log", may_read_log,
        "archive-search-log", "list-ul", 251),
])
# fmt: on
