"""Reading aids the public expects of a government site, kept in cookies.

Each aid is a plain link that sets a cookie and comes back, so it works without
JavaScript and with keyboard alone.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

COOKIE_PREFIX = "aid_"
COOKIE_MAX_AGE = 365 * 24 * 3600


@dataclass(frozen=True)
class Aid:
    name: str
    label: str
    choices: dict[str, str]
    default: str


AIDS: dict[str, Aid] = {
    aid.name: aid
    for aid in (
        Aid(
            "font",
            _("字号"),
            {"normal": _("标准"), "large": _("大"), "xlarge": _("特大")},
            "normal",
        ),
        Aid("contrast", _("对比度"), {"off": _("标准"), "high": _("高对比")}, "off"),
        Aid("elder", _("适老模式"), {"off": _("关闭"), "on": _("开启")}, "off"),
        Aid("script", _("字体"), {"hans": _("简体"), "hant": _("繁体")}, "hans"),
    )
}


def current_aids(cookies) -> dict[str, str]:
    """The chosen value of each aid; anything unknown falls back to the default."""
    chosen = {}
    for name, aid in AIDS.items():
        value = cookies.get(COOKIE_PREFIX + name, aid.default)
        chosen[name] = value if value in aid.choices else aid.default
    return chosen


def body_classes(aids: dict[str, str]) -> str:
    classes = [f"font-{aids['font']}"]
    if aids["contrast"] == "high":
        classes.append("high-contrast")
    if aids["elder"] == "on":
        classes.append("elder-mode")
    return " ".join(classes)
