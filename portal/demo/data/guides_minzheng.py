"""Demo service guides for the items the civil-affairs bureau decides itself."""

from .guide_parts import (
    ACCEPT,
    APPLICATION_MATERIALS,
    APPLY,
    ARCHIVE,
    BANK_ACCOUNT,
    INVESTIGATE,
    MEANS_TEST_MATERIALS,
    REPLY,
)

HALL_PHONE = "县社会救助服务大厅 0736-5521349"

# 公示 runs for the guide's 公示天数 in calendar days; the step states no days of
# its own (ServiceGuideStep.limit_days).
VILLAGE_NOTICE = (
    "村（社区）公示",
    "public_notice",
    "village",
    0,
    "在村（社区）公示栏张榜公示，节假日照常计入，公示期间接受群众监督。",
)

GUIDES = [
    {
        "type": "dibao",
        "title": "最低生活保障办事指南",
        "summary": "家庭人均收入低于本县低保标准、财产符合规定的，可以申请低保。",
        "legal_bases": [
            (None, "《社会救助暂行办法》第二章 最低生活保障"),
            (None, "《最低生活保障审核确认办法》"),
            ("dibao-shenhe-2024", ""),
        ],
        "eligibility": [
            "持有本县户籍，或在本县经常居住满一年；",
            "共同生活的家庭成员人均月收入低于本县最低生活保障标准；",
            "家庭财产状况符合县民政局规定（不拥有非居住用房、机动车辆等）。",
        ],
        "steps": [
            APPLY,
            ACCEPT,
            INVESTIGATE,
            (
                "乡镇审核",
                "review",
                "township",
                5,
                "必要时组织民主评议，提出审核意见。",
            ),
            VILLAGE_NOTICE,
            (
                "审批确认",
                "decide",
                "county",
                10,
                "乡镇报送后由县民政局审批确认；不予确认的书面说明理由。",
            ),
            REPLY,
            ARCHIVE,
        ],
        "materials": [
            *MEANS_TEST_MATERIALS,
            (
                "婚姻状况证明",
                "copy",
                1,
                False,
                "离婚的提供离婚证或法院判决书、调解书。",
            ),
            BANK_ACCOUNT,
        ],
        "total_time_limit_days": 30,
        "public_notice_days": 7,
        "village_stations": True,
        "phone": HALL_PHONE,
    },
    {
        "type": "tekun",
        "title": "特困人员供养办事指南",
        "summary": (
            "无劳动能力、无生活来源、无法定义务人（或义务人无能力）的，"
            "可以申请特困供养。"
        ),
        "legal_bases": [
            (None, "《社会救助暂行办法》第三章 特困人员供养"),
            ("tekun-2022", ""),
        ],
        "eligibility": [
            "年满60周岁的老年人、残疾人或未满18周岁的未成年人；",
            "无劳动能力，且无生活来源；",
            "无法定赡养、抚养、扶养义务人，或者其义务人无履行义务能力。",
        ],
        "steps": [
            APPLY,
            ACCEPT,
            INVESTIGATE,
            ("乡镇审核", "review", "township", 5, "核实生活自理能力，提出审核意见。"),
            VILLAGE_NOTICE,
            (
                "县级确认",
                "decide",
                "county",
                15,
                "县民政局审核确认并确定供养形式；不予认定的书面说明理由。",
            ),
            REPLY,
            ARCHIVE,
        ],
        "materials": [
            *APPLICATION_MATERIALS,
            (
                "无劳动能力的证明",
                "copy",
                1,
                True,
                "残疾人证、疾病诊断证明，或年满60周岁的身份证明。",
            ),
            (
                "法定义务人情况说明",
                "original",
                1,
                True,
                "写明有无赡养、抚养、扶养义务人及其履行能力，由村（社区）核实盖章。",
            ),
            ("供养方式选择意见书", "original", 1, True, "选择分散供养或集中供养。"),
            BANK_ACCOUNT,
        ],
        "total_time_limit_days": 40,
        "public_notice_days": 7,
        "village_stations": True,
        "phone": HALL_PHONE,
    },
    {
        "type": "linshi",
        "title": "临时救助办事指南",
        "summary": "遭遇意外事件或刚性支出骤增、基本生活暂时困难的，可申请临时救助。",
        "legal_bases": [
            (None, "《社会救助暂行办法》第九章 临时救助"),
            ("linshi-2022", ""),
        ],
        "eligibility": [
            "因火灾、交通事故、突发重病等意外，基本生活暂时出现严重困难；",
            "因教育、医疗等必需支出突然增加，超出家庭承受能力；",
            "在本县遇困、暂时无法返回的外地人员，可以向所在地乡镇求助。",
        ],
        "steps": [
            APPLY,
            ACCEPT,
            INVESTIGATE,
            (
                "审批确认",
                "decide",
                "county",
                3,
                "调查核实后报县民政局审批确认；情况紧急的，乡镇可先行救助，事后补办手续。",
            ),
            REPLY,
            ARCHIVE,
        ],
        "materials": [
            *APPLICATION_MATERIALS,
            (
                "遭遇困难的证明",
                "copy",
                1,
                True,
                "火灾、交通事故等的事故证明，或村（社区）出具的情况说明。",
            ),
            (
                "医疗费用票据",
                "original",
                1,
                False,
                "因病申请的提供住院发票和费用清单，核对后可退还。",
            ),
            BANK_ACCOUNT,
        ],
        "total_time_limit_days": 15,
        "public_notice_days": 0,
        "village_stations": True,
        "phone": HALL_PHONE,
        "callout": (
            "急难情况先救助",
            "情况紧急的，乡镇窗口或村（社区）协理员可以先行救助，"
            "5个工作日内补齐材料和手续。",
        ),
    },
    {
        "type": "dibao-bianyuan",
        "title": "低保边缘家庭认定办事指南",
        "summary": "收入略高于低保标准的困难家庭，认定后可以享受医疗、教育等专项救助。",
        "legal_bases": [
            (None, "《社会救助暂行办法》"),
            ("dibao-bianyuan-2023", ""),
        ],
        "eligibility": [
            "持有本县户籍，或在本县经常居住满一年；",
            "家庭人均收入高于本县低保标准、低于低保标准的1.5倍；",
            "家庭财产状况符合县民政局规定。",
        ],
        "steps": [
            APPLY,
            ACCEPT,
            INVESTIGATE,
            ("乡镇审核", "review", "township", 5, "提出审核意见。"),
            VILLAGE_NOTICE,
            (
                "认定",
                "decide",
                "county",
                10,
                "县民政局作出认定，录入低收入人口信息库。",
            ),
            REPLY,
            ARCHIVE,
        ],
        "materials": [
            *MEANS_TEST_MATERIALS,
        ],
        "total_time_limit_days": 30,
        "public_notice_days": 7,
        "village_stations": True,
        "phone": HALL_PHONE,
    },
]
