"""账号安全 and 访问记录 in the Wagtail admin (imported by portal.wagtail_hooks,
since Wagtail looks for hooks in apps only)."""

from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from ..admin_pages import register_menu_items
from .access_log import may_read_access_log
from .admin_ui import urls
from .stewards import may_manage_security


@hooks.register("register_admin_urls")
def register_accounts_urls():
    return [path("", include(urls))]


# fmt: off
# label, URL name, shown to,
#     name, icon, order
register_menu_items("register_admin_menu_item", [
    (_("访问记录"), "accounts_access_log", may_read_access_log,
        "access-log", "list-ul", 252),
])
register_menu_items("register_settings_menu_item", [
    (_("账号安全"), "accounts_security", may_manage_security,
        "account-security", "lock", 610),
])
# fmt: on
