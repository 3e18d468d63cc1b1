"""The rebuild's faster paths give what the plain ones give, character for character.

A rebuild tokenises every document with ``_text_streams`` (positions gathered in
one loop), normalises text a line at a time (``normalise_lines``, lines kept),
cuts 繁体 text at OpenCC's separators with one character class, and writes
COPY's text format itself. Each is checked against the plain rule on random
and awkward text, beyond PostgreSQL's position limits too.
"""

import random
import sys
from datetime import UTC, datetime

import pytest
from django.db import connection

from core import cjk
from search.backends.database import _tokens, postgresql
from search.models import SearchDocument
from search.sources.base import Directory

# Letters and digits of several scripts, separators, numerals that are not
# token characters (², ⅷ, ①), combining marks, final sigma, line breaks.
ALPHABET = (
    list("临时救助醫療臺灣申请低保 abcXYZ019 ，。：；（）—…\n\r\t\\'\"")
    + list("²①ⅷＡＢ１ﬁΣσςİ\u0301\u0308\u200b\u2028\u3000")
    + [chr(code) for code in range(0x4E00, 0x4E40)]
)


def _texts(count: int, longest: int) -> list[str]:
    rng = random.Random(23)
    return [
        "".join(rng.choice(ALPHABET) for _ in range(rng.randrange(longest)))
        for _ in range(count)
    ]


def _plain_streams(text: str) -> list[str]:
    bigrams = " ".join(cjk.bigrams(text))
    unigrams = " ".join(cjk.unigrams(text))
    return postgresql.vectors._stream(bigrams) + postgresql.vectors._stream(unigrams)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "一",
        "一 二",
        "救助" * 200,  # 救 and 助 at more than 256 positions
        "救助申请" * 5000,  # positions beyond 16383
        "ab " * 9000,
        "x" * 17000 + " 低保",
        "²①中文ⅷ救",
    ],
)
def test_text_streams_are_the_plain_streams_at_the_limits(text):
    text = cjk.normalise(text)
    assert postgresql.vectors._text_streams(text) == _plain_streams(text)


def test_text_streams_are_the_plain_streams_of_random_text():
    for text in _texts(3000, 60):
        text = cjk.normalise(text)
        assert postgresql.vectors._text_streams(text) == _plain_streams(text)


def test_normalise_lines_is_normalise():
    for text in _texts(20000, 16):
        assert cjk.normalise_lines(text) == cjk.normalise(text), repr(text)
    assert cjk.normalise_lines("醫療\nΟΔΟΣ\nＱｈ１") == "医疗\nοδος\nqh1"


def test_an_ascii_identifier_is_what_the_full_rule_makes_of_it():
    rng = random.Random(7)
    ascii_chars = [chr(code) for code in range(128)]
    for _ in range(5000):
        value = "".join(rng.choice(ascii_chars) for _ in range(rng.randrange(24)))
        assert cjk.identifier(value) == "".join(cjk.runs(cjk.normalise(value)))
    assert cjk.identifier("11010519491231002X") == "11010519491231002x"
    assert cjk.identifier("ＪＺ-2026 ０１") == "jz202601"  # not ASCII: the full rule


def test_separators_cut_where_opencc_cuts():
    opencc = cjk._to_simplified.split_chars_re
    assert cjk._SEPARATORS is not opencc  # the faster class is in use
    separators = [c for c in opencc.pattern if not c.isalnum()] + [" ", "\u3000"]
    rng = random.Random(5)
    alphabet = separators + list("臺灣醫療救助ab1\n")
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(12)))
        assert cjk._SEPARATORS.split(text) == opencc.split(text), repr(text)


def test_copy_lines_escape_what_copy_text_format_reads():
    assert postgresql.bulk._copy_line(["a\tb\nc\\d\re", "\\N", ""]) == (
        "a\\tb\\nc\\\\d\\re\t\\\\N\t"  # \\N is text, not NULL
    )


def test_words_of_a_structured_value_are_kept_by_its_repr():
    directory, calls = Directory(), []

    def render(value):
        calls.append(value)
        return ";".join(f"{k}{v}" for k, v in value.items())

    assert directory.words(render, {"a": 1, "b": 2}) == "a1;b2"
    assert directory.words(render, {"a": 1, "b": 2}) == "a1;b2"
    assert directory.words(render, {"b": 2, "a": 1}) == "b2;a1"
    assert directory.words(render, {"a": 1.0, "b": 2}) == "a1.0;b2"
    assert len(calls) == 3


def test_runs_follow_the_character_rule_over_all_of_unicode():
    chars = [chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF]
    plain = [char for char in chars if char not in cjk._numerals()]
    expected = [char for char in plain if cjk.is_token_char(char)]
    assert cjk._ALNUM_RUN.findall(" ".join(plain)) == expected
    assert cjk.runs("救²助①ab_1ⅷ") == ["救", "助", "ab", "1"]
    assert cjk.runs(" ".join(chars)) == [c for c in chars if cjk.is_token_char(c)]


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's vectors")
def test_a_rebuilds_vector_reads_as_the_grouped_vector():
    """_row_vector writes one entry per occurrence; PostgreSQL reads it into
    exactly the vector of document_vector (grouped, limits applied)."""
    texts = _texts(200, 80) + ["救助" * 300, "救助申请" * 5000, "x" * 17000 + " 低保"]
    with connection.cursor() as cursor:
        for n, text in enumerate(texts):
            row = SearchDocument()
            row.title, row.body, row.names = f"标题{n}", text, "张三 李四"
            row.idents = "110101199003077777 13800000000"
            row.kind, row.township, row.user = "history", "dongling", "clerk"
            row.assistance_type = row.status = row.channel = row.handler = ""
            row.at = datetime(2025, 12, 31, 20, tzinfo=UTC)
            cursor.execute(
                "SELECT %s::tsvector::text, %s::tsvector::text",
                [
                    postgresql.vectors.row_vector(row),
                    postgresql.document_vector(*_tokens(row)),
                ],
            )
            written, grouped = cursor.fetchone()
            assert written == grouped, text[:40]
