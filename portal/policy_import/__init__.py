"""公文导入: read the plain text of a published notice into policy-page fields.

Plain functions and a dataclass, no page code, so every rule can be tested on its
own; the ``import_policy`` command does the saving.
"""

from .parsing import (
    ParsedNotice,
    build_body,
    heading_level,
    join_broken_lines,
    parse_notice,
    truncate_title,
)
from .patterns import DEFAULT_ENCODINGS
from .reading import NoticeReadError, clean_lines, parse_date, read_notice

__all__ = [
    "DEFAULT_ENCODINGS",
    "NoticeReadError",
    "ParsedNotice",
    "build_body",
    "clean_lines",
    "heading_level",
    "join_broken_lines",
    "parse_date",
    "parse_notice",
    "read_notice",
    "truncate_title",
]
