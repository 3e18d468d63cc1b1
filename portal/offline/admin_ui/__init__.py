"""线上线下一致 in the Wagtail admin: the dashboard, each service point's register
and checklist, and the replacement tasks."""
