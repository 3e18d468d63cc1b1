"""{% complaint_form form %}: the online complaint form on the case module's own
complaint page, with the errors of a refused submission. The portal's
complaint-channel page gets the same form through its page slot."""

from django import template

from cases.public.forms import complaint_form_html

register = template.Library()


@register.simple_tag(takes_context=True)
def complaint_form(context, form=None):
    return complaint_form_html(context, form)
