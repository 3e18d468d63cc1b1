"""公文导入: read the plain text of a published notice into policy-page fields.

Plain functions and dataclasses, no page code, so every rule can be tested on its
own; ``drafts`` (imported apart) saves a draft page, for the ``import_policy``
command and the admin's 导入公文 screen alike.
"""

from .parsing import (
    ParsedNotice,
    build_body,
    heading_level,
    join_broken_lines,
    parse_decoded,
    parse_notice,
    truncate_title,
)
from .reading import (
    DecodedNotice,
    NoticeReadError,
    clean_lines,
    decode_notice,
    parse_date,
    read_notice,
)

__all__ = [
    "DecodedNotice",
    "NoticeReadError",
    "ParsedNotice",
    "build_body",
    "clean_lines",
    "decode_notice",
    "heading_level",
    "join_broken_lines",
    "parse_date",
    "parse_decoded",
    "parse_notice",
    "read_notice",
    "truncate_title",
]
