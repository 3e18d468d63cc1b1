"""Study: which Elasticsearch analysis finds a Chinese phrase anywhere in a sentence.

    scripts/elasticsearch.sh start
    .venv/bin/python bench/es_analyzers.py --url http://127.0.0.1:9200
    .venv/bin/python bench/es_analyzers.py --json var/bench/es_analyzers.json

The archive must behave like a substring search: a phrase taken from the middle of
a sentence (2–6 Chinese characters, across word boundaries, mixed with digits such
as "2026年10月", or a single character) finds every sentence that contains it and
nothing else, and the highlight marks exactly that phrase. This builds ~2,000
synthetic social-assistance case sentences from the word lists below, picks ~50
queries from the middle of them, and takes as ground truth Python's ``in`` after
NFKC and lower-casing. For every analysis candidate the node offers it indexes the
corpus, runs each query as ``match_phrase`` (slop 0), counts recall and precision
against the truth, and checks the ``<em>`` marks of the unified, fvh and plain
highlighters: after merging adjacent marks they must cover exactly the places where
the query occurs. It also prints the tokens and positions of a few edge cases.

Candidates: (a) the built-in ``cjk`` analyzer, (b) ``smartcn``, (c)
``icu_tokenizer``, (d) ``ngram`` 2–2 bigrams with a 1–1 unigram sub-field for
queries with a one-character letter/digit run, (e) the ``standard`` analyzer (one
token per Han character; the only one the bare integ-test-zip has). A candidate
whose components the node lacks is reported as unavailable. Indices are named
bench_es_analyzers_* and deleted at the end. Findings: bench/es_analyzers.md.
"""

import argparse
import json
import os
import random
import re
import statistics
import sys
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import common  # bench/ is on sys.path
from elasticsearch import ApiError, Elasticsearch, helpers

PREFIX = "bench_es_analyzers_"  # --index-prefix; a smoke run's is its own

# ---------------------------------------------------------------- the corpus
TOWNSHIPS = ["城关镇", "青河乡", "东坝镇", "西山乡", "南岭镇", "北塘乡", "石桥镇"]
TOWNSHIPS += ["柳林乡", "河口镇", "大王庄乡"]
VILLAGES = ["青河村", "王家庄村", "李家沟村", "张湾村", "红旗村", "新民村", "东风村"]
VILLAGES += ["团结村", "前进村", "和平村", "上河村", "下河村"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = ["秀英", "桂兰", "建国", "志强", "海燕", "丽娟", "春梅", "文斌", "玉兰"]
GIVEN += ["德明", "红霞", "永福", "国庆", "淑珍", "小军", "静", "磊", "敏"]
SITUATIONS = [
    "因病致贫",
    "因残致贫",
    "失业在家",
    "子女就学困难",
    "突发重大疾病",
    "遭遇火灾",
    "家中主要劳动力死亡",
    "长期患慢性病",
    "独居老人无人赡养",
    "重度残疾",
    "单亲家庭收入微薄",
    "住房倒塌",
    "交通事故致残",
    "父母双亡成为孤儿",
    "因灾致贫",
]
ILLNESSES = ["尿毒症", "白血病", "脑梗塞", "肺癌", "糖尿病并发症", "精神分裂症"]
ASSISTANCE = [
    "最低生活保障",
    "特困人员救助供养",
    "临时救助",
    "医疗救助",
    "教育救助",
    "住房救助",
    "就业救助",
    "受灾人员救助",
]
LATIN = ["CT检查", "MRI检查", "ICU病房", "App上", "QQ群里", "B超检查", "PICC置管"]
SCHOOLS = ["县第一中学", "城关小学", "职业技术学校", "师范学院"]
PROBLEMS = [
    "低保金未按时发放",
    "入户调查走过场",
    "救助款被村干部截留",
    "申请材料被退回",
]

TEMPLATES = [
    "{village}村民{name}，{age}岁，{situation}，于{date}向{township}申请{atype}，"
    "案件编号{case}。",
    "经{township}民政办入户调查，{name}家庭共{n}人，{situation}，月人均收入{money}元，"
    "低于当地低保标准，拟给予{atype}。",
    "{date}，{name}（身份证号末四位{id4}）因{illness}在县人民医院{latin}，"
    "自付医疗费用{money}元，申请医疗救助，经办人{clerk}（工号{code}）受理。",
    "申请人{name}反映{problem}，{township}于{date}转办至县民政局，编号{case}。",
    "{name}之子{child}就读于{school}，{situation}，申请教育救助{money}元，{date}审核通过。",
    "{township}{village}{name}，{situation}，{date}起纳入{atype}，"
    "每月发放{money}元，案件编号{case}。",
    "{date}{name}家中{situation}，房屋受损{n}间，{township}发放临时救助金{money}元。",
]


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def _date(rng: random.Random) -> str:
    year = rng.choice([2024, 2025, 2026])
    return f"{year}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日"


def _fullwidth(text: str) -> str:
    """ASCII letters and digits to their full-width forms (what some forms type)."""
    return "".join(
        chr(ord(c) + 0xFEE0) if c.isascii() and c.isalnum() else c for c in text
    )


def build_corpus(n: int, rng: random.Random) -> list[str]:
    sentences = []
    for _ in range(n):
        fields = {
            "village": rng.choice(VILLAGES),
            "township": rng.choice(TOWNSHIPS),
            "name": _person(rng),
            "child": _person(rng),
            "clerk": _person(rng),
            "age": rng.randint(3, 92),
            "situation": rng.choice(SITUATIONS),
            "illness": rng.choice(ILLNESSES),
            "atype": rng.choice(ASSISTANCE),
            "date": _date(rng),
            "case": f"QH-{rng.choice([2025, 2026])}-{rng.randint(1, 2000):06d}",
            "n": rng.randint(1, 7),
            "money": rng.choice([300, 450, 560, 800, 1200, 2000, 3500, 5000, 12000]),
            "id4": f"{rng.randint(0, 999):03d}{rng.choice('0123456789X')}",
            "latin": rng.choice(LATIN),
            "code": f"A{rng.randint(100, 999)}",
            "school": rng.choice(SCHOOLS),
            "problem": rng.choice(PROBLEMS),
        }
        text = rng.choice(TEMPLATES).format(**fields)
        if rng.random() < 0.05:  # some full-width digits and letters
            text = _fullwidth(text)
        sentences.append(text)
    return sentences


def norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def token_runs(text: str) -> list[str]:
    """Maximal runs of letters and digits: what token_chars [letter, digit] keep."""
    runs, run = [], []
    for char in text:
        if char.isalpha() or char.isdecimal():
            run.append(char)
        elif run:
            runs.append("".join(run))
            run = []
    if run:
        runs.append("".join(run))
    return runs


def grams(text: str, size: int) -> list[str]:
    """The ngram tokenizer's output for normalised text, in position order."""
    return [
        run[i : i + size]
        for run in token_runs(text)
        for i in range(len(run) - size + 1)
    ]


def token_rule(text: str, query: str, fld: str) -> bool:
    """match_phrase as the ngram tokenizer sees it: the query's grams in a row."""
    size = 2 if fld == "text" else 1
    haystack, needle = grams(norm(text), size), grams(norm(query), size)
    if not needle:
        return False
    return any(
        haystack[i : i + len(needle)] == needle
        for i in range(len(haystack) - len(needle) + 1)
    )


# Queries by hand: mixed digits and Latin, one character, across punctuation, and
# some that occur nowhere (their hits are all false positives).
HAND_QUERIES = [
    ("2026年10月", "digits"),
    ("10月1", "digits"),
    ("年1月", "digits"),
    ("QH-2026", "digits"),
    ("2026-0001", "digits"),
    ("6-00", "digits"),
    ("000123", "digits"),
    ("00012", "digits"),
    ("１２００元", "digits"),
    ("工号A1", "digits"),
    ("ct检", "latin"),
    ("icu病房", "latin"),
    ("在县人民医院b超", "latin"),
    ("贫", "one char"),
    ("残", "one char"),
    ("火", "one char"),
    ("孤", "one char"),
    ("5", "one char"),
    ("致贫，于", "punctuation"),
    ("静，", "punctuation"),
    ("救助临时", "absent"),
    ("致贫困难", "absent"),
    ("2026年13月", "absent"),
    ("qh2026", "absent"),
    ("60", "absent"),
]


def pick_queries(corpus: list[str], rng: random.Random, count: int) -> list[tuple]:
    """Hand queries plus Chinese-only substrings from the middle of sentences."""
    queries = list(HAND_QUERIES)[:count]
    seen = {q for q, _ in queries}
    while len(queries) < count:
        sentence = norm(rng.choice(corpus))
        length = rng.randint(2, 6)
        start = rng.randint(1, len(sentence) - length - 1)
        query = sentence[start : start + length]
        if all(is_cjk(c) for c in query) and query not in seen:
            seen.add(query)
            queries.append((query, f"cjk {length}"))
    return queries


# ---------------------------------------------------------------- candidates
TV = {"term_vector": "with_positions_offsets"}  # fvh needs offsets in term vectors


@dataclass
class Candidate:
    name: str
    label: str
    analysis: dict
    text_field: dict
    extra_fields: dict = field(default_factory=dict)
    probe: dict = field(
        default_factory=dict
    )  # an _analyze request that needs its parts

    def field_for(self, query: str) -> str:
        return "text"

    def query_for(self, query: str) -> dict:
        fld = self.field_for(query)
        return {"match_phrase": {fld: {"query": query, "slop": 0}}}


class Bigram(Candidate):
    def field_for(self, query: str) -> str:
        # The bigram field has no token for a one-character letter/digit run, so
        # such a run would silently drop out of the phrase: unigrams then.
        runs = token_runs(norm(query))
        return "text.uni" if any(len(run) == 1 for run in runs) else "text"


class BigramAndUnigram(Bigram):
    """(d) plus the unigram phrase as a second condition, so that a one-character
    run of the text, which the bigram field drops, cannot join its neighbours."""

    def query_for(self, query: str) -> dict:
        uni = {"match_phrase": {"text.uni": {"query": query, "slop": 0}}}
        if self.field_for(query) == "text.uni":
            return uni
        bi = {"match_phrase": {"text": {"query": query, "slop": 0}}}
        return {"bool": {"must": [bi, uni]}}


def _ngram(size: int) -> dict:
    return {
        "type": "ngram",
        "min_gram": size,
        "max_gram": size,
        "token_chars": ["letter", "digit"],
    }


CANDIDATES = [
    Candidate(
        "cjk",
        "(a) built-in cjk analyzer",
        {},
        {"type": "text", "analyzer": "cjk", **TV},
        probe={"analyzer": "cjk"},
    ),
    Candidate(
        "smartcn",
        "(b) smartcn",
        {},
        {"type": "text", "analyzer": "smartcn", **TV},
        probe={"analyzer": "smartcn"},
    ),
    Candidate(
        "icu",
        "(c) icu_tokenizer + cjk_width, lowercase",
        {
            "analyzer": {
                "icu_text": {
                    "type": "custom",
                    "tokenizer": "icu_tokenizer",
                    "filter": ["cjk_width", "lowercase"],
                }
            }
        },
        {"type": "text", "analyzer": "icu_text", **TV},
        probe={"tokenizer": "icu_tokenizer", "filter": ["cjk_width", "lowercase"]},
    ),
    Bigram(
        "bigram",
        "(d) ngram 2-2 [letter, digit] + unigram sub-field",
        {
            "tokenizer": {"bigram": _ngram(2), "unigram": _ngram(1)},
            "analyzer": {
                "bigram": {
                    "type": "custom",
                    "tokenizer": "bigram",
                    "filter": ["lowercase", "cjk_width"],
                },
                "unigram": {
                    "type": "custom",
                    "tokenizer": "unigram",
                    "filter": ["lowercase", "cjk_width"],
                },
            },
        },
        {
            "type": "text",
            "analyzer": "bigram",
            **TV,
            "fields": {"uni": {"type": "text", "analyzer": "unigram", **TV}},
        },
        probe={"tokenizer": _ngram(2), "filter": ["lowercase", "cjk_width"]},
    ),
    Candidate(
        "standard",
        "(e) standard analyzer",
        {},
        {"type": "text", "analyzer": "standard", **TV},
        probe={"analyzer": "standard"},
    ),
]
_BIGRAM = next(c for c in CANDIDATES if c.name == "bigram")
CANDIDATES.insert(
    CANDIDATES.index(_BIGRAM) + 1,
    BigramAndUnigram(
        "bigram+uni",
        "(d') as (d), and the unigram phrase too",
        _BIGRAM.analysis,
        _BIGRAM.text_field,
        probe=_BIGRAM.probe,
    ),
)
HIGHLIGHTERS = ["unified", "fvh", "plain"]


# ---------------------------------------------------------------- measuring
EM = re.compile(r"<em>(.*?)</em>", re.S)


def marked_spans(highlighted: str) -> tuple[str, list[tuple[int, int]]]:
    """The text without tags and the marked spans, adjacent marks merged."""
    plain, spans, pos = [], [], 0
    for match in EM.finditer(highlighted):
        plain.append(highlighted[pos : match.start()])
        start = sum(map(len, plain))
        plain.append(match.group(1))
        spans.append((start, start + len(match.group(1))))
        pos = match.end()
    plain.append(highlighted[pos:])
    return "".join(plain), merge(spans)


def merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


def expected_spans(text: str, query: str) -> list[tuple[int, int]]:
    """Where the query occurs (normalised; NFKC keeps this corpus' lengths)."""
    haystack, needle, spans, start = norm(text), norm(query), [], 0
    while (found := haystack.find(needle, start)) >= 0:
        spans.append((found, found + len(needle)))
        start = found + 1
    return merge(spans)


@dataclass
class Result:
    name: str
    label: str
    available: bool = True
    reason: str = ""
    index_seconds: float = 0.0
    store_bytes: int = 0
    per_query: list = field(default_factory=list)
    took_ms: list = field(default_factory=list)
    highlight: dict = field(default_factory=dict)  # highlighter -> [exact, checked]
    highlight_errors: dict = field(default_factory=dict)
    highlight_examples: dict = field(default_factory=dict)
    highlight_samples: dict = field(default_factory=dict)  # highlighter -> one answer
    token_rule_disagreements: int = -1  # hits that differ from token_rule (bigram only)


def available(es: Elasticsearch, candidate: Candidate) -> str:
    """'' if the node has the candidate's analysis components, else why not."""
    try:
        es.indices.analyze(text="临时救助", **candidate.probe)
    except ApiError as error:
        return str(error)[:160]
    return ""


def run_candidate(es, candidate, corpus, queries, truth, size) -> Result:
    result = Result(candidate.name, candidate.label)
    if reason := available(es, candidate):
        result.available, result.reason = False, reason
        return result
    index = PREFIX + candidate.name
    es.options(ignore_status=404).indices.delete(index=index)
    settings = {"number_of_shards": 1, "number_of_replicas": 0}
    if candidate.analysis:
        settings["analysis"] = candidate.analysis
    try:
        es.indices.create(
            index=index,
            settings=settings,
            mappings={"properties": {"text": candidate.text_field}},
        )
    except ApiError as error:
        result.available, result.reason = False, str(error)[:160]
        return result
    started = time.perf_counter()
    helpers.bulk(
        es,
        ({"_index": index, "_id": str(i), "text": t} for i, t in enumerate(corpus)),
        chunk_size=500,
    )
    es.indices.refresh(index=index)
    es.indices.forcemerge(index=index, max_num_segments=1)
    result.index_seconds = time.perf_counter() - started
    stats = es.indices.stats(index=index, metric="store")
    result.store_bytes = stats["indices"][index]["primaries"]["store"]["size_in_bytes"]

    for query, kind in queries:
        fld = candidate.field_for(query)
        phrase = candidate.query_for(query)
        response = es.search(index=index, query=phrase, size=size, source=False)
        result.took_ms.append(response["took"])
        hits = {int(hit["_id"]) for hit in response["hits"]["hits"]}
        expected = truth[query]
        result.per_query.append(
            {
                "query": query,
                "kind": kind,
                "field": fld,
                "truth": len(expected),
                "hits": len(hits),
                "tp": len(hits & expected),
                "fp": len(hits - expected),
                "fn": len(expected - hits),
            }
        )
        if type(candidate) is Bigram:
            model = {i for i, t in enumerate(corpus) if token_rule(t, query, fld)}
            result.token_rule_disagreements = max(0, result.token_rule_disagreements)
            result.token_rule_disagreements += len(model ^ hits)
        true_hits = sorted(hits & expected)
        if not true_hits:
            continue
        for highlighter in HIGHLIGHTERS:
            check_highlights(
                es, index, fld, phrase, query, true_hits, corpus, highlighter, result
            )
    es.indices.delete(index=index)
    return result


def check_highlights(es, index, fld, phrase, query, ids, corpus, kind, result):
    exact_checked = result.highlight.setdefault(kind, [0, 0])
    body = {"type": kind, "number_of_fragments": 0}
    try:
        response = es.search(
            index=index,
            query={"bool": {"must": phrase, "filter": {"ids": {"values": ids}}}},
            size=len(ids),
            source=False,
            highlight={
                "pre_tags": ["<em>"],
                "post_tags": ["</em>"],
                "fields": {fld: body},
            },
        )
    except ApiError as error:
        result.highlight_errors.setdefault(kind, str(error)[:200])
        exact_checked[1] += len(ids)
        return
    got = {
        int(hit["_id"]): hit.get("highlight", {}).get(fld, [""])[0]
        for hit in response["hits"]["hits"]
    }
    if kind not in result.highlight_samples and got:
        result.highlight_samples[kind] = (query, next(iter(got.values()))[:80])
    for doc_id in ids:
        text = corpus[doc_id]
        highlighted = got.get(doc_id, "")
        plain, spans = marked_spans(highlighted)
        want = expected_spans(text, query)
        exact_checked[1] += 1
        if plain == text and spans == want:
            exact_checked[0] += 1
            continue
        examples = result.highlight_examples.setdefault(kind, [])
        if len(examples) < 4 and all(e[0] != query for e in examples):
            shown = " | ".join(text[s:e] for s, e in spans) or "(no mark)"
            examples.append((query, shown, highlighted[:90]))


# ---------------------------------------------------------------- edge cases
EDGE_TEXTS = ["ab c de", "QH-2026-000123", "致贫，于2026年", "临时救助 a 2026"]
EDGE_QUERIES = [
    "ab de",
    "b c d",
    "abde",
    "c",
    "qh 2026",
    "qh2026",
    "2026-0001",
    "20260001",
]
EDGE_QUERIES += ["6-0", "60", "贫，于", "贫于", "a 2026", "助a2"]


def edge_cases(es: Elasticsearch, bigram: Candidate) -> dict:
    """Tokens and positions of EDGE_TEXTS, and phrase hits against the truth."""
    out = {"tokens": {}, "queries": []}
    index = PREFIX + "edge"
    es.options(ignore_status=404).indices.delete(index=index)
    es.indices.create(
        index=index,
        settings={
            "number_of_shards": 1,
            "number_of_replicas": 0,
            "analysis": bigram.analysis,
        },
        mappings={"properties": {"text": bigram.text_field}},
    )
    for text in EDGE_TEXTS:
        row = {}
        for analyzer in ("bigram", "unigram"):
            tokens = es.indices.analyze(index=index, analyzer=analyzer, text=text)[
                "tokens"
            ]
            row[analyzer] = " ".join(f"{t['token']}@{t['position']}" for t in tokens)
        out["tokens"][text] = row
    for i, text in enumerate(EDGE_TEXTS):
        es.index(index=index, id=str(i), document={"text": text})
    es.indices.refresh(index=index)
    for query in EDGE_QUERIES:
        truth = {i for i, t in enumerate(EDGE_TEXTS) if norm(query) in norm(t)}
        row = {"query": query, "truth": sorted(truth)}
        for fld in ("text", "text.uni"):
            phrase = {"match_phrase": {fld: {"query": query, "slop": 0}}}
            hits = es.search(index=index, query=phrase, size=10, source=False)["hits"][
                "hits"
            ]
            row[fld] = sorted(int(h["_id"]) for h in hits)
        both = BigramAndUnigram("", "", {}, {}).query_for(query)
        hits = es.search(index=index, query=both, size=10, source=False)["hits"]["hits"]
        row["both"] = sorted(int(h["_id"]) for h in hits)
        row["routed"] = bigram.field_for(query)
        out["queries"].append(row)
    es.indices.delete(index=index)
    return out


# ---------------------------------------------------------------- report
def summarise(result: Result) -> dict:
    rows = [r for r in result.per_query if r["truth"]]
    absent = [r for r in result.per_query if not r["truth"]]
    recall = [r["tp"] / r["truth"] for r in rows]
    precision = [r["tp"] / r["hits"] for r in rows if r["hits"]]
    tp = sum(r["tp"] for r in result.per_query)
    fp = sum(r["fp"] for r in result.per_query)
    fn = sum(r["fn"] for r in result.per_query)
    return {
        "macro_recall": statistics.fmean(recall) if recall else 0.0,
        "macro_precision": statistics.fmean(precision) if precision else 0.0,
        "micro_recall": tp / (tp + fn) if tp + fn else 0.0,
        "micro_precision": tp / (tp + fp) if tp + fp else 0.0,
        "perfect": sum(1 for r in rows if r["fn"] == 0 and r["fp"] == 0),
        "queries": len(rows),
        "zero_recall": sum(1 for r in rows if r["tp"] == 0),
        "absent_fp": sum(r["fp"] for r in absent),
        "took_ms_mean": statistics.fmean(result.took_ms) if result.took_ms else 0.0,
        "highlight": {
            k: (v[0] / v[1] if v[1] else 0.0, v[0], v[1])
            for k, v in result.highlight.items()
        },
    }


def by_kind(result: Result) -> dict:
    kinds: dict[str, list[int]] = {}
    for r in result.per_query:
        group = r["kind"].split()[0]
        tally = kinds.setdefault(group, [0, 0, 0, 0])
        tally[0] += 1
        tally[1] += r["fn"] == 0 and r["fp"] == 0
        tally[2] += r["tp"]
        tally[3] += r["tp"] + r["fn"]
    return kinds


def print_report(
    results: list[Result], edge: dict | None, corpus_size: int, nq: int
) -> None:
    print(f"\ncorpus {corpus_size} sentences, {nq} queries (match_phrase, slop 0)\n")
    header = "| candidate | recall (macro / micro) | precision (macro / micro) | "
    header += "exact queries | "
    header += (
        "0-recall queries | FP on absent | unified exact | fvh exact | plain exact | "
    )
    header += "index MB | query ms |"
    print(header)
    print("|" + " --- |" * 11)
    for result in results:
        if not result.available:
            print(f"| {result.label} | unavailable: {result.reason} |" + " |" * 9)
            continue
        s = summarise(result)
        hl = []
        for k in HIGHLIGHTERS:
            share, exact, checked = s["highlight"].get(k, (0.0, 0, 0))
            hl.append(f"{share:.1%} ({exact}/{checked})" if checked else "–")
        print(
            f"| {result.label} | {s['macro_recall']:.3f} / {s['micro_recall']:.3f} "
            f"| {s['macro_precision']:.3f} / {s['micro_precision']:.3f} "
            f"| {s['perfect']}/{s['queries']} | {s['zero_recall']} | {s['absent_fp']} "
            f"| {' | '.join(hl)} | {result.store_bytes / 1e6:.1f} "
            f"| {s['took_ms_mean']:.1f} |"
        )
    print("\nexact queries by kind (exact/total, recall):")
    for result in results:
        if result.available:
            parts = [
                f"{k} {v[1]}/{v[0]} r={v[2] / v[3]:.2f}"
                if v[3]
                else f"{k} {v[1]}/{v[0]}"
                for k, v in by_kind(result).items()
            ]
            print(f"  {result.name:9} " + "; ".join(parts))
    print("\nqueries with misses or false positives:")
    for result in results:
        if not result.available:
            continue
        bad = [r for r in result.per_query if r["fn"] or r["fp"]]
        shown = ", ".join(
            f"{r['query']}[{r['field'].replace('text', '') or 'bi'}] "
            f"{r['tp']}/{r['truth']}+{r['fp']}fp"
            for r in bad
        )
        print(f"  {result.name:9} {len(bad):2}: {shown}")
    print("\nhighlight errors and wrong marks (query: marked text | highlighted):")
    for result in results:
        for kind, error in result.highlight_errors.items():
            print(f"  {result.name} {kind}: ERROR {error}")
        for kind, examples in result.highlight_examples.items():
            for query, shown, highlighted in examples:
                print(
                    f"  {result.name} {kind}: {query!r} marked {shown!r} "
                    f"in {highlighted!r}"
                )
    print("\nwhat each highlighter returns (first query with a hit):")
    for result in results:
        for kind, (query, sample) in result.highlight_samples.items():
            print(f"  {result.name:9} {kind:7} {query!r}: {sample}")
    for result in results:
        if result.token_rule_disagreements >= 0:
            print(
                f"\n{result.name}: hits that differ from the Python token-stream rule "
                f"(core.cjk): {result.token_rule_disagreements}"
            )
    if edge:
        print("\nedge cases, bigram candidate — tokens@positions:")
        for text, row in edge["tokens"].items():
            print(f"  {text!r}: bigram {row['bigram']} | unigram {row['unigram']}")
        print("  query -> truth | text (bigram) | text.uni | both (AND) | routed to")
        for row in edge["queries"]:
            print(
                f"  {row['query']!r:14} truth {row['truth']} | bigram {row['text']} "
                f"| uni {row['text.uni']} | bi+uni {row['both']} | {row['routed']}"
            )


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--url", default=os.environ.get("ELASTICSEARCH_URL") or "http://127.0.0.1:9200"
    )
    parser.add_argument("-n", type=int, default=2000, help="corpus sentences")
    parser.add_argument("-q", type=int, default=50, help="queries")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--json", type=Path, help="also write every figure here")
    parser.add_argument("--index-prefix", default=PREFIX, help="of every index made")
    common.add_smoke_option(parser)
    args = common.parse(parser, argv)
    if args.smoke:  # 150 sentences, 10 queries; indices named benchsmoke<pid>_…
        args.n, args.q = 150, 10
        if args.index_prefix == PREFIX:
            args.index_prefix = f"benchsmoke{os.getpid()}_es_analyzers_"
    return args


def figures_of(results: list[Result], corpus: int, queries: int) -> dict:
    """The JSON line: per candidate, recall, precision and exact highlights."""
    out = {"corpus": corpus, "queries": queries, "candidates": {}}
    for result in results:
        if not result.available:
            out["candidates"][result.name] = {"available": False}
            continue
        s = summarise(result)
        out["candidates"][result.name] = {
            "available": True,
            "micro_recall": round(s["micro_recall"], 3),
            "micro_precision": round(s["micro_precision"], 3),
            "exact_queries": s["perfect"],
            "highlight_exact": {k: round(v[0], 3) for k, v in s["highlight"].items()},
        }
    return out


def main() -> int:
    global PREFIX
    args = parse_args()
    if not common.elasticsearch_url(args.url):
        if not args.smoke:
            sys.exit(f"no Elasticsearch answers at {args.url}")
        common.skip("analysis candidates", common.no_elasticsearch(args.url))
        common.emit("es_analyzers", {})
        return 0
    PREFIX = args.index_prefix
    rng = random.Random(args.seed)
    corpus = build_corpus(args.n, rng)
    assert all(len(norm(t)) == len(t) for t in corpus)  # noqa: S101 (offsets line up)
    queries = pick_queries(corpus, rng, args.q)
    truth = {
        q: {i for i, t in enumerate(corpus) if norm(q) in norm(t)} for q, _ in queries
    }
    es = Elasticsearch(args.url, request_timeout=60)
    version = next(iter(es.nodes.info(node_id="_local")["nodes"].values()))["version"]
    print(f"Elasticsearch {version} at {args.url}")
    results = []
    for candidate in CANDIDATES:
        print(f"  {candidate.label} …", flush=True)
        results.append(run_candidate(es, candidate, corpus, queries, truth, args.n))
    edge = edge_cases(es, _BIGRAM) if not available(es, _BIGRAM) else None
    print_report(results, edge, len(corpus), len(queries))
    common.emit("es_analyzers", figures_of(results, len(corpus), len(queries)))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        data = {
            "version": version,
            "corpus": len(corpus),
            "queries": queries,
            "results": [
                {**r.__dict__, "summary": summarise(r) if r.available else None}
                for r in results
            ],
            "edge": edge,
        }
        args.json.write_text(json.dumps(data, ensure_ascii=False, indent=1))
        print(f"\nfigures written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
