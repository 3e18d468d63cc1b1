"""Building blocks of the staff pages in the Wagtail admin: a page one step below
the dashboard, a menu item shown by an access rule (each app passes its own
``may_…``), and a panel of the admin home page for one user."""

from collections.abc import Callable, Iterable
from functools import partial

from django.urls import reverse_lazy
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin


class AdminPage(WagtailAdminTemplateMixin, TemplateView):
    """A staff page whose breadcrumbs are the dashboard, then its own title."""

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]


class RuleMenuItem(MenuItem):
    """A menu item shown to the users ``shown_to(user)`` admits."""

    def __init__(self, label, url, *, shown_to: Callable[..., bool], **kwargs):
        super().__init__(label, url, **kwargs)
        self.shown_to = shown_to

    def is_shown(self, request):
        return self.shown_to(request.user)


def _menu_item(label, url_name, shown_to, name, icon_name, order) -> RuleMenuItem:
    return RuleMenuItem(
        label,
        reverse_lazy(url_name),
        shown_to=shown_to,
        name=name,
        icon_name=icon_name,
        order=order,
    )


def register_menu_items(hook: str, rows: Iterable[tuple]) -> None:
    """One ``RuleMenuItem`` under a Wagtail menu hook per row of
    (label, URL name, shown_to, name, icon, order): an app's menu is a table."""
    for row in rows:
        hooks.register(hook, partial(_menu_item, *row))


class HomePanel(Component):
    """A panel of the admin home page for one user, drawn only when ``is_shown()``
    (its ``name``, ``order`` and ``template_name`` as Wagtail's components)."""

    def __init__(self, user):
        self.user = user

    def is_shown(self) -> bool:
        return True

    def render_html(self, parent_context=None):
        if not self.is_shown():
            return ""
        return super().render_html(parent_context)
