"""{% complaint_form %}: the online complaint form on the complaint-channel page.

The page is the portal's; the form posts to the case module's URL, so portal code
never imports the case module.
"""

from django import template

from cases.public.forms import PublicComplaintForm
from cases.public.spam import form_token

register = template.Library()


@register.inclusion_tag("cases/public/complaint_form.html", takes_context=True)
def complaint_form(context, form=None):
    return {
        "form": form or PublicComplaintForm(),
        "token": form_token(),
        "csrf_token": context.get("csrf_token"),
    }
