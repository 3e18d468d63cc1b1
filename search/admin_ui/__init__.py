"""档案检索 in the Wagtail admin: the search page, its exports and the search log."""
