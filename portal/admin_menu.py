"""Admin menu items shown by an access rule, each app passing its own ``may_…``."""

from collections.abc import Callable

from wagtail.admin.menu import MenuItem


class RuleMenuItem(MenuItem):
    """A menu item shown to the users ``shown_to(user)`` admits."""

    def __init__(self, label, url, *, shown_to: Callable[..., bool], **kwargs):
        super().__init__(label, url, **kwargs)
        self.shown_to = shown_to

    def is_shown(self, request):
        return self.shown_to(request.user)
