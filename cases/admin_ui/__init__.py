"""The case module's admin: the case list (wagtail-modeladmin), intake, the case
page with its actions, the history tab and the printable notices.

Views parse a form, call a service and show its result or its message; access
starts from ``cases_visible_to`` everywhere, so a URL typed by hand shows nothing
the menu would not.
"""
