"""Places on portal pages that another app fills, named here (Wagtail hooks).

The complaint-channel page shows the online complaint form, which belongs to the
case module (it posts to a case URL and makes a case record). Portal code must not
import that module, so the page names a slot and the case module registers what
fills it: ``@hooks.register(COMPLAINT_FORM)`` on a function ``(context) -> str``
returning the rendered HTML (in ``cases/wagtail_hooks.py``). With nothing
registered the slot stays empty.
"""

from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from wagtail import hooks

# The online complaint form on ComplaintChannelPage.
COMPLAINT_FORM = "portal_complaint_form"


def render_slot(name: str, context) -> SafeString:
    """What every function registered under ``name`` renders, one after another.

    Each must return markup it has escaped itself (a rendered template).
    """
    return format_html_join(
        "", "{}", ((fill(context),) for fill in hooks.get_hooks(name))
    )
