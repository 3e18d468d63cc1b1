"""A small county for the search page, API, exports and log tests: two townships,
a village, staff in every role and three cases, indexed.

Each test module wraps :func:`make_county` in its own fixture.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model

from portal.models import AssistanceType, Township, Village
from portal.permissions import setup_groups
from search import indexing
from tests.factories import AssistanceTypeFactory, TownshipFactory, VillageFactory
from tests.factories.cases import accepted_case, received_case
from tests.factories.staff import auditor, clerk, editor, reviewer, village_coordinator

MIDDLE = "脑梗住院"
# Engine syntax, control characters, emoji: all ordinary text to the search.
ODD_QUERIES = [
    '"脑梗住院',
    '"脑梗 住院"',
    "临时 AND 救助 OR NOT",
    "救*",
    "救?",
    "township:south",
    "\\",
    "(临时) [救助] {x} <>",
    "a\u200bb\u202ec\ufeff",
    "😀救助",
    "+-=&&||!^~/",
    "   ",
]


@dataclass
class County:
    east: Township
    south: Township
    village: Village
    relief: AssistanceType
    dibao: AssistanceType
    users: dict
    stroke: object  # east, 临时救助, received: "…突发脑梗住院…"
    collapse: object  # south, 临时救助, accepted: "房屋倒塌…"
    village_case: object  # east / 上庄村, 最低生活保障, received


def make_county() -> County:
    setup_groups()
    east = TownshipFactory(code="east", name="东岭镇")
    south = TownshipFactory(code="south", name="南溪乡")
    village = VillageFactory(code="east-sz", name="上庄村", township=east)
    relief = AssistanceTypeFactory(code="linshi", name="临时救助")
    dibao = AssistanceTypeFactory(code="dibao", name="最低生活保障")
    users = {
        "auditor": auditor(username="auditor", first_name="审", last_name="计员"),
        "reviewer": reviewer(username="reviewer"),
        "clerk": clerk(east, username="clerk-east", first_name="刘", last_name="海燕"),
        "south_clerk": clerk(south, username="clerk-south"),
        "coordinator": village_coordinator(village, username="coord"),
        "editor": editor(username="editor"),
        "admin": get_user_model().objects.create_superuser(
            "root", "root@example.org", "x"
        ),
    }
    stroke = received_case(
        users["clerk"],
        east,
        assistance_type=relief,
        description="丈夫突发脑梗住院，家中两个孩子上学，申请临时救助渡过难关。",
    )
    collapse = accepted_case(
        users["south_clerk"],
        south,
        assistance_type=relief,
        description="房屋倒塌后暂住亲戚家，无固定收入，申请临时救助。",
    )
    village_case = received_case(
        users["coordinator"],
        east,
        village=village,
        assistance_type=dibao,
        description="老人独居，无劳动能力，申请最低生活保障。",
    )
    indexing.drain()
    return County(
        east, south, village, relief, dibao, users, stroke, collapse, village_case
    )
