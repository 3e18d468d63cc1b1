"""Demo consultations (咨询登记) at the county hall and the township windows.

Registered as a seed_demo step after the other demo records. Each is made through
``consultation_record`` by the window's A person, and found again by its topic,
so a second run creates nothing. One becomes a case, to show the first responder
on a case page.
"""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from portal.demo import Tally
from portal.models import AssistanceType, ServicePoint

from .demo import demo_id_number
from .models import Consultation
from .services import (
    ApplicantData,
    ConsultationIn,
    IntakeRequest,
    consultation_record,
    consultation_to_case,
)

# (window, responder, channel, name, phone, item, topic, answer, told once, to case)
ROWS = [
    (
        "dongling-window",
        "demo-clerk-1",
        "visit",
        "龙桂芝",
        "13907361107",
        "linshi",
        "丈夫住院做手术，自付费用两万多，家里揭不开锅，能申请什么？",
        "可申请临时救助（支出型困难）。需带身份证、户口簿、住院费用票据和"
        "家庭困难情况说明；受理后5个工作日内调查核实。当场协助填写申请书。",
        True,
        True,
    ),
    (
        "dongling-window",
        "demo-clerk-1b",
        "phone",
        "",
        "",
        "dibao",
        "",
        "告知本县城乡低保标准、申请条件和所需材料，建议带齐材料到镇窗口申请。",
        True,
        False,
    ),
    (
        "nanxi-window",
        "demo-clerk-2",
        "phone",
        "向师傅",
        "",
        None,
        "残疾人两项补贴在哪里办？",
        "不属社会救助事项，告知到乡残联专干处办理，并提供其办公电话。",
        False,
        False,
    ),
    (
        "county-hall",
        "demo-reviewer",
        "visit",
        "田奶奶",
        "",
        "tekun",
        "",
        "告知特困人员供养的条件、所需材料和办理程序；需向户籍所在乡镇申请。",
        True,
        False,
    ),
]


def seed_demo_consultations() -> list[Tally]:
    tally = Tally(_("演示咨询登记"))
    users = {u.username: u for u in get_user_model().objects.all()}
    points = {p.code: p for p in ServicePoint.objects.all()}
    items = {a.code: a for a in AssistanceType.objects.all()}
    for code, who, channel, name, phone, item, topic, answer, once, to_case in ROWS:
        point, by = points.get(code), users.get(who)
        if point is None or by is None or (item and item not in items):
            continue
        if Consultation.objects.filter(answer=answer).exists():
            tally.add("unchanged")
            continue
        made = consultation_record(
            by=by,
            data=ConsultationIn(
                channel=channel,
                answer=answer,
                service_point=point,
                township=point.township,
                person_name=name,
                person_phone=phone,
                assistance_type=items.get(item),
                topic=topic,
                one_time_notice=once,
            ),
        )
        if to_case:
            consultation_to_case(
                by=by,
                consultation=made,
                request=IntakeRequest(
                    assistance_type=items[item],
                    channel="",
                    township=point.township,
                    applicant=ApplicantData(
                        name=name,
                        id_number=demo_id_number("19680412", 77),
                        phone=phone,
                        address="东岭镇岭南街12号",
                    ),
                    description=topic,
                ),
            )
        tally.add("created")
    return [tally]
