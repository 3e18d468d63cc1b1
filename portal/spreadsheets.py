"""Text that a spreadsheet shows as written, for every CSV or Excel export.

A text that a spreadsheet would read as a formula (it starts with = + - @, or a
tab or carriage return before one) gets a leading apostrophe, so a value typed
as ``=HYPERLINK(...)`` stays words (CSV injection, OWASP). Here in portal so
that the portal's own exports (the access log) and the case module's share it.
Control characters are dropped first, so one cannot hide a formula behind it.
"""

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# C0 controls other than tab and line breaks: an .xlsx cannot hold them at all
# (openpyxl refuses the whole workbook) and in a CSV they are terminal escapes.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def neutralise(value) -> str:
    """Text a spreadsheet will not evaluate and can hold."""
    text = CONTROL_CHARACTERS.sub("", str(value or ""))
    return "'" + text if text.startswith(FORMULA_STARTS) else text
