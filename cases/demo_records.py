"""Demo referrals, complaints, follow-ups, leads, book entries and an exit.

Registered as a seed_demo step after the demo cases. Each record is made through
its service and found again by a marker (its case and department, its text), so
a second run creates nothing. To show overdue items, a few are made as they
would have been some weeks ago: the services run with the clock set back
(``_weeks_ago``), exactly as they did on that day; nothing is edited afterwards.
"""

from contextlib import contextmanager
from datetime import timedelta
from unittest import mock

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.demo import Tally
from portal.models import AssistanceType, Department, Township, Village

from .demo import demo_id_number
from .models import (
    Case,
    Complaint,
    Lead,
    RecipientExit,
    Referral,
    RegistrationEntry,
)
from .services import (
    ApplicantData,
    ComplaintIn,
    IntakeRequest,
    LeadIn,
    case_exit,
    complaint_answer,
    complaint_register,
    complaint_submit,
    entry_record,
    entry_to_lead,
    followup_record,
    lead_convert,
    lead_report,
    lead_triage,
    referral_send,
)


@contextmanager
def _weeks_ago(weeks: int):
    moment = timezone.now() - timedelta(weeks=weeks)
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def _user(username: str):
    return get_user_model().objects.get(username=username)


def _case(reference: str) -> Case | None:
    return Case.objects.filter(external_reference=reference).first()


def _referrals(tally: Tally) -> None:
    rows = [
        # case, department, need, reason, clerk, weeks ago (2+: overdue), days
        (
            "DEMO-dongling-04",
            "jiaoyu",
            "教育救助",
            "大学新生学费减免和国家助学金由教育部门认定。",
            "demo-clerk-1",
            0,
            5,
        ),
        (
            "DEMO-nanxi-08",
            "zhujian",
            "住房救助",
            "D级危房改造补助属住房城乡建设部门职责。",
            "demo-clerk-2",
            4,
            5,
        ),
        (
            "DEMO-dongling-03",
            "yibao",
            "医疗救助",
            "化疗费用的一站式结算和零星报销由医保部门办理。",
            "demo-clerk-1",
            0,
            3,
        ),
    ]
    for reference, code, need, reason, clerk, weeks, days in rows:
        case = _case(reference)
        department = Department.objects.filter(code=code).first()
        if case is None or department is None:
            continue
        if Referral.objects.filter(case=case, department=department).exists():
            tally.add("unchanged")
            continue
        with _weeks_ago(weeks):
            referral_send(
                by=_user(clerk),
                case=case,
                department=department,
                need=need,
                reason=reason,
                contact=str(_("业务股值班人员")),
                documents=str(_("申请书、身份证复印件、困难情况说明")),
                due_working_days=days,
            )
        tally.add("created")


def _complaints(tally: Tally) -> None:
    clerk = _user("demo-clerk-1")
    overdue = "来电反映：上月在镇窗口申请临时救助，至今没有人告知办理结果。"
    if not Complaint.objects.filter(content=overdue).exists():
        with _weeks_ago(3):
            complaint_register(
                by=clerk,
                data=ComplaintIn(
                    channel=Complaint.Channel.HOTLINE_12349,
                    content=overdue,
                    name="罗大姐",
                    phone="13907369901",
                ),
            )
        tally.add("created")
    else:
        tally.add("unchanged")
    anonymous = "南溪乡某村低保民主评议时没有张贴公示，希望核查。"
    if not Complaint.objects.filter(content=anonymous).exists():
        complaint_submit(
            data=ComplaintIn(channel=Complaint.Channel.WEBSITE, content=anonymous)
        )
        tally.add("created")
    else:
        tally.add("unchanged")
    answered = "窗口工作人员第一次没有把需要的材料一次说清，让我多跑了一趟。"
    if not Complaint.objects.filter(content=answered).exists():
        complaint = complaint_register(
            by=clerk,
            data=ComplaintIn(
                channel=Complaint.Channel.VISIT,
                content=answered,
                name="钟先生",
                phone="13907369902",
            ),
        )
        complaint_answer(
            by=clerk,
            complaint=complaint,
            findings="经查属实：经办人未出具一次性告知书。",
            answer="已对经办人批评教育，并向您当面致歉；今后缺件一律书面一次告知。",
            answered_how="当面告知本人",
            accountability=Complaint.Accountability.EDUCATION,
        )
        tally.add("created")
    else:
        tally.add("unchanged")


def _followups(tally: Tally) -> None:
    for reference, clerk, kind, satisfaction in [
        ("DEMO-dongling-05", "demo-clerk-1", "evaluation", "satisfied"),
        ("DEMO-nanxi-09", "demo-clerk-2", "revisit", "basic"),
    ]:
        case = _case(reference)
        if case is None:
            continue
        if case.followups.exists():
            tally.add("unchanged")
            continue
        followup_record(
            by=_user(clerk), case=case, kind=kind, satisfaction=satisfaction
        )
        tally.add("created")


def _exit(tally: Tally) -> None:
    """One approved demo recipient leaves assistance (定期复核发现收入超标)."""
    case = (
        Case.objects.filter(external_reference__startswith="DEMO-", decision="approved")
        .order_by("external_reference")
        .first()
    )
    if case is None:
        return
    if RecipientExit.objects.filter(case=case).exists():
        tally.add("unchanged")
        return
    clerk = (
        get_user_model()
        .objects.filter(
            username__startswith="demo-clerk-", staff_profile__township=case.township
        )
        .first()
    )
    if clerk is None:
        return
    case_exit(
        by=clerk,
        case=case,
        exited_on=timezone.localdate(),
        reason=RecipientExit.Reason.OVER_STANDARD,
        note="定期复核：家庭成员外出务工，月人均收入超过当地低保标准。",
    )
    tally.add("created")


def _leads(tally: Tally) -> None:
    village = Village.objects.filter(code="dongling-shangzhuang").first()
    if village is None:
        return
    content = "独居老人，腿脚不便，儿子外出务工失联，近两月没有收入来源。"
    if Lead.objects.filter(content=content).exists():
        tally.add("unchanged")
    else:
        coordinator = _user("demo-coord-dongling-shangzhuang")
        clerk = _user("demo-clerk-1")
        lead = lead_report(
            by=coordinator,
            data=LeadIn(
                township=village.township,
                village=village,
                source=Lead.Source.GRID_WORKER,
                source_name="网格员周小燕",
                person_name="韦老伯",
                address="上庄村四组9号",
                content=content,
                urgent=True,
            ),
        )
        lead_triage(by=clerk, lead=lead, accept=True, note="入户核实，情况属实。")
        lead_convert(
            by=clerk,
            lead=lead,
            request=IntakeRequest(
                assistance_type=AssistanceType.objects.get(code="linshi"),
                channel="",
                township=village.township,
                applicant=ApplicantData(
                    name="韦老伯",
                    id_number=demo_id_number("19460305", 41),
                    phone="13907360141",
                    address="上庄村四组9号",
                ),
                description=content,
            ),
        )
        tally.add("created")


def _book(tally: Tally) -> None:
    rows = [
        (
            "dongling-shangzhuang",
            "consultation",
            "石大姐",
            "孩子考上高中，家里是低保户，有没有学费补助？",
            "可申请教育救助：带户口簿、低保证和录取通知书到镇窗口办理。",
            False,
        ),
        (
            "nanxi-xikou",
            "help",
            "覃二叔",
            "邻居覃老五卧病在床，无人照料，家里断粮。",
            "",
            True,
        ),
    ]
    for code, kind, name, content, answer, escalate in rows:
        village = Village.objects.filter(code=code).first()
        if village is None:
            continue
        if RegistrationEntry.objects.filter(content=content).exists():
            tally.add("unchanged")
            continue
        coordinator = _user(f"demo-coord-{code}")
        entry = entry_record(
            by=coordinator,
            village=village,
            kind=kind,
            visitor_name=name,
            content=content,
            answer=answer,
        )
        if escalate:
            entry_to_lead(by=coordinator, entry=entry, urgent=True)  # stays pending
        tally.add("created")


def seed_demo_records() -> list[Tally]:
    if not Township.objects.exists():
        return []
    tallies = []
    for label, step in [
        (_("演示分办转办"), _referrals),
        (_("演示投诉"), _complaints),
        (_("演示评价回访"), _followups),
        (_("演示救助对象退出"), _exit),
        (_("演示主动发现线索"), _leads),
        (_("演示工作登记簿"), _book),
    ]:
        tally = Tally(label)
        step(tally)
        tallies.append(tally)
    return tallies
