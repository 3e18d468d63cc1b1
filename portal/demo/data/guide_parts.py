"""Steps and materials that several demo service guides share.

A step is (title, stage, level, working days, description); a material is
(name, form, copies, required, note). Acceptance 1, investigation 5 and reply 1
working day are the county's window limits.
"""

APPLY = (
    "提出申请",
    "apply",
    "applicant",
    0,
    "本人到乡镇窗口提出，或委托村（社区）协理员代办；也可以通过12349热线、"
    "政务服务网提出。",
)
ACCEPT = (
    "窗口受理",
    "accept",
    "township",
    1,
    "审查材料，齐全的当场出具收件回执；不齐全的一次性书面告知需补充的全部材料。",
)
INVESTIGATE = (
    "调查核实",
    "investigate",
    "township",
    5,
    "会同村（社区）协理员入户调查、邻里走访、信函索证，比对家庭经济状况信息。",
)
REPLY = (
    "告知结果",
    "reply",
    "township",
    1,
    "把办理结果告知申请人；不予救助的，书面说明理由和救济途径。",
)
ARCHIVE = (
    "资料建档",
    "archive",
    "township",
    0,
    "申请、调查、公示和审批材料分类归档。",
)


def referral_accept(department: str) -> tuple:
    """其他部门主办的事项：窗口受理当日登记分办转办台账并转交。"""
    return (
        "窗口受理并转办",
        "accept",
        "township",
        1,
        f"审查材料并出具收件回执，当日登记分办转办台账，转交{department}办理。",
    )


def department_reply(department: str) -> tuple:
    return (
        "告知结果",
        "reply",
        "township",
        1,
        f"收到{department}的办理结果后告知申请人，并在台账中登记告知方式。",
    )


APPLICATION_FORM = (
    "社会救助申请书",
    "original",
    1,
    True,
    "窗口免费提供，可由工作人员或协理员帮助填写。",
)
ID_CARDS = (
    "申请人及共同生活家庭成员的居民身份证",
    "both",
    1,
    True,
    "原件核对后当场退还。",
)
HOUSEHOLD_REGISTER = ("户口簿", "both", 1, True, "原件核对后当场退还。")
AUTHORIZATION = (
    "家庭经济状况核对授权书",
    "original",
    1,
    True,
    "共同生活的成年家庭成员逐一签字。",
)
INCOME_PROOF = (
    "家庭成员收入证明",
    "original",
    1,
    True,
    "工资、务工、经营等收入；没有固定收入的可以书面说明。",
)
PROPERTY_DECLARATION = (
    "家庭财产申报表",
    "original",
    1,
    True,
    "如实申报房产、车辆、存款、有价证券等。",
)
BANK_ACCOUNT = (
    "本人银行账户或社会保障卡",
    "copy",
    1,
    True,
    "用于发放救助金，须为申请人本人账户。",
)
ASSISTANCE_STATUS = (
    "低保、特困人员或低保边缘家庭证明",
    "copy",
    1,
    False,
    "已在册的家庭由窗口直接查询，无需提交。",
)
DISABILITY_OR_ILLNESS = (
    "残疾人证或疾病诊断证明",
    "copy",
    1,
    False,
    "家庭成员有残疾或患重病的提供。",
)

# What every application decided by the civil-affairs bureau starts with.
APPLICATION_MATERIALS = [APPLICATION_FORM, ID_CARDS, HOUSEHOLD_REGISTER, AUTHORIZATION]
# What a household whose income and property are checked (低保, 低保边缘) hands in.
MEANS_TEST_MATERIALS = [
    *APPLICATION_MATERIALS,
    INCOME_PROOF,
    PROPERTY_DECLARATION,
    DISABILITY_OR_ILLNESS,
]
