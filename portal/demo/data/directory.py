"""青禾县（虚构的演示县）的乡镇、村、协同部门与救助事项。

Codes are stable identifiers other programs use; names and text are demo content.
"""

COUNTY = "青禾县"

TOWNSHIPS = [
    {
        "code": "dongling",
        "name": "东岭镇",
        "villages": [
            ("dongling-shangzhuang", "上庄村"),
            ("dongling-shiqiao", "石桥村"),
            ("dongling-lingbei", "岭北社区"),
        ],
    },
    {
        "code": "nanxi",
        "name": "南溪乡",
        "villages": [
            ("nanxi-xikou", "溪口村"),
            ("nanxi-liuwan", "柳湾村"),
            ("nanxi-zhuping", "竹坪村"),
        ],
    },
]

DEPARTMENTS = [
    {
        "code": "minzheng",
        "name": "青禾县民政局",
        "phone": "0736-5521306",
        "address": "青禾县禾兴大道18号县政务服务中心四楼",
        "responsibilities": (
            "牵头全县社会救助工作。负责最低生活保障、特困人员救助供养、临时救助、"
            "低保边缘家庭认定的审核确认；认定医疗救助对象身份并推送医保部门；"
            "承担受灾群众过渡期结束后仍有困难的基本生活救助；指导乡镇“一门受理”"
            "窗口的受理、分办、转办和督办。"
        ),
    },
    {
        "code": "jiaoyu",
        "name": "青禾县教育局",
        "phone": "0736-5523610",
        "address": "青禾县文昌路7号",
        "responsibilities": (
            "负责教育救助：对学前教育至高等教育阶段的困难家庭学生落实学费减免、"
            "助学金和生活补助；接收窗口转来的教育救助申请，按期反馈办理结果。"
        ),
    },
    {
        "code": "zhujian",
        "name": "青禾县住房和城乡建设局",
        "phone": "0736-5524105",
        "address": "青禾县建设北路22号",
        "responsibilities": (
            "负责住房救助：城镇困难家庭的公共租赁住房和租赁补贴，农村低收入群体"
            "危房改造；组织房屋安全鉴定；按期反馈窗口转办事项。"
        ),
    },
    {
        "code": "renshe",
        "name": "青禾县人力资源和社会保障局",
        "phone": "0736-5522712",
        "address": "青禾县禾兴大道18号县政务服务中心二楼",
        "responsibilities": (
            "负责就业救助：为困难家庭中有劳动能力的失业人员办理失业登记，"
            "提供职业介绍、技能培训、公益性岗位安置和社会保险补贴。"
        ),
    },
    {
        "code": "yibao",
        "name": "青禾县医疗保障局",
        "phone": "0736-5526018",
        "address": "青禾县禾兴大道18号县政务服务中心三楼",
        "responsibilities": (
            "负责医疗救助的待遇给付：资助救助对象参加城乡居民基本医疗保险，对基本医保、"
            "大病保险报销后政策范围内的个人自付费用给予救助，推行定点医疗机构"
            "“一站式”结算，受理零星报销。"
        ),
    },
    {
        "code": "weijian",
        "name": "青禾县卫生健康局",
        "phone": "0736-5525120",
        "address": "青禾县人民路56号",
        "responsibilities": (
            "指导定点医疗机构落实先诊疗后付费和“一站式”结算；为申请人出具疾病诊断和"
            "劳动能力鉴定所需的医学证明；配合开展重特大疾病救助。"
        ),
    },
    {
        "code": "canlian",
        "name": "青禾县残疾人联合会",
        "phone": "0736-5527301",
        "address": "青禾县人民路60号",
        "responsibilities": (
            "办理残疾人证；初审困难残疾人生活补贴和重度残疾人护理补贴；"
            "配合核实申请家庭中残疾成员的情况。"
        ),
    },
    {
        "code": "caizheng",
        "name": "青禾县财政局",
        "phone": "0736-5522008",
        "address": "青禾县禾兴大道9号",
        "responsibilities": (
            "安排社会救助资金预算并及时拨付，监督资金使用；"
            "保障“一门受理、协同办理”工作经费。"
        ),
    },
    {
        "code": "yingji",
        "name": "青禾县应急管理局",
        "phone": "0736-5528119",
        "address": "青禾县迎宾路15号",
        "responsibilities": (
            "负责受灾人员救助：灾后应急救助、过渡期生活救助、倒损民房恢复重建补助和"
            "冬春生活困难救助；核定灾情，并把需要长期救助的人员通报民政部门。"
        ),
    },
    {
        "code": "hongshizi",
        "name": "青禾县红十字会",
        "phone": "0736-5529066",
        "address": "青禾县人民路58号",
        "responsibilities": (
            "开展人道救助和应急救护培训；为遭遇重病、意外的困难群众募集和发放救助款物，"
            "与临时救助做好衔接。"
        ),
    },
]

# 医疗救助由医保部门主管、受灾人员救助由应急管理部门主管（2018年机构改革后的分工）；
# 两项仍经乡镇“一门受理”窗口统一受理后转办。
ASSISTANCE_TYPES = [
    {
        "code": "dibao",
        "name": "最低生活保障",
        "department": "minzheng",
        "public_notice_days": 7,
        "description": (
            "共同生活的家庭成员人均收入低于当地低保标准、财产状况符合规定的家庭，"
            "按差额领取最低生活保障金。"
        ),
    },
    {
        "code": "tekun",
        "name": "特困人员供养",
        "department": "minzheng",
        "public_notice_days": 7,
        "description": (
            "无劳动能力、无生活来源、无法定赡养抚养扶养义务人或其义务人无履行能力的"
            "老年人、残疾人和未成年人，给予基本生活、照料护理、疾病治疗等救助供养。"
        ),
    },
    {
        "code": "linshi",
        "name": "临时救助",
        "department": "minzheng",
        "public_notice_days": 0,
        "description": (
            "因火灾、交通事故、突发重病等意外事件，或因教育、医疗等刚性支出过大，"
            "基本生活暂时陷入困境的家庭和个人，给予应急性、过渡性救助。"
        ),
    },
    {
        "code": "dibao-bianyuan",
        "name": "低保边缘家庭认定",
        "department": "minzheng",
        "public_notice_days": 7,
        "description": (
            "不符合低保条件、家庭人均收入低于低保标准1.5倍且财产状况符合规定的家庭，"
            "经认定后可按规定获得医疗、教育、住房、就业等专项救助。"
        ),
    },
    {
        "code": "yiliao",
        "name": "医疗救助",
        "department": "yibao",
        "public_notice_days": 0,
        "description": (
            "救助对象参加城乡居民医保的个人缴费给予资助；住院和门诊慢特病费用经基本医保、"
            "大病保险报销后的个人自付部分，按比例给予救助。"
        ),
    },
    {
        "code": "jiaoyu",
        "name": "教育救助",
        "department": "jiaoyu",
        "public_notice_days": 0,
        "description": (
            "对在园幼儿和在校学生中的低保、特困、低保边缘家庭成员，按教育阶段减免费用、"
            "发放助学金或生活补助。"
        ),
    },
    {
        "code": "zhufang",
        "name": "住房救助",
        "department": "zhujian",
        "public_notice_days": 0,
        "description": (
            "住房困难的低保、特困、低保边缘家庭，城镇通过配租公共租赁住房或发放租赁补贴，"
            "农村通过危房改造给予救助。"
        ),
    },
    {
        "code": "jiuye",
        "name": "就业救助",
        "department": "renshe",
        "public_notice_days": 0,
        "description": (
            "困难家庭中有劳动能力并处于失业状态的成员，提供职业介绍、技能培训、"
            "公益性岗位安置和社会保险补贴。"
        ),
    },
    {
        "code": "shouzai",
        "name": "受灾人员救助",
        "department": "yingji",
        "public_notice_days": 0,
        "description": (
            "遭受自然灾害的群众，给予应急期生活救助、过渡期生活救助、倒损住房恢复重建"
            "补助和冬春生活困难救助。"
        ),
    },
]
