"""Demo cases for 青禾县: a few per township, in the states a clerk meets daily.

Registered as a seed_demo step. Each case is made through the services, as at
the window, and is known by its external reference, so a second run finds it and
creates nothing. Names, ID numbers and phones are invented.
"""

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.demo import Tally
from portal.models import AssistanceType, Township, Village

from .guides import terms_for
from .models import Case
from .services import (
    ApplicantData,
    IntakeRequest,
    MaterialIn,
    case_receive,
    case_transition,
    extension_request,
    one_time_notice_issue,
)

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
# 审批同意的救助金额（元/月）, by item, from the month of the decision.
DEMO_AMOUNTS = {"linshi": "800.00", "yiliao": "1200.00"}


def demo_id_number(born: str, serial: int) -> str:
    """A well-formed, invented number: region 439901, birth date, serial, check."""
    body = f"439901{born}{serial:03d}"
    total = sum(int(d) * w for d, w in zip(body, _WEIGHTS, strict=True))
    return body + "10X98765432"[total % 11]


# (township, clerk, village, scenario, item, name, born, phone, address, need)
DEMO_CASES = [
    (
        "dongling",
        "demo-clerk-1",
        "dongling-shangzhuang",
        "received",
        "linshi",
        "罗桂兰",
        "19580314",
        "13907360101",
        "上庄村五组12号",
        "老伴突发脑梗住院，自付医疗费用较多，家中无其他收入，申请临时救助。",
    ),
    (
        "dongling",
        "demo-clerk-1",
        "dongling-shiqiao",
        "notice",
        "dibao",
        "石金福",
        "19650822",
        "13907360102",
        "石桥村二组3号",
        "本人患慢性病不能务农，妻子残疾，家庭收入低于当地低保标准。",
    ),
    (
        "dongling",
        "demo-clerk-1",
        "dongling-lingbei",
        "investigating",
        "yiliao",
        "韦秀梅",
        "19720506",
        "13907360103",
        "岭北社区幸福路8栋2单元",
        "女儿白血病化疗，医保报销后自付部分仍难以承担。",
    ),
    (
        "dongling",
        "demo-clerk-1",
        None,
        "extension",
        "jiaoyu",
        "钟志远",
        "19800119",
        "13907360104",
        "东岭镇岭南街41号",
        "儿子考上大学，父亲去世、母亲无业，学费和生活费无着。",
    ),
    (
        "dongling",
        "demo-clerk-1",
        "dongling-shangzhuang",
        "replied",
        "linshi",
        "卢明山",
        "19490930",
        "13907360105",
        "上庄村一组7号",
        "房屋遭火灾损毁，基本生活用品需要救助。",
    ),
    (
        "nanxi",
        "demo-clerk-2",
        "nanxi-xikou",
        "received",
        "tekun",
        "覃老五",
        "19420712",
        "13907360201",
        "溪口村三组",
        "无劳动能力、无生活来源、无法定赡养人，申请特困供养。",
    ),
    (
        "nanxi",
        "demo-clerk-2",
        "nanxi-liuwan",
        "notice",
        "linshi",
        "邱春花",
        "19850403",
        "13907360202",
        "柳湾村六组21号",
        "丈夫外出务工受伤，暂时失去收入来源，两个孩子上学。",
    ),
    (
        "nanxi",
        "demo-clerk-2",
        "nanxi-zhuping",
        "investigating",
        "zhufang",
        "莫德成",
        "19630227",
        "13907360203",
        "竹坪村四组",
        "现住房屋经鉴定为D级危房，无力自行修缮。",
    ),
    (
        "nanxi",
        "demo-clerk-2",
        None,
        "replied",
        "yiliao",
        "潘玉珍",
        "19701111",
        "13907360204",
        "南溪乡溪畔路22号",
        "住院手术费用较高，申请医疗救助。",
    ),
    # Waiting for the county's 审批确认 (the county reviewer's 我的待办).
    (
        "dongling",
        "demo-clerk-1",
        "dongling-shiqiao",
        "deciding",
        "linshi",
        "石桂英",
        "19580311",
        "13907360106",
        "石桥村四组12号",
        "丈夫突发脑溢血住院，家中暂无其他收入来源。",
    ),
    # At the township's 审核 (the township reviewer's 我的待办).
    (
        "nanxi",
        "demo-clerk-2",
        "nanxi-xikou",
        "reviewing",
        "dibao",
        "覃秋菊",
        "19660918",
        "13907360205",
        "溪口村二组5号",
        "丈夫长期患病不能劳动，家庭人均收入低于当地低保标准。",
    ),
    # Closed and filed (归档): the 档案目录 has a case of each township.
    (
        "dongling",
        "demo-clerk-1",
        "dongling-lingbei",
        "archived",
        "linshi",
        "黄水生",
        "19550622",
        "13907360107",
        "岭北村一组3号",
        "家中失火，衣物口粮烧毁，申请临时救助。",
    ),
    (
        "nanxi",
        "demo-clerk-2",
        "nanxi-liuwan",
        "archived",
        "yiliao",
        "梁月娥",
        "19680415",
        "13907360206",
        "柳湾村二组8号",
        "慢性肾病长期透析，自付医疗费用负担重。",
    ),
]


TOWNSHIP_REVIEWERS = {
    "dongling": "demo-township-reviewer-1",
    "nanxi": "demo-township-reviewer-2",
}


def _materials(item: AssistanceType, *, leave_out: int = 0) -> list[MaterialIn]:
    names = [m.name for m in terms_for(item).materials]
    if leave_out:
        names = names[:-leave_out]
    return [MaterialIn(name=name, pages=1 + i % 3) for i, name in enumerate(names)]


def _make(row, serial: int, reference: str) -> Case:
    town, clerk, village, scenario, item, name, born, phone, address, need = row
    User = get_user_model()
    by = User.objects.get(username=clerk)
    reviewer = User.objects.get(username="demo-reviewer")
    assistance_type = AssistanceType.objects.get(code=item)
    case = case_receive(
        by=by,
        request=IntakeRequest(
            assistance_type=assistance_type,
            channel="window",
            township=Township.objects.get(code=town),
            village=Village.objects.get(code=village) if village else None,
            applicant=ApplicantData(
                name=name,
                id_number=demo_id_number(born, serial),
                phone=phone,
                address=address,
            ),
            description=need,
            materials=_materials(assistance_type, leave_out=scenario == "notice"),
            external_reference=reference,
        ),
    )
    if scenario == "notice":
        missing = case.materials.filter(received=False)
        one_time_notice_issue(
            by=by,
            case=case,
            items=[(m.name, str(_("申请时未携带，请补交。"))) for m in missing],
        )
        return case
    if scenario == "received":
        return case
    case = case_transition(by=by, case=case, action="accept")
    case = case_transition(by=by, case=case, action="start_investigation")
    if scenario == "extension":
        extension_request(
            by=by,
            case=case,
            stage="investigate",
            days=3,
            reason=str(_("需向外县户籍地信函索证，回函需要时间。")),
        )
    if scenario == "reviewing":
        return case_transition(by=by, case=case, action="submit_review")
    if scenario in ("deciding", "replied", "archived"):
        # 报送审批: through the township's 审核 where the type has it (no demo
        # case of a type with 公示 is reported, as 公示 takes 7 days).
        if case.stage_limits.get("review"):
            township_reviewer = User.objects.get(username=TOWNSHIP_REVIEWERS[town])
            case = case_transition(by=by, case=case, action="submit_review")
            case = case_transition(
                by=township_reviewer, case=case, action="submit_decision"
            )
        else:
            case = case_transition(by=by, case=case, action="submit_investigation")
    if scenario in ("replied", "archived"):
        case = case_transition(
            by=reviewer,
            case=case,
            action="approve",
            note=str(_("符合条件，同意救助。")),
            monthly_amount=DEMO_AMOUNTS.get(item, "500.00"),
            starts_month=timezone.localdate(),
        )
        case = case_transition(by=by, case=case, action="reply")
    if scenario == "archived":
        case = case_transition(by=by, case=case, action="archive")
    return case


def seed_demo_cases() -> list[Tally]:
    tally = Tally(_("演示案件"))
    for serial, row in enumerate(DEMO_CASES, start=1):
        reference = f"DEMO-{row[0]}-{serial:02d}"
        if Case.objects.filter(external_reference=reference).exists():
            tally.add("unchanged")
            continue
        _make(row, serial, reference)
        tally.add("created")
    return [tally]
