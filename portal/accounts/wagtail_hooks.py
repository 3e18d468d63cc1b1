"""账号安全 and 访问记录 in the Wagtail admin (imported by portal.wagtail_hooks,
since Wagtail looks for hooks in apps only)."""

from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from ..admin_pages import RuleMenuItem
from .access_log import may_read_access_log
from .admin_ui import urls
from .stewards import may_manage_security


@hooks.register("register_admin_urls")
def register_accounts_urls():
    return [path("", include(urls))]


@hooks.register("register_admin_menu_item")
def register_access_log_menu_item():
    return RuleMenuItem(
        _("访问记录"),
        reverse_lazy("accounts_access_log"),
        shown_to=may_read_access_log,
        name="access-log",
        icon_name="list-ul",
        order=252,
    )


@hooks.register("register_settings_menu_item")
def register_account_security_menu_item():
    return RuleMenuItem(
        _("账号安全"),
        reverse_lazy("accounts_security"),
        shown_to=may_manage_security,
        name="account-security",
        icon_name="lock",
        order=610,
    )
