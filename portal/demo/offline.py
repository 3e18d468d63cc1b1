"""Demo register: what each level must display, what the stations display, and
one guide revised after posting so the dashboard has stale copies and tasks."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from portal.models import ComplaintChannelPage as Complaints
from portal.models import (
    DisplayRequirement,
    PolicyPage,
    Posting,
    ServiceGuidePage,
    ServicePoint,
)
from portal.offline.register import posting_record

from .base import Tally

POLICY, DUTIES, COMPLAINT, GUIDE = "policy", "duties", "complaint", "guide"

# (level, category, page key, form). 一明显三上墙: policies, duties and the
# complaint phone on the wall; the main items' guides as leaflets or on the wall.
REQUIREMENTS = [
    ("county", DUTIES, "policy:yimen-shouli-2024", "wall"),
    ("county", POLICY, "policy:dibao-shenhe-2024", "wall"),
    ("county", COMPLAINT, "complaints", "wall"),
    ("county", GUIDE, "guide:dibao", "wall"),
    ("county", GUIDE, "guide:linshi", "leaflet"),
    ("township", DUTIES, "policy:fenban-zhuanban-2024", "wall"),
    ("township", POLICY, "policy:dibao-shenhe-2024", "wall"),
    ("township", COMPLAINT, "complaints", "wall"),
    ("township", GUIDE, "guide:dibao", "leaflet"),
    ("township", GUIDE, "guide:tekun", "leaflet"),
    ("township", GUIDE, "guide:linshi", "leaflet"),
    ("township", GUIDE, "guide:dibao-bianyuan", "leaflet"),
    ("village", COMPLAINT, "complaints", "wall"),
    ("village", GUIDE, "guide:dibao", "wall"),
    ("village", GUIDE, "guide:linshi", "leaflet"),
]

# Stations that have not yet put up everything: (point code, page key, form).
NOT_YET_POSTED = {
    ("nanxi-zhuping-station", "guide:linshi", "leaflet"),
    ("nanxi-window", "guide:dibao-bianyuan", "leaflet"),
}


def _page(key: str):
    kind, _sep, name = key.partition(":")
    if kind == "policy":
        return PolicyPage.objects.live().get(slug=name)
    if kind == "guide":
        return ServiceGuidePage.objects.live().get(assistance_type__code=name)
    return Complaints.objects.live().get()


def build_requirements() -> list[Tally]:
    tally = Tally(_("应张贴清单"))
    for order, (level, category, key, form) in enumerate(REQUIREMENTS):
        page = _page(key)
        _obj, created = DisplayRequirement.objects.get_or_create(
            level=level,
            page=page,
            form=form,
            defaults={"category": category, "sort_order": order},
        )
        tally.add("created" if created else "unchanged")
    return [tally]


def build_postings() -> list[Tally]:
    """Each station's A staff records what it displays; only on the first run."""
    tally = Tally(_("张贴登记"))
    if Posting.objects.exists():
        tally.add("unchanged")
        return [tally]
    admin = get_user_model().objects.get(username="admin")
    for point in ServicePoint.objects.order_by("level", "code"):
        for level, _category, key, form in REQUIREMENTS:
            if level != point.level or (point.code, key, form) in NOT_YET_POSTED:
                continue
            posting_record(
                by=point.staff_a or admin,
                service_point=point,
                page=_page(key),
                form=form,
            )
            tally.add("created")
    return [tally]


REVISED_GUIDE = "linshi"
REVISED_SUMMARY = (
    "遭遇突发事件、意外伤害或重大疾病，基本生活暂时出现严重困难的家庭和个人，"
    "可向乡镇（街道）或村（社区）申请临时救助；情况紧急的，先行救助，事后补办手续。"
)


def build_revision() -> list[Tally]:
    """The 临时救助 guide is revised after the stations posted it: every copy is
    now stale and each station has a replacement task (first run only)."""
    from portal.models import ReplacementTask

    tally = Tally(_("修订后的换版任务"))
    if ReplacementTask.objects.exists():
        tally.add("unchanged")
        return [tally]
    guide = _page(f"guide:{REVISED_GUIDE}")
    if guide.summary == REVISED_SUMMARY:
        tally.add("unchanged")
        return [tally]
    admin = get_user_model().objects.get(username="admin")
    guide.summary = REVISED_SUMMARY
    guide.save_revision(user=admin, log_action=True).publish(user=admin)
    tally.created = ReplacementTask.objects.count()
    return [tally]
