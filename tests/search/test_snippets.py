"""Snippets and 繁→简: the fast paths give exactly what the plain rule gives.

``search.snippets`` caches each character's folded form, builds its token streams
with list comprehensions and finds a term with ``list.index``; ``core.cjk``
converts 繁体 piece by piece with a cache. Each is checked here against the plain
rule written out the slow way (one character at a time, OpenCC on the whole text).
"""

import opencc
from hypothesis import given, settings
from hypothesis import strategies as st

from core.cjk import fold, is_token_char, parse_terms, to_simplified
from search.snippets import highlight, match_spans, snippet

OPENCC = opencc.OpenCC("t2s")
# Simplified and traditional characters (乾隆/乾燥 convert by phrase), full-width
# and expanding characters (㈱ is (株), ﬁ is fi, İ lowers to two), separators.
ALPHABET = (
    "申请人王秀英住东岭镇石桥村因病致贫患脑梗後長期臥床醫療費用票據共計元家庭成員"
    "配偶殘疾二級子女就學入户调查邻居证实名下无商品房补正材料乾隆乾燥头髮發"
    "ＡＢＣabcXYZ０１２3456789 \n,，。.-·㈱ﬁİΣ²①"
)
texts = st.text(alphabet=ALPHABET, max_size=80)


def reference_spans(text, terms):
    """The rule as first written: every character folded on its own, OpenCC on
    the folded text, a term where its grams follow each other in the stream."""
    chars = [(n, index) for index, char in enumerate(text) for n in fold(char)]
    simplified = OPENCC.convert("".join(char for char, _ in chars))
    if len(simplified) == len(chars):
        chars = [
            (new, index) for new, (_, index) in zip(simplified, chars, strict=True)
        ]
    uni, bi, previous = [], [], None
    for char, index in chars:
        if is_token_char(char):
            uni.append((char, index, index + 1))
            if previous is not None:
                bi.append((previous[0] + char, previous[1], index + 1))
            previous = (char, index)
        else:
            previous = None
    spans = []
    for term in terms:
        stream, width = (bi if term.field == "bi" else uni), len(term.grams)
        for i in range(len(stream) - width + 1):
            if all(stream[i + k][0] == term.grams[k] for k in range(width)):
                spans.append((stream[i][1], stream[i + width - 1][2]))
    merged = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


@settings(max_examples=400, deadline=None)
@given(texts)
def test_to_simplified_is_what_opencc_gives(text):
    assert to_simplified(text) == OPENCC.convert(text)


@settings(max_examples=400, deadline=None)
@given(texts, st.data())
def test_match_spans_are_those_of_the_plain_rule(text, data):
    query = data.draw(texts)
    if len(text) > 2 and data.draw(st.booleans()):  # often a piece of the text
        start = data.draw(st.integers(0, len(text) - 2))
        query = text[start : start + data.draw(st.integers(1, 5))] + " " + query
    terms = parse_terms(query)
    assert match_spans(text, terms) == reference_spans(text, terms)


def test_snippet_marks_the_body_and_falls_back_to_the_title():
    terms = parse_terms("因病致贫")
    body = "申请人住东岭镇。\n  因病致贫，\n长期卧床。"
    assert str(snippet("案件", body, terms)) == (
        "申请人住东岭镇。 · <mark>因病致贫</mark>， · 长期卧床。"
    )
    assert str(snippet("因病致贫的案件", "长期卧床", terms)) == (
        "<mark>因病致贫</mark>的案件"
    )
    assert str(snippet("案件", "", terms)) == "案件"
    assert str(highlight("醫療費用 ㈱ 医疗", parse_terms("医疗"))) == (
        "<mark>醫療</mark>費用 ㈱ <mark>医疗</mark>"
    )


CROSSING = [
    ("邻居 居证实", "邻居证实"),  # consecutive bigrams of two runs
    ("救助救助救助", "救助救助"),  # overlapping matches
    ("ab c d ef", '"ab ef"'),  # single letters hold no bigram
    ("ab,x,bc", "abc"),
    ("王，秀  英", "王秀英"),  # runs of one character: no bigram at all
    ("王，秀  英", "王 秀英"),
    ("abab", "aba"),
]


def test_matches_across_runs_are_those_of_the_streams():
    """Both ways of finding a term (a regular expression on the text; the
    streams written out, for a text with a numeral such as ½) give the rule's."""
    for text, query in CROSSING:
        terms = parse_terms(query)
        for variant in (text, text + " ½"):
            assert match_spans(variant, terms) == reference_spans(variant, terms)
