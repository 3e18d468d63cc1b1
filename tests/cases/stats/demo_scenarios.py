"""The cases the demo county lacks for its figures, made on the days they happened.

Each goes through the services with the clock set to its day (as the demo's own
older records are), in a village of its own where it can, so that a village
coordinator's figures single it out:

- 岭北村: through 公示 and closed; refused after 公示 and closed;
- 石桥村: 公示 over, the decision not yet due;
- 柳湾村: 公示 over in October, the decision overdue since 5 November;
- 溪口村: in 补正 now; closed after 补正;
- 竹坪村: not accepted during 补正, replied;
- 上庄村: the investigation finished a week late.
"""

from datetime import date

from django.contrib.auth import get_user_model

from cases.demo import demo_id_number
from cases.guides import terms_for
from cases.models import Case
from cases.services import (
    ApplicantData,
    IntakeRequest,
    MaterialIn,
    case_receive,
    case_transition,
    materials_supplied,
    one_time_notice_issue,
)
from portal.models import AssistanceType, Village
from tests.factories.cases import approval_terms
from tests.factories.clock import on_day

# The day the figures are made: after every case below.
TODAY = date(2026, 11, 24)


def staff(username: str):
    return get_user_model().objects.get(username=username)


def _receive(
    clerk: str, village_code: str, item: str, name: str, serial: int, missing: int = 0
) -> Case:
    """An application at the window; the last ``missing`` materials not brought."""
    village = Village.objects.select_related("township").get(code=village_code)
    assistance_type = AssistanceType.objects.get(code=item)
    names = [m.name for m in terms_for(assistance_type).materials]
    return case_receive(
        by=staff(clerk),
        request=IntakeRequest(
            assistance_type=assistance_type,
            channel="window",
            township=village.township,
            village=village,
            applicant=ApplicantData(
                name=name,
                id_number=demo_id_number("19700101", serial),
                phone=f"139073609{serial:02d}",
                address=f"{village.name}一组{serial}号",
            ),
            description="家庭收入低于当地标准，生活困难，申请救助。",
            materials=[MaterialIn(name=n, pages=1) for n in names[: -missing or None]],
        ),
    )


def _run(user: str, case: Case, steps: list[tuple[date, str]], note: str = ""):
    for day, action in steps:
        with on_day(day, 11):
            terms = approval_terms() if action == "approve" else {}
            case = case_transition(
                by=staff(user), case=case, action=action, note=note, **terms
            )
    return case


def _correction(clerk: str, case: Case, day: date) -> None:
    with on_day(day, 10):
        one_time_notice_issue(
            by=staff(clerk),
            case=case,
            items=[
                (m.name, "申请时未携带，请补交。")
                for m in case.materials.filter(received=False)
            ],
        )


CLERK_1, CLERK_2, REVIEWER = "demo-clerk-1", "demo-clerk-2", "demo-reviewer"
# 乡镇审核人 of each clerk's township: 公示 and 报送审批.
TOWNSHIP_REVIEWER = {
    CLERK_1: "demo-township-reviewer-1",
    CLERK_2: "demo-township-reviewer-2",
}


def _day(n: int) -> date:
    """A day of November 2026."""
    return date(2026, 11, n)


def _accept(clerk: str, case: Case, day: date) -> Case:
    """受理 and the investigation begun, the same day."""
    return _run(clerk, case, [(day, "accept"), (day, "start_investigation")])


def _up_to_public_notice(clerk: str, case: Case, days: list[int]) -> Case:
    """Accepted on the first day; investigated, reviewed, 公示 on the others."""
    first, reviewed, notice = days
    case = _accept(clerk, case, _day(first))
    case = _run(clerk, case, [(_day(reviewed), "submit_review")])
    reviewer = TOWNSHIP_REVIEWER[clerk]
    return _run(reviewer, case, [(_day(notice), "start_public_notice")])


def build_scenarios() -> dict[str, Case]:
    """The cases the demo lacks, each in a village of its own where it can."""
    made = {}
    # 公示 5–12 Nov, approved the day after and replied: on time, every stage.
    with on_day(_day(2), 9):
        case = _receive(CLERK_1, "dongling-lingbei", "dibao", "覃玉兰", 61)
    case = _up_to_public_notice(CLERK_1, case, [2, 4, 5])
    case = _run(TOWNSHIP_REVIEWER[CLERK_1], case, [(_day(13), "submit_decision")])
    case = _run(REVIEWER, case, [(_day(13), "approve")], note="公示期满无异议，同意。")
    made["public_notice_closed"] = _run(CLERK_1, case, [(_day(13), "reply")])

    # 公示 6–13 Nov, reported on the 16th, refused on the 17th and replied:
    # 审批确认 ran from the notice's last day.
    with on_day(_day(3), 9):
        case = _receive(CLERK_1, "dongling-lingbei", "dibao", "黄德贵", 62)
    case = _up_to_public_notice(CLERK_1, case, [3, 5, 6])
    case = _run(TOWNSHIP_REVIEWER[CLERK_1], case, [(_day(16), "submit_decision")])
    case = _run(REVIEWER, case, [(_day(17), "deny")], note="公示期间查实有经营收入。")
    made["denied_after_public_notice"] = _run(CLERK_1, case, [(_day(18), "reply")])

    # 公示 12–19 Nov; today the decision is due by 3 December.
    with on_day(_day(9), 9):
        case = _receive(CLERK_1, "dongling-shiqiao", "dibao", "石秀珍", 63)
    made["waiting_after_public_notice"] = _up_to_public_notice(
        CLERK_1, case, [9, 11, 12]
    )

    # 公示 15–22 October; the decision was due on 5 November and is not made.
    with on_day(date(2026, 10, 12), 9):
        case = _receive(CLERK_2, "nanxi-liuwan", "dibao", "柳长根", 64)
    case = _accept(CLERK_2, case, date(2026, 10, 12))
    case = _run(CLERK_2, case, [(date(2026, 10, 14), "submit_review")])
    made["decision_late"] = _run(
        TOWNSHIP_REVIEWER[CLERK_2], case, [(date(2026, 10, 15), "start_public_notice")]
    )

    # In 补正 since 16 November: accepting was due on the 17th, now paused.
    with on_day(_day(16), 9):
        case = _receive(CLERK_2, "nanxi-xikou", "linshi", "谢金花", 65, missing=1)
    _correction(CLERK_2, case, _day(16))
    made["in_correction"] = case

    # 补正 2–9 November, then accepted, approved and replied.
    with on_day(_day(2), 9):
        case = _receive(CLERK_2, "nanxi-xikou", "linshi", "罗春生", 66, missing=1)
    _correction(CLERK_2, case, _day(2))
    with on_day(_day(9), 10):
        materials_supplied(
            by=staff(CLERK_2),
            case=case,
            names=[m.name for m in case.materials.filter(received=False)],
        )
    case = _accept(CLERK_2, case, _day(10))
    case = _run(CLERK_2, case, [(_day(13), "submit_investigation")])
    case = _run(REVIEWER, case, [(_day(13), "approve")], note="同意临时救助。")
    made["closed_after_correction"] = _run(CLERK_2, case, [(_day(13), "reply")])

    # In 补正 from 2 November, not accepted on the 11th, replied on the 12th.
    with on_day(_day(2), 9):
        case = _receive(CLERK_2, "nanxi-zhuping", "linshi", "蒋大福", 67, missing=1)
    _correction(CLERK_2, case, _day(2))
    case = _run(CLERK_2, case, [(_day(11), "reject")], note="收入高于救助条件。")
    made["refused_in_correction"] = _run(CLERK_2, case, [(_day(12), "reply")])

    # Investigation due 9 November, finished on the 16th: late, as it should be.
    with on_day(_day(2), 9):
        case = _receive(CLERK_1, "dongling-shangzhuang", "linshi", "张二妹", 68)
    case = _accept(CLERK_1, case, _day(2))
    case = _run(CLERK_1, case, [(_day(16), "submit_investigation")])
    case = _run(REVIEWER, case, [(_day(16), "approve")], note="同意临时救助。")
    made["investigation_late"] = _run(CLERK_1, case, [(_day(16), "reply")])
    return made
