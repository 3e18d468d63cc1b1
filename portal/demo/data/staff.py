"""Demo accounts and the service points they staff (AB角).

Every demo account gets the same documented password, set only when the account is
created, so a password changed after seeding survives a second run.
"""

from core.roles import Role

# Documented in README and the seed_demo output; only for demo databases.
DEMO_PASSWORD = "Qinghe-Demo-2026!"  # noqa: S105
# The one TOTP secret (base32, as an authenticator app takes it) of every demo
# account that must use 2FA. Documented in README; set only where the account
# has no confirmed device, and never on a production account: those enrol
# themselves on /admin/2fa/setup/ with a secret made there.
DEMO_TOTP_KEY = "QINGHEDEMOKEYQINGHEDEMOKEYQINGHE"

# (username, role, surname, given name, township code, village code)
# Chinese order: the surname is written first, so it goes in first_name.
STAFF = [
    ("admin", None, "吴", "德华", None, None),
    ("demo-editor", Role.EDITOR, "林", "晓雯", None, None),
    ("demo-moderator", Role.CONTENT_MODERATOR, "周", "振华", None, None),
    ("demo-reviewer", Role.REVIEWER, "陈", "立平", None, None),
    ("demo-reviewer-b", Role.REVIEWER, "黄", "秀英", None, None),
    ("demo-auditor", Role.AUDITOR, "赵", "明远", None, None),
    ("demo-clerk-1", Role.CLERK, "刘", "海燕", "dongling", None),
    ("demo-clerk-1b", Role.CLERK, "孙", "志强", "dongling", None),
    ("demo-clerk-2", Role.CLERK, "何", "丽娟", "nanxi", None),
    ("demo-clerk-2b", Role.CLERK, "邓", "文斌", "nanxi", None),
    *(
        (f"demo-township-reviewer-{n}", Role.TOWNSHIP_REVIEWER, s, g, town, None)
        for n, s, g, town in [
            (1, "冯", "建华", "dongling"),
            (2, "曹", "玉兰", "nanxi"),
        ]
    ),
    *(
        (f"demo-coord-{village}{suffix}", Role.VILLAGE_COORDINATOR, s, g, town, village)
        for town, village, suffix, s, g in [
            ("dongling", "dongling-shangzhuang", "", "张", "春兰"),
            ("dongling", "dongling-shangzhuang", "-b", "王", "建军"),
            ("dongling", "dongling-shiqiao", "", "李", "桂芳"),
            ("dongling", "dongling-shiqiao", "-b", "石", "永福"),
            ("dongling", "dongling-lingbei", "", "杨", "慧敏"),
            ("dongling", "dongling-lingbei", "-b", "郑", "国强"),
            ("nanxi", "nanxi-xikou", "", "谢", "玉梅"),
            ("nanxi", "nanxi-xikou", "-b", "罗", "长青"),
            ("nanxi", "nanxi-liuwan", "", "柳", "红英"),
            ("nanxi", "nanxi-liuwan", "-b", "唐", "家富"),
            ("nanxi", "nanxi-zhuping", "", "蒋", "秋菊"),
            ("nanxi", "nanxi-zhuping", "-b", "胡", "德明"),
        ]
    ),
]

SUPERUSERS = {"admin"}

OFFICE_HOURS = "周一至周五 8:30—12:00，14:30—17:30（法定节假日除外）"
STATION_HOURS = "周一至周五 9:00—12:00，15:00—17:30；行动不便的群众可电话预约上门帮办"

# code, level, name, township, village, address, phone, staff A, staff B
SERVICE_POINTS = [
    (
        "county-hall",
        "county",
        "青禾县社会救助服务大厅",
        None,
        None,
        "青禾县禾兴大道18号县政务服务中心一楼5号、6号窗口",
        "0736-5521349",
        "demo-reviewer",
        "demo-reviewer-b",
    ),
    (
        "dongling-window",
        "township",
        "东岭镇社会救助“一门受理”窗口",
        "dongling",
        None,
        "东岭镇岭南街36号镇为民服务中心一楼3号窗口",
        "0736-5831206",
        "demo-clerk-1",
        "demo-clerk-1b",
    ),
    (
        "nanxi-window",
        "township",
        "南溪乡社会救助“一门受理”窗口",
        "nanxi",
        None,
        "南溪乡溪畔路8号乡便民服务中心一楼2号窗口",
        "0736-5862218",
        "demo-clerk-2",
        "demo-clerk-2b",
    ),
    *(
        (
            f"{village}-station",
            "village",
            f"{name}民政服务站",
            town,
            village,
            address,
            phone,
            f"demo-coord-{village}",
            f"demo-coord-{village}-b",
        )
        for town, village, name, address, phone in [
            (
                "dongling",
                "dongling-shangzhuang",
                "上庄村",
                "东岭镇上庄村村民委员会一楼（上庄三组）",
                "0736-5831512",
            ),
            (
                "dongling",
                "dongling-shiqiao",
                "石桥村",
                "东岭镇石桥村党群服务中心",
                "0736-5832087",
            ),
            (
                "dongling",
                "dongling-lingbei",
                "岭北社区",
                "东岭镇岭北路112号岭北社区党群服务中心",
                "0736-5833150",
            ),
            (
                "nanxi",
                "nanxi-xikou",
                "溪口村",
                "南溪乡溪口村村民委员会一楼",
                "0736-5862530",
            ),
            (
                "nanxi",
                "nanxi-liuwan",
                "柳湾村",
                "南溪乡柳湾村党群服务中心",
                "0736-5863041",
            ),
            (
                "nanxi",
                "nanxi-zhuping",
                "竹坪村",
                "南溪乡竹坪村村民委员会（竹坪小学东侧）",
                "0736-5864176",
            ),
        ]
    ),
]
