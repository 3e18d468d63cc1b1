"""Benchmark: archive search over 100,000 cases and 1,000,000 history versions.

    python bench/archive_search.py -n 2000                      # a quick run, SQLite
    python bench/archive_search.py                              # 100,000 cases, SQLite
    python bench/archive_search.py \
        --database-url postgres://bench:bench@127.0.0.1:5432/bench_archive
    python bench/archive_search.py --skip-generate \
        --backend elasticsearch --es-url http://127.0.0.1:9200  # reuse the SQLite data

Steps, each timed and printed:

1. Data: a fresh database (a SQLite file under var/bench/, or a PostgreSQL
   database whose name must start with ``bench``: dropped and created again),
   migrated and loaded with seed_demo; then N fictional cases written in bulk (not
   through the intake service): applicants with valid ID numbers, household
   members, cases spread over the demo townships, assistance types, channels,
   handlers and 2024-01..2026-11, each walked through its workflow as history
   versions with change reasons, plus received materials and 补正 — about ten
   hash-chained history rows per case (``verify_history`` passes).
2. Index: ``archive_index rebuild`` into the backend under test; documents/second.
3. Queries: 20 auditor searches, each full text + 2 filters, through
   ``backend.search(parse_query(params))`` (count, facets, a page of 20 hits with
   snippets): one warm-up, then ``--repeat`` timed runs each.
4. Baseline: the same phrase and filters as a naive ``icontains`` scan of the
   history tables (count + newest 20), ``--baseline-runs`` times each.

``--skip-generate`` reuses the database of an earlier run (e.g. the SQLite data for
the Elasticsearch run); ``--profile FILE`` runs the index build under cProfile.
"""

import argparse
import cProfile
import json
import os
import pstats
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import common  # bench/ is on sys.path

LOCAL = ZoneInfo("Asia/Shanghai")
START = datetime(2024, 1, 2, tzinfo=LOCAL)
END = datetime(2026, 11, 20, 18, tzinfo=LOCAL)
NOW = datetime(2026, 11, 23, 9, tzinfo=LOCAL)
BATCH_CASES = 2000  # cases per transaction; their ~20,000 history rows with them
INSERT_BATCH = 5000  # rows per bulk_create statement batch
# Issue 23's targets, by engine: "database" is the database backend on SQLite,
# "postgresql" the same on PostgreSQL.
TARGETS = {"elasticsearch": 50.0, "postgresql": 150.0, "database": 300.0}  # p95 ms
TARGET_SPEEDUP = {"elasticsearch": 50.0, "postgresql": 20.0, "database": 20.0}
TARGET_REBUILD = {"elasticsearch": 10000.0, "postgresql": 5000.0}  # docs/s
TARGET_OVERHEAD = 1.5  # backend.search() time over Elasticsearch's took
SMOKE_ES = "benchsmoke"  # index prefixes of smoke runs, deleted at their end

# ----------------------------------------------------------------- vocabulary
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董"
    "袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦覃莫"
)
GIVEN = [
    "秀英", "桂兰", "建国", "志强", "海燕", "丽娟", "春梅", "文斌", "玉兰", "德明",
    "红霞", "永福", "金花", "国华", "建军", "小平", "淑芳", "伟", "勇", "涛", "静",
    "敏", "玉珍", "翠花", "凤英", "荣贵", "富贵", "宝山", "长青", "秋菊", "莲花",
    "明山", "家富", "德成", "春花", "老五", "志远", "桂芳", "慧敏", "国强", "玉梅",
    "红英", "金福", "水生", "发财", "月娥", "冬梅", "丽萍", "晓东", "海军",
]  # fmt: skip
AREAS = ["439901", "439902", "430102", "430521", "431122", "441302", "510104"]
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
RELATIONS = ["配偶", "儿子", "女儿", "父亲", "母亲", "孙子", "孙女", "儿媳"]
KIN = ["丈夫", "妻子", "儿子", "女儿", "父亲", "母亲", "孙子", "孙女", "本人"]
DISEASES = [
    "脑梗", "尿毒症", "白血病", "肺癌", "乳腺癌", "糖尿病并发症", "精神分裂症",
    "股骨头坏死", "冠心病", "肝硬化", "慢性肾衰竭", "类风湿关节炎", "脑瘫",
    "胃癌", "重症肺炎", "颅内出血",
]  # fmt: skip
DISABILITIES = [
    "肢体二级残疾", "视力一级残疾", "智力残疾三级", "听力言语残疾", "精神残疾二级",
    "肢体一级残疾",
]  # fmt: skip
DISASTERS = ["暴雨", "山体滑坡", "火灾", "洪水", "大风冰雹", "泥石流"]
SCHOOLS = ["县一中", "禾州职业技术学院", "湖南师范大学", "县实验小学", "南溪中学"]
CAUSES = [
    "{kin}患{disease}住院治疗，自付医疗费用{amount}元，因病致贫。",
    "{kin}{disability}，无劳动能力，长期需要人照料。",
    "{year}年{month}月遭{disaster}，房屋倒塌，借住亲戚家。",
    "{kin}失业在家，家庭月收入仅{income}元，低于当地低保标准。",
    "两个子女就学，在{school}读书，学费和生活费无着。",
    "独居老人，子女均在外地务工，日常生活无人照料。",
    "{kin}因交通事故致残，肇事方无力赔偿，医疗费用{amount}元。",
    "家庭收入低于当地标准，人均月收入{income}元，申请救助。",
    "{kin}患{disease}需长期服药，每月药费约{income}元。",
    "现住房屋经鉴定为D级危房，无力自行修缮。",
    "{kin}外出务工受伤，暂时失去收入来源，{children}个孩子上学。",
    "丧偶多年，独自抚养{children}个未成年子女，无固定收入。",
    "{year}年{month}月遭受{disaster}，农作物绝收，房屋部分损毁。",
    "{kin}刑满释放后无业，家中老人{disability}。",
    "无劳动能力、无生活来源、无法定赡养人，申请特困供养。",
    "企业关停后失业，已在人社部门办理失业登记，求职未果。",
]  # fmt: skip
FAMILY = [
    "家中共{size}口人，", "全家{size}口人仅靠{kin}打零工维持生活，",
    "家有{size}口人，其中{old}位老人，", "",
]  # fmt: skip
REQUESTS = [
    "特申请{type_name}。", "恳请政府给予{type_name}。", "申请{type_name}，望予以帮助。",
    "经村委会介绍，申请{type_name}。",
]  # fmt: skip

_FINDINGS = [
    "家中无劳动力", "申请人长期卧床", "房屋墙体开裂严重", "家中无大件家电",
    "子女均未成年", "老人独居无人照料", "家庭主要收入为低保金", "患者仍在住院",
    "屋内陈设简陋", "承包地已流转",
]  # fmt: skip
_WITNESSES = ["邻居证实", "村委会证实情况属实", "协理员陪同核实", "村民小组长证实"]
_CONCLUSIONS = [
    "家庭人均月收入低于当地低保标准", "存款未超过规定", "名下无机动车辆",
    "名下无商品房", "家庭经济状况核对无异常", "医疗费用票据与医保结算单一致",
    "房屋安全鉴定为D级危房", "受灾情况与村委会证明一致", "失业登记信息属实",
    "学生在读证明属实",
]  # fmt: skip
_SUGGESTIONS = ["建议纳入保障", "建议给予救助", "提请审核"]
NOTES = {
    "accept": [
        "材料齐全，当场受理",
        "经核对身份证和户口簿，予以受理",
        "材料齐全，符合受理条件",
        "补正材料已收齐，予以受理",
        "帮办代办材料齐全，受理",
        "热线转来申请，材料已补齐",
        "协理员代为提交，材料齐全",
        "网上申请材料核验通过",
        "主动发现对象，上门受理",
        "信访转办件，材料齐全，受理",
        "材料齐全，告知办理时限",
        "当场出具受理回执",
        "核对授权书已签字，予以受理",
        "申请人现场签字确认，受理",
        "经窗口复核，予以受理",
    ],
    "start_investigation": [
        f"入户调查：{f}，{w}" for f in _FINDINGS for w in _WITNESSES
    ],
    "submit_review": [
        f"调查核实完毕：{c}，{s}" for c in _CONCLUSIONS for s in _SUGGESTIONS
    ],
    "start_public_notice": [
        f"在{v}公示栏公示{d}天"
        for v in ("村务公开栏", "社区服务中心", "村民小组")
        for d in (7, 5)
    ]
    + [
        "公示期间接受群众监督",
        "公示内容已拍照存档",
        "已在政务公开网同步公示",
        "公示张贴于村部大门",
    ],
    "approve": [
        "审批同意：按每人每月480元标准发放",
        "审批同意：给予一次性临时救助2000元",
        "审批同意：给予一次性临时救助3000元",
        "审批同意：公示期满无异议，纳入低保",
        "审批同意：公示期满无异议，纳入特困供养",
        "审批同意：资助参加城乡居民医保",
        "审批同意：医疗救助按70%比例报销",
        "审批同意：给予教育救助1500元",
        "审批同意：纳入危房改造计划",
        "审批同意：推荐公益性岗位",
        "审批同意：按分散供养标准发放",
        "审批同意：给予受灾生活救助800元",
        "审批同意：救助金次月起发放至社保卡",
        "审批同意：低保边缘家庭认定，纳入监测",
        "审批同意：按B类低保发放",
        "审批同意：按A类低保发放",
        "审批同意：给予临时救助并转介慈善援助",
        "审批同意：医疗救助5000元",
        "审批同意：住房救助补助20000元",
        "审批同意：就业救助，安排技能培训",
    ],
    "deny": [
        "审批不同意：家庭人均收入超过当地低保标准",
        "审批不同意：经核对名下有商品房两套",
        "审批不同意：车辆核对发现有小型轿车一辆",
        "审批不同意：存款超过规定标准",
        "审批不同意：有法定赡养人且具备赡养能力",
        "审批不同意：申请人拒绝配合入户调查",
        "审批不同意：隐瞒家庭成员经营收入",
        "审批不同意：已享受同类救助，不重复给予",
        "审批不同意：医疗费用已由商业保险全额赔付",
        "审批不同意：房屋鉴定为B级，不属危房",
        "审批不同意：子女已工作，家庭收入超过标准",
        "审批不同意：受灾损失未达救助条件",
        "审批不同意：公示期间收到实名举报并查实",
        "审批不同意：户籍已迁出本县",
        "审批不同意：失业期间已领取失业保险金",
    ],
    "reject": [
        "不予受理：户籍不在本县，已告知向户籍地申请",
        "不予受理：申请事项不属于社会救助范围",
        "不予受理：申请人主动撤回申请",
        "不予受理：同一事项正在办理中",
        "不予受理：经一次性告知后逾期未补正材料",
        "不予受理：申请人未满十六周岁且无监护人代为申请",
        "不予受理：已于本年度获得同类救助",
        "不予受理：申请人已去世",
        "不予受理：属于劳动争议，已告知向仲裁机构申请",
        "不予受理：属于交通事故赔偿，已告知依法索赔",
    ],
    "refer": [
        "转办：转县医保局办理医疗救助",
        "转办：转县住建局办理危房改造",
        "转办：转县教育局办理学生资助",
        "转办：转县人社局办理就业援助",
        "转办：转县残联办理残疾人两项补贴",
        "转办：转县应急管理局办理受灾救助",
        "转办：转县红十字会开展慈善救助",
        "转办：转县卫健委办理计生特扶",
        "转办：转县总工会办理困难职工帮扶",
        "转办：转县妇联办理困难妇女救助",
    ],
    "reply": [
        "电话告知申请人结果",
        "书面送达结果告知书，申请人签收",
        "协理员上门送达结果告知书",
        "短信告知办理结果",
        "结果告知书已邮寄送达",
        "申请人到窗口领取结果告知书",
        "已告知申请人复议和诉讼途径",
        "转办结果已告知申请人",
        "已告知申请人不予受理理由",
        "村委会转交结果告知书",
    ],
    "archive": [
        "资料齐全，归档",
        "案卷整理完毕，归档",
        "电子档案已同步，归档",
        "按年度归档",
        "纸质材料装订成册，归档",
    ],
    "handover": [
        "AB岗调整：A岗休假，由B岗接办",
        "AB岗调整：A岗外出培训，由B岗接办",
        "AB岗调整：A岗调岗，由B岗接办",
        "经办人变更：工作量调整",
        "经办人变更：A岗病假，B岗接办",
    ],
}
SUPPLEMENT = [
    "补正材料：已补交{name}",
    "补正材料：{name}原件已核对",
    "补正材料：缺少{name}，现已补齐",
    "补正材料：申请人邮寄{name}",
    "补正材料：协理员代交{name}",
]
LABELS = {
    "accept": "受理", "reject": "不予受理", "refer": "转办",
    "start_investigation": "开始调查核实", "submit_review": "提交审核",
    "start_public_notice": "开始公示", "approve": "审批同意", "deny": "审批不同意",
    "reply": "回复申请人", "archive": "归档",
}  # fmt: skip
TARGET_STATUS = {
    "accept": "accepted", "reject": "not_accepted", "refer": "referred",
    "start_investigation": "investigating", "submit_review": "reviewing",
    "start_public_notice": "public_notice", "approve": "approved", "deny": "denied",
    "reply": "replied", "archive": "archived",
}  # fmt: skip
REVIEWER_ACTIONS = {"start_public_notice", "approve", "deny"}

# Twenty auditor searches: a phrase from the generated vocabulary + two filters.
# Some are broad (残疾, 入户调查), some selective (a name, a rare note).
QUERIES = [
    {"q": "邻居证实", "township": "dongling", "status": "archived"},
    {"q": "医疗费用票据", "assistance_type": "yiliao", "from": "2025-01-01",
     "to": "2025-12-31"},
    {"q": "房屋倒塌", "township": "nanxi", "kind": "history"},
    {"q": "独居老人", "status": "replied", "township": "dongling"},
    {"q": "脑梗", "kind": "history", "user": "demo-reviewer"},
    {"q": "低保标准", "assistance_type": "dibao", "status": "archived"},
    {"q": "子女就学", "assistance_type": "jiaoyu", "township": "nanxi"},
    {"q": "残疾", "township": "dongling", "status": "archived"},
    {"q": "王秀英", "kind": "case", "township": "nanxi"},
    {"q": "危房", "status": "investigating", "from": "2026-01-01", "to": "2026-11-30"},
    {"q": "失业登记", "assistance_type": "jiuye", "channel": "online"},
    {"q": "补正材料", "kind": "history", "user": "demo-clerk-1"},
    {"q": "B岗接办", "handler": "demo-clerk-2b", "kind": "history"},
    {"q": "名下有商品房", "status": "archived", "township": "nanxi"},
    {"q": "12349", "channel": "hotline_12349", "status": "replied"},
    {"q": "山体滑坡", "assistance_type": "shouzai", "from": "2024-01-01",
     "to": "2024-12-31"},
    {"q": "转县医保局", "township": "dongling", "kind": "history"},
    {"q": "核对授权书", "kind": "history", "from": "2026-06-01", "to": "2026-11-30"},
    {"q": "因病致贫", "handler": "demo-clerk-1", "status": "replied"},
    {"q": "公示期满无异议", "user": "demo-reviewer-b", "from": "2025-01-01",
     "to": "2026-11-30"},
]  # fmt: skip


# --------------------------------------------------------------------- set-up
def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=100_000, help="cases to generate")
    common.add_database_option(parser, "archive.sqlite3")
    parser.add_argument(
        "--backend", choices=["database", "elasticsearch"], default="database"
    )
    parser.add_argument(
        "--es-url",
        default=os.environ.get("ELASTICSEARCH_URL") or "http://127.0.0.1:9200",
    )
    parser.add_argument(
        "--index-prefix",
        default="bench",
        help="Elasticsearch index prefix (the archive alias is PREFIX_archive)",
    )
    parser.add_argument(
        "--skip-generate", action="store_true", help="reuse the database as it is"
    )
    parser.add_argument("--repeat", type=int, default=10, help="timed runs per query")
    parser.add_argument(
        "--baseline-runs", type=int, default=3, help="naive-scan runs per query"
    )
    parser.add_argument("--profile", type=Path, help="cProfile the index build here")
    parser.add_argument(
        "--skip-index",
        action="store_true",
        help="query the index as it is (no rebuild)",
    )
    parser.add_argument("--seed", type=int, default=2026, help="random seed")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    common.add_save_option(parser)
    common.add_smoke_option(parser)
    args = common.parse(parser, argv)
    if args.smoke:  # 60 cases (about 600 history rows), each query once
        args.n, args.repeat, args.baseline_runs = 60, 1, min(args.baseline_runs, 1)
        if not args.index_prefix.startswith(SMOKE_ES):  # never a real run's index
            args.index_prefix = f"{SMOKE_ES}{os.getpid()}"
    return args


def setup_django(args) -> None:
    if args.backend == "elasticsearch":
        os.environ["SEARCH_BACKEND"] = "elasticsearch"
        os.environ["ELASTICSEARCH_URL"] = args.es_url
        os.environ["ELASTICSEARCH_INDEX_PREFIX"] = args.index_prefix
    else:
        os.environ["SEARCH_BACKEND"] = "database"
        os.environ.pop("ELASTICSEARCH_URL", None)
    common.start_django(args.database_url)


def load() -> str:
    return "/".join(f"{x:.2f}" for x in os.getloadavg())


# ---------------------------------------------------------------- generation
def id_number(rng: random.Random, born: datetime) -> str:
    body = f"{rng.choice(AREAS)}{born:%Y%m%d}{rng.randint(0, 999):03d}"
    total = sum(int(d) * w for d, w in zip(body, WEIGHTS, strict=True))
    return body + "10X98765432"[total % 11]


def person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def description(rng: random.Random, type_name: str, village: str) -> str:
    fill = {
        "kin": rng.choice(KIN),
        "disease": rng.choice(DISEASES),
        "disability": rng.choice(DISABILITIES),
        "disaster": rng.choice(DISASTERS),
        "school": rng.choice(SCHOOLS),
        "amount": rng.randrange(3000, 180000, 10),
        "income": rng.randrange(200, 1200, 10),
        "year": rng.randint(2022, 2026),
        "month": rng.randint(1, 12),
        "children": rng.choice("一两三"),
        "size": rng.choice("二三四五六"),
        "old": rng.choice("一两"),
        "type_name": type_name,
    }
    parts = [f"申请人现住{village}{rng.randint(1, 12)}组。"]
    parts.append(rng.choice(FAMILY).format(**fill))
    for cause in rng.sample(CAUSES, k=rng.choice((1, 1, 2, 2, 3))):
        parts.append(cause.format(**fill))
    parts.append(rng.choice(REQUESTS).format(**fill))
    return "".join(parts)


def load_world() -> dict:
    from django.contrib.auth import get_user_model

    from cases.guides import terms_for
    from portal.models import AssistanceType, Township, Village

    users = dict(get_user_model().objects.values_list("username", "pk"))
    townships = {}
    for township in Township.objects.order_by("code"):
        clerks = [
            users[name]
            for name in sorted(users)
            if name.startswith("demo-clerk-")
            and name.rstrip("b").endswith("1" if township.code == "dongling" else "2")
        ]
        townships[township.code] = {
            "pk": township.pk,
            "name": township.name,
            "villages": list(
                Village.objects.filter(township=township).values_list("pk", "name")
            ),
            "clerks": clerks,  # [A, B]
        }
    types = {}
    for item in AssistanceType.objects.all():
        terms = terms_for(item)
        types[item.code] = {
            "pk": item.pk,
            "name": item.name,
            "stage_limits": terms.stage_limits,
            "public_notice_days": terms.public_notice_days,
            "materials": [
                (m.name, m.form, m.required, m.copies, m.note) for m in terms.materials
            ],
        }
    return {
        "townships": townships,
        "types": types,
        "reviewers": [users["demo-reviewer"], users["demo-reviewer-b"]],
    }


def plan_path(rng: random.Random, public_notice: bool) -> list[str]:
    roll = rng.random()
    if roll < 0.08:
        return ["reject", "reply", "archive"]
    if roll < 0.16:
        first = ["accept"] if rng.random() < 0.4 else []
        return [*first, "refer", "reply", "archive"]
    middle = ["accept", "start_investigation", "submit_review"]
    if public_notice:
        middle.append("start_public_notice")
    decision = "deny" if roll < 0.34 else "approve"
    path = [*middle, decision, "reply", "archive"]
    if rng.random() < 0.25:  # not archived yet: the reply ends it for now
        path = path[:-1]
    return path


class Chains:
    """Chains each batch on to its table's head (locked and moved on in the batch's
    transaction), as the application's own bulk writes do."""

    def chain(self, history_model, rows: list) -> None:
        from cases.history import chain_rows

        chain_rows(history_model, rows, using="default")


def _utc(moment: datetime) -> datetime:
    # Stored and read back as UTC: the same isoformat() goes into the hash both times.
    return moment.astimezone(UTC)


def generate(n: int, seed: int) -> dict:
    from django.db import transaction

    from cases.models import (
        Applicant,
        Case,
        CaseNumberCounter,
        HouseholdMember,
        ReceivedMaterial,
    )

    rng = random.Random(seed)
    world = load_world()
    chains = Chains()
    hist = {
        m: m.history.model for m in (Applicant, HouseholdMember, Case, ReceivedMaterial)
    }
    counters = dict(CaseNumberCounter.objects.values_list("scope", "last"))
    span = (END - START).total_seconds()
    moments = sorted(START + timedelta(seconds=rng.random() * span) for _ in range(n))
    channel_names = [c for c, _w in common.CHANNELS]
    channel_weights = [w for _c, w in common.CHANNELS]
    type_codes = list(common.TYPE_WEIGHTS)
    type_weights = list(common.TYPE_WEIGHTS.values())
    rows_written = {m.__name__: 0 for m in hist}
    started = time.perf_counter()
    print(f"generating {n:,} cases in batches of {BATCH_CASES:,} …", flush=True)
    for first in range(0, n, BATCH_CASES):
        plans = []
        for received in moments[first : first + BATCH_CASES]:
            received = received.replace(
                hour=rng.randint(8, 17),
                minute=rng.randint(0, 59),
                second=rng.randint(0, 59),
                microsecond=rng.randint(0, 999_999),
            )
            code = rng.choices(type_codes, type_weights)[0]
            kind = world["types"][code]
            town_code = rng.choice(list(world["townships"]))
            town = world["townships"][town_code]
            village = rng.choice(town["villages"]) if rng.random() < 0.9 else None
            place = village[1] if village else town["name"]
            clerk_a, clerk_b = town["clerks"]
            receiver = clerk_a if rng.random() < 0.6 else clerk_b
            other = clerk_b if receiver == clerk_a else clerk_a
            year = received.year
            scope = f"JZ{year}"
            counters[scope] = counters.get(scope, 0) + 1
            born = datetime(1938, 1, 1) + timedelta(days=rng.randint(0, 365 * 68))
            plans.append(
                {
                    "received": received,
                    "code": code,
                    "kind": kind,
                    "town": town,
                    "village": village[0] if village else None,
                    "receiver": receiver,
                    "other": other,
                    "number": f"{scope}{counters[scope]:06d}",
                    "channel": rng.choices(channel_names, channel_weights)[0],
                    "applicant": Applicant(
                        name=person_name(rng),
                        id_number=id_number(rng, born),
                        phone=f"1{rng.choice('3578')}{rng.randint(0, 999_999_999):09d}",
                        address=f"{place}{rng.randint(1, 12)}组{rng.randint(1, 99)}号",
                        township_id=town["pk"],
                        village_id=village[0] if village else None,
                    ),
                    "description": description(rng, kind["name"], place),
                }
            )
        with transaction.atomic():
            _write_batch(rng, plans, world, hist, chains, rows_written)
        done = min(first + BATCH_CASES, n)
        elapsed = time.perf_counter() - started
        print(
            f"  {done:>7,}/{n:,} cases  {sum(rows_written.values()):>9,} history rows"
            f"  {elapsed:6.1f} s  ({done / elapsed:,.0f} cases/s)  load {load()}",
            flush=True,
        )
    for scope, last in counters.items():
        CaseNumberCounter.objects.update_or_create(scope=scope, defaults={"last": last})
    return {"seconds": time.perf_counter() - started, "history_rows": rows_written}


def _write_batch(rng, plans, world, hist, chains, rows_written) -> None:
    from cases.models import (
        Applicant,
        Case,
        HouseholdMember,
        ReceivedMaterial,
    )

    applicants = Applicant.objects.bulk_create(
        [p["applicant"] for p in plans], batch_size=INSERT_BATCH
    )
    history: dict[type, list] = {m: [] for m in hist}

    def version(model, obj, when, kind, user, reason):
        values = {
            f.attname: getattr(obj, f.attname) for f in hist[model].tracked_fields
        }
        history[model].append(
            hist[model](
                history_date=_utc(when),
                history_type=kind,
                history_user_id=user,
                history_change_reason=reason[:100],
                **values,
            )
        )

    members = []
    for plan, applicant in zip(plans, applicants, strict=True):
        plan["applicant"] = applicant
        version(
            Applicant, applicant, plan["received"], "+", plan["receiver"], "受理登记"
        )
        for _i in range(rng.choices((0, 1, 2), (55, 30, 15))[0]):
            born = datetime(1950, 1, 1) + timedelta(days=rng.randint(0, 365 * 70))
            members.append(
                (
                    plan,
                    HouseholdMember(
                        applicant=applicant,
                        name=person_name(rng),
                        relation=rng.choice(RELATIONS),
                        id_number=id_number(rng, born) if rng.random() < 0.7 else "",
                    ),
                )
            )
    HouseholdMember.objects.bulk_create(
        [m for _p, m in members], batch_size=INSERT_BATCH
    )
    for plan, member in members:
        version(
            HouseholdMember, member, plan["received"], "+", plan["receiver"], "受理登记"
        )

    cases, steps = [], []
    for plan in plans:
        kind = plan["kind"]
        case = Case(
            number=plan["number"],
            assistance_type_id=kind["pk"],
            channel=plan["channel"],
            township_id=plan["town"]["pk"],
            village_id=plan["village"],
            applicant=plan["applicant"],
            description=plan["description"],
            status="received",
            received_at=_utc(plan["received"]),
            received_by_id=plan["receiver"],
            handler_id=plan["receiver"],
            backup_handler_id=plan["other"],
            stage_limits=kind["stage_limits"],
            public_notice_days=kind["public_notice_days"],
            external_reference=(
                f"ZW{rng.randint(0, 10**12):012d}"
                if plan["channel"] == "online"
                else ""
            ),
            version=1,
        )
        snapshots = [
            (plan["received"], "+", plan["receiver"], "受理登记", case_values(case))
        ]
        when = plan["received"]
        for action in plan_path(rng, kind["public_notice_days"] > 0):
            when = when + timedelta(
                days=rng.randint(1, 12), minutes=rng.randint(0, 600)
            )
            if when > NOW:
                break
            if action == "start_investigation" and rng.random() < 0.12:
                # AB角: the B post takes the case over before the home visit.
                case.handler_id, case.backup_handler_id = (
                    case.backup_handler_id,
                    case.handler_id,
                )
                case.version += 1
                note = rng.choice(NOTES["handover"])
                snapshots.append(
                    (when, "~", case.backup_handler_id, note, case_values(case))
                )
                when += timedelta(hours=rng.randint(1, 48))
            note = rng.choice(NOTES[action])
            case.status = TARGET_STATUS[action]
            case.version += 1
            if action in {"approve", "deny"}:
                case.decision_note = note
            if action == "reply":
                case.closed_at = _utc(when)
            if action == "archive":
                case.archive_category = f"{plan['code']}/{plan['received']:%Y}"
            user = (
                rng.choice(world["reviewers"])
                if action in REVIEWER_ACTIONS
                else case.handler_id
            )
            reason = f"{LABELS[action]}：{note}"
            snapshots.append((when, "~", user, reason, case_values(case)))
        cases.append(case)
        steps.append(snapshots)
    Case.objects.bulk_create(cases, batch_size=INSERT_BATCH)

    materials = []
    for plan, case, snapshots in zip(plans, cases, steps, strict=True):
        for when, kind, user, reason, values in snapshots:
            values["id"] = case.pk
            history[Case].append(
                hist[Case](
                    history_date=_utc(when),
                    history_type=kind,
                    history_user_id=user,
                    history_change_reason=reason[:100],
                    **values,
                )
            )
        guide = plan["kind"]["materials"]
        chosen = rng.sample(range(len(guide)), k=rng.choice((1, 2, 2)))
        for order in sorted(chosen):
            name, form, required, copies, note = guide[order]
            missing = rng.random() < 0.2
            materials.append(
                (
                    plan,
                    case,
                    missing,
                    ReceivedMaterial(
                        case=case,
                        name=name,
                        form=form,
                        copies=copies,
                        pages=rng.randint(1, 8),
                        required=required,
                        received=not missing,
                        received_at=None if missing else case.received_at,
                        note=note,
                        sort_order=order,
                    ),
                )
            )
    ReceivedMaterial.objects.bulk_create(
        [m for *_x, m in materials], batch_size=INSERT_BATCH
    )
    supplied = []
    for plan, case, missing, material in materials:
        version(
            ReceivedMaterial,
            material,
            plan["received"],
            "+",
            plan["receiver"],
            "收件登记",
        )
        if missing:  # 补正: brought in a few days later
            when = plan["received"] + timedelta(days=rng.randint(1, 5), hours=2)
            if when <= NOW:
                material.received = True
                material.received_at = _utc(when)
                reason = rng.choice(SUPPLEMENT).format(name=material.name)
                version(ReceivedMaterial, material, when, "~", case.handler_id, reason)
                supplied.append(material)
    ReceivedMaterial.objects.bulk_update(
        supplied, ["received", "received_at"], batch_size=INSERT_BATCH
    )
    for model, rows in history.items():
        rows.sort(key=lambda row: row.history_date)
        chains.chain(hist[model], rows)
        hist[model].objects.bulk_create(rows, batch_size=INSERT_BATCH)
        rows_written[model.__name__] += len(rows)


def case_values(case, _fields: list[str] = []) -> dict:  # noqa: B006
    """The case's values as its history model keeps them (the field list cached)."""
    if not _fields:
        from cases.models import Case

        history_model = Case.history.model  # a descriptor that builds a manager
        _fields.extend(
            f.attname for f in history_model.tracked_fields if f.attname != "id"
        )
    return {name: getattr(case, name) for name in _fields}


# --------------------------------------------------------------------- index
def dataset() -> dict:
    from django.db import connection

    from cases.models import Case
    from search import sources
    from search.sources.history import tracked_models

    figures = {
        "cases": Case.objects.count(),
        "history_rows": sum(m.history.model.objects.count() for m in tracked_models()),
        "documents": sources.count(),
    }
    if connection.vendor == "sqlite":
        size = Path(connection.settings_dict["NAME"]).stat().st_size
    else:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_database_size(current_database())")
            size = cursor.fetchone()[0]
    figures["database_bytes"] = size
    return figures


def build_index(profile: Path | None) -> dict:
    from django.core.management import call_command

    from search.backends import get_search_backend

    backend = get_search_backend()
    print(f"archive_index rebuild ({backend.name}) …", flush=True)
    profiler = cProfile.Profile() if profile else None
    started = time.perf_counter()
    if profiler:
        profiler.enable()
    call_command("archive_index", "rebuild")
    if profiler:
        profiler.disable()
    seconds = time.perf_counter() - started
    indexed = backend.count()
    if profiler:
        profiler.dump_stats(profile)
        print(f"profile saved to {profile}; the top of it by own time:")
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
    return {
        "backend": backend.name,
        "documents": indexed,
        "seconds": round(seconds, 1),
        "docs_per_second": round(indexed / seconds),
        "load": load(),
    }


# ------------------------------------------------------------------- queries
def run_queries(repeat: int) -> dict:
    """Warm up every query once, then run all twenty ``repeat`` times in turn."""
    from search.backends import get_search_backend
    from search.query import parse_query

    backend = get_search_backend()
    totals = []
    for params in QUERIES:
        totals.append(backend.search(parse_query(params)).total)
    times: list[list[float]] = [[] for _ in QUERIES]
    cpu: list[float] = []
    engine: list[float] = []  # Elasticsearch's own took, per call
    ratios: list[float] = []  # each call's whole time over its took
    # The same for backend.search() alone, without parse_query's checks of the
    # filters against the directory (a database query for a township, assistance
    # type or person): shown beside the judged figure, never instead of it.
    search_ratios: list[float] = []
    for turn in range(repeat):
        for index, params in enumerate(QUERIES):
            t0, c0 = time.perf_counter(), time.process_time()
            query = parse_query(params)
            t1 = time.perf_counter()
            results = backend.search(query)
            t2 = time.perf_counter()
            times[index].append((t2 - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
            if results.engine_ms is not None:
                engine.append(results.engine_ms)
                ratios.append(times[index][-1] / max(results.engine_ms, 1))
                search_ratios.append((t2 - t1) * 1000 / max(results.engine_ms, 1))
            if results.total != totals[index] or len(results.hits) != min(
                20, results.total
            ):
                sys.exit(f"query {index + 1}: the answer changed between runs")
        flat = [t for per in times for t in per]
        p50, p95 = common.percentile(flat, 50), common.percentile(flat, 95)
        print(
            f"  pass {turn + 1:>2}/{repeat}: p50 {p50:6.1f} ms  "
            f"p95 {p95:6.1f} ms  load {load()}",
            flush=True,
        )
    overhead = {}
    if engine:
        overhead = {
            "engine_p50_ms": round(common.percentile(engine, 50), 1),
            "engine_p95_ms": round(common.percentile(engine, 95), 1),
            # Whole backend.search() time over the engine's took (1.0: none added).
            "overhead_p50": round(common.percentile(ratios, 50), 2),
            "overhead_p95": round(common.percentile(ratios, 95), 2),
            "search_overhead_p50": round(common.percentile(search_ratios, 50), 2),
            "search_overhead_p95": round(common.percentile(search_ratios, 95), 2),
        }
    return {
        **common.timing_summary(times),
        **overhead,
        "cpu_p50_ms": round(common.percentile(cpu, 50), 1),
        "per_query": [
            {
                "params": params,
                "total": total,
                "p50_ms": round(common.percentile(per, 50), 1),
                "max_ms": round(max(per), 1),
            }
            for params, total, per in zip(QUERIES, totals, times, strict=True)
        ],
        "load": load(),
    }


# ------------------------------------------------------------------ baseline
NAIVE_SOURCES = [
    # (model, text fields, field linking a row to cases, Case column it holds)
    ("Case", ("history_change_reason", "description", "decision_note"), "id", "pk"),
    (
        "ReceivedMaterial",
        ("history_change_reason", "name", "note"),
        "case_id",
        "pk",
    ),
    ("Applicant", ("history_change_reason", "name", "address"), "id", "applicant_id"),
    (
        "HouseholdMember",
        ("history_change_reason", "name", "relation"),
        "applicant_id",
        "applicant_id",
    ),
]
CASE_FILTERS = {
    "township": "township__code",
    "status": "status",
    "assistance_type": "assistance_type__code",
    "channel": "channel",
    "handler": "handler__username",
}


def _local_range(params) -> tuple[datetime | None, datetime | None]:
    start = end = None
    if params.get("from"):
        start = datetime.fromisoformat(params["from"]).replace(tzinfo=LOCAL)
    if params.get("to"):
        end = datetime.fromisoformat(params["to"]).replace(tzinfo=LOCAL)
        end += timedelta(days=1)
    return start, end


def naive_search(params) -> int:
    """What one would write without an index: icontains on every text column."""
    from django.db.models import Q

    from cases.models import Case

    phrase = params["q"]
    case_filter = {CASE_FILTERS[k]: v for k, v in params.items() if k in CASE_FILTERS}
    start, end = _local_range(params)
    total = 0
    if params.get("kind") in (None, "case") and not params.get("user"):
        cases = Case.objects.filter(
            Q(description__icontains=phrase)
            | Q(decision_note__icontains=phrase)
            | Q(applicant__name__icontains=phrase),
            **case_filter,
        )
        if start:
            cases = cases.filter(received_at__gte=start)
        if end:
            cases = cases.filter(received_at__lt=end)
        total += cases.count()
        list(cases.order_by("-received_at").values_list("pk", flat=True)[:20])
    if params.get("kind") in (None, "history"):
        for name, fields, link, column in NAIVE_SOURCES:
            model = getattr(__import__("cases.models", fromlist=[name]), name)
            rows = model.history.model.objects.all()
            text = Q()
            for field in fields:
                text |= Q(**{f"{field}__icontains": phrase})
            rows = rows.filter(text)
            if case_filter:
                rows = rows.filter(
                    **{f"{link}__in": Case.objects.filter(**case_filter).values(column)}
                )
            if params.get("user"):
                rows = rows.filter(history_user__username=params["user"])
            if start:
                rows = rows.filter(history_date__gte=start)
            if end:
                rows = rows.filter(history_date__lt=end)
            total += rows.count()
            list(rows.order_by("-history_date").values_list("pk", flat=True)[:20])
    return total


def run_baseline(runs: int) -> dict:
    times: list[list[float]] = [[] for _ in QUERIES]
    totals = []
    for index, params in enumerate(QUERIES):
        for _turn in range(runs):
            t0 = time.perf_counter()
            total = naive_search(params)
            times[index].append((time.perf_counter() - t0) * 1000)
        totals.append(total)
        print(
            f"  naive {index + 1:>2}/{len(QUERIES)} {params['q']:<8} "
            f"{total:>7,} rows  {common.percentile(times[index], 50):8.1f} ms  "
            f"load {load()}",
            flush=True,
        )
    return {
        **common.timing_summary(times),
        "per_query": [
            {"total": total, "p50_ms": round(common.percentile(per, 50), 1)}
            for total, per in zip(totals, times, strict=True)
        ],
        "load": load(),
    }


# -------------------------------------------------------------------- report
def database_label() -> str:
    from django.db import connection

    if connection.vendor == "sqlite":
        return f"SQLite {connection.Database.sqlite_version}"
    version = connection.pg_version
    return f"PostgreSQL {version // 10000}.{version % 10000}"


def engine_label(backend: str) -> str:
    if backend == "database":
        return f"database backend on {database_label()}"
    from search.backends import get_search_backend

    health = get_search_backend().client.cluster.health()
    return (
        f"Elasticsearch ({health['cluster_name']}), documents from {database_label()}"
    )


def report(args, figures: dict) -> None:
    queries, baseline = figures["queries"], figures.get("baseline")
    print()
    print(f"engine:   {figures['engine']}")
    data = figures["dataset"]
    print(
        f"dataset:  {data['cases']:,} cases, {data['history_rows']:,} history rows, "
        f"{data['documents']:,} documents, "
        f"database {data['database_bytes'] / 2**30:.2f} GiB"
    )
    if figures.get("generation"):
        print(f"generate: {figures['generation']['seconds']:.0f} s")
    index = figures["index"]
    if not index.get("skipped"):
        print(
            f"index:    {index['documents']:,} documents in {index['seconds']:.0f} s = "
            f"{index['docs_per_second']:,} docs/s"
        )
    print()
    header = f"{'#':>2} {'query':<34} {'hits':>8} {'p50 ms':>8}"
    if baseline:
        header += f" {'naive rows':>10} {'naive ms':>9} {'speed-up':>8}"
    print(header)
    for index_, item in enumerate(queries["per_query"]):
        params = item["params"]
        label = (
            params["q"]
            + " | "
            + " ".join(f"{k}={v}" for k, v in params.items() if k != "q")
        )
        line = (
            f"{index_ + 1:>2} {label[:34]:<34} {item['total']:>8,} "
            f"{item['p50_ms']:>8.1f}"
        )
        if baseline:
            naive = baseline["per_query"][index_]
            line += (
                f" {naive['total']:>10,} {naive['p50_ms']:>9.1f}"
                f" {naive['p50_ms'] / max(item['p50_ms'], 0.01):>7.0f}×"
            )
        print(line)
    print()
    engine = args.backend
    if engine == "database" and "PostgreSQL" in figures["engine"]:
        engine = "postgresql"
    target = TARGETS[engine]
    verdict = "meets" if queries["p95_ms"] <= target else "MISSES"
    print(
        f"search:   p50 {queries['p50_ms']} ms  p95 {queries['p95_ms']} ms  "
        f"max {queries['max_ms']} ms over {queries['runs']} runs "
        f"(target p95 ≤ {target:.0f} ms: {verdict})"
    )
    if baseline:
        speedups = figures["speedup"]
        goal = TARGET_SPEEDUP[engine]
        slower = min(speedups["p50"], speedups["p95"])
        verdict = "meets" if slower >= goal else "MISSES"
        print(
            f"naive:    p50 {baseline['p50_ms']} ms  p95 {baseline['p95_ms']} ms  "
            f"max {baseline['max_ms']} ms over {baseline['runs']} runs"
        )
        print(
            f"speed-up: p50 {speedups['p50']}×  p95 {speedups['p95']}×  slowest "
            f"query pair {speedups['worst_query']}× (target ≥ {goal:.0f}×: "
            f"{verdict})"
        )
    if "overhead_p50" in queries:
        verdict = "meets" if queries["overhead_p50"] <= TARGET_OVERHEAD else "MISSES"
        print(
            f"took:     Elasticsearch's own p50 {queries['engine_p50_ms']} ms  "
            f"p95 {queries['engine_p95_ms']} ms; the whole call over took: "
            f"p50 {queries['overhead_p50']}×  p95 {queries['overhead_p95']}× "
            f"(target ≤ {TARGET_OVERHEAD}×: {verdict}); backend.search() alone "
            f"over took: p50 {queries['search_overhead_p50']}×  "
            f"p95 {queries['search_overhead_p95']}×"
        )
    if engine in TARGET_REBUILD and not index.get("skipped"):
        goal = TARGET_REBUILD[engine]
        verdict = "meets" if index["docs_per_second"] >= goal else "MISSES"
        print(f"rebuild:  target ≥ {goal:,.0f} docs/s: {verdict}")
    print(f"load:     {figures['load']}")


def server_settings() -> dict:
    """PostgreSQL's memory settings, which the figures depend on (docs/deploy.md
    gives the ones for a server); nothing on SQLite."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, current_setting(name) FROM pg_settings WHERE name IN "
            "('shared_buffers', 'effective_cache_size', 'work_mem') ORDER BY name"
        )
        return dict(cursor.fetchall())


def analyze() -> None:
    """PostgreSQL's tables as autovacuum leaves them, after a bulk load or an index
    build: fresh planner statistics, hint bits set and the visibility map made.
    Left to autovacuum, that work runs part-way through what is timed next (the
    rebuild's first read of freshly generated rows writes every page's hint bits;
    a production archive's rows were vacuumed long ago)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")
        print(f"VACUUM (ANALYZE) in {time.perf_counter() - started:.1f} s", flush=True)


def drop_smoke_indices(prefix: str) -> None:
    """After a smoke run, the Elasticsearch indices under its own prefix (and only
    those: a smoke prefix is benchsmoke…) are deleted."""
    from search.backends import get_search_backend

    client = get_search_backend().client
    for row in client.cat.indices(index=f"{prefix}_*", format="json"):
        if row["index"].startswith(f"{prefix}_"):
            client.indices.delete(index=row["index"], ignore_unavailable=True)


def main() -> None:
    args = parse_args()
    if args.backend == "elasticsearch" and not common.elasticsearch_url(args.es_url):
        if not args.smoke:
            sys.exit(f"no Elasticsearch answers at {args.es_url}")
        common.skip(
            "archive search on Elasticsearch", common.no_elasticsearch(args.es_url)
        )
        common.emit("archive_search", {"backend": args.backend})
        return
    if not args.skip_generate:
        common.fresh_database(args.database_url)
    setup_django(args)
    try:
        run(args)
    finally:
        if args.backend == "elasticsearch" and args.index_prefix.startswith(SMOKE_ES):
            drop_smoke_indices(args.index_prefix)


def run(args) -> None:

    figures = {"date": f"{datetime.now(LOCAL):%Y-%m-%d %H:%M}"}
    figures["args"] = {k: common.redact(str(v)) for k, v in vars(args).items()}
    started = time.perf_counter()
    common.migrate_and_seed(seed=not args.skip_generate)
    if not args.skip_generate:
        print(f"ready in {time.perf_counter() - started:.1f} s", flush=True)
        generation = generate(args.n, args.seed)
        generation["seconds"] = round(generation["seconds"], 1)
        figures["generation"] = generation
        print(f"generated in {generation['seconds']:.0f} s", flush=True)
        analyze()
    figures["engine"] = engine_label(args.backend)
    figures["dataset"] = dataset()
    if settings := server_settings():
        figures["server_settings"] = settings
    if args.skip_index:
        figures["index"] = {"skipped": True}
    else:
        figures["index"] = build_index(args.profile)
    if not (args.skip_generate and args.skip_index):
        analyze()
    figures["dataset"]["database_bytes"] = dataset()["database_bytes"]  # with index
    print(f"{len(QUERIES)} queries × {args.repeat} …", flush=True)
    figures["queries"] = run_queries(args.repeat)
    if args.baseline_runs:
        print(f"naive icontains scan, {args.baseline_runs} runs each …", flush=True)
        figures["baseline"] = baseline = run_baseline(args.baseline_runs)
        queries = figures["queries"]
        figures["speedup"] = {
            "p50": round(baseline["p50_ms"] / queries["p50_ms"], 1),
            "p95": round(baseline["p95_ms"] / queries["p95_ms"], 1),
            "worst_query": round(
                min(
                    naive["p50_ms"] / max(item["p50_ms"], 0.01)
                    for naive, item in zip(
                        baseline["per_query"], queries["per_query"], strict=True
                    )
                ),
                1,
            ),
        }
    figures["load"] = load()
    report(args, figures)
    common.emit("archive_search", figures)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(
            json.dumps(figures, indent=2, ensure_ascii=False), encoding="utf-8"
        )
    common.save_result("archive_search", args.save, figures)


if __name__ == "__main__":
    main()
