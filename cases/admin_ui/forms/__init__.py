"""Forms of the case admin: intake and the case page's actions."""
