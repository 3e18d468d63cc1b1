"""拼音网址: page addresses in ASCII, made from the title's pinyin.

A Chinese slug travels percent-encoded (9 characters for each character), so a
policy title made addresses of nearly 300 characters that no one could read out
or type from a poster. Each Chinese character becomes its syllable (pypinyin's
most likely reading, by the characters around it: 重庆 chong-qing), Latin
letters and digits stay, everything else separates; syllables are joined by
hyphens (``lin-shi-jiu-zhu``), cut at a hyphen to at most ``MAX_LENGTH``.

The pure functions here are used by the data migration too (portal 0011).
"""

import re
import unicodedata

MAX_LENGTH = 60
_WORD = re.compile(r"[a-z0-9]+")


def _tokens(text: str) -> list[str]:
    from pypinyin import Style, lazy_pinyin

    text = unicodedata.normalize("NFKC", text).lower()
    tokens: list[str] = []
    for part in lazy_pinyin(text, style=Style.NORMAL, errors="default"):
        # ü is written v in Style.NORMAL (绿 lv); Latin accents go (café:
        # cafe); anything else non-ASCII separates.
        plain = "".join(
            c
            for c in unicodedata.normalize("NFKD", part)
            if not unicodedata.combining(c)
        )
        tokens.extend(_WORD.findall(plain.lower()))
    return tokens


def pinyin_slug(text: str, *, max_length: int = MAX_LENGTH) -> str:
    """The ASCII slug of ``text`` (a title or a Chinese slug); "" when nothing
    in it can be written in letters or digits."""
    tokens = _tokens(text or "")
    slug = ""
    for token in tokens:
        candidate = f"{slug}-{token}" if slug else token
        if len(candidate) > max_length:
            break
        slug = candidate
    if not slug and tokens:  # one token longer than the limit
        slug = tokens[0][:max_length]
    return slug


def unique_slug(base: str, taken: set[str], *, max_length: int = MAX_LENGTH) -> str:
    """``base``, or ``base-2``, ``base-3`` … : the first that no sibling has,
    still within ``max_length``."""
    base = base[:max_length].strip("-") or "page"
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        suffix = f"-{number}"
        candidate = base[: max_length - len(suffix)].rstrip("-") + suffix
    return candidate


def free_slug(parent, text: str, *, page=None) -> str:
    """The pinyin slug of ``text`` that is free under ``parent`` (a Wagtail page),
    ``page`` itself excepted."""
    siblings = parent.get_children() if parent is not None else None
    taken: set[str] = set()
    if siblings is not None:
        if page is not None and page.pk:
            siblings = siblings.exclude(pk=page.pk)
        taken = set(siblings.values_list("slug", flat=True))
    return unique_slug(pinyin_slug(text), taken)
