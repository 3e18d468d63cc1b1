"""Text that a spreadsheet shows as written, for every CSV or Excel export.

A text that a spreadsheet would read as a formula (it starts with = + - @, or a
tab or carriage return before one) gets a leading apostrophe, so a value typed
as ``=HYPERLINK(...)`` stays words (CSV injection, OWASP). Here in portal so
that the portal's own exports (the access log) and the case module's share it.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value) -> str:
    """Text a spreadsheet will not evaluate."""
    text = str(value or "")
    return "'" + text if text.startswith(FORMULA_STARTS) else text
