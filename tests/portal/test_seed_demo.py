"""seed_demo: the demo county is complete, consistent and safe to seed twice."""

from base64 import b32decode
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import (
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Revision,
    Site,
    WorkflowPage,
    WorkflowState,
)

from core.roles import GROUP_NAMES, Role
from portal.demo import DEMO_PASSWORD, DEMO_TOTP_KEY, DEMO_USERNAMES
from portal.models import (
    AssistanceType,
    ComplaintChannelPage,
    ComplaintPhone,
    Department,
    HomePage,
    PolicyIndexPage,
    PolicyPage,
    ServiceGuideIndexPage,
    ServiceGuideLegalBasis,
    ServiceGuideMaterial,
    ServiceGuidePage,
    ServiceGuideStep,
    ServicePoint,
    ServicePointIndexPage,
    StaffProfile,
    Township,
    Village,
)
from tests.factories.accounts import otp_code_from_base32

User = get_user_model()

COUNTED = [
    Page,
    Revision,
    Site,
    User,
    Group,
    User.groups.through,
    Group.permissions.through,
    GroupPagePermission,
    GroupCollectionPermission,
    WorkflowPage,
    WorkflowState,
    Township,
    Village,
    Department,
    AssistanceType,
    ServicePoint,
    StaffProfile,
    ServiceGuideStep,
    ServiceGuideMaterial,
    ServiceGuideLegalBasis,
    ComplaintPhone,
    TOTPDevice,
]


def run_seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo_db(django_db_setup, django_db_blocker):
    """Seed once per module, in a transaction rolled back after its last test.

    Each test still runs in its own savepoint (the ``db`` fixture), so what one
    test changes is gone before the next.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=StringIO())
        yield
        transaction.set_rollback(True)
    cache.clear()


@pytest.fixture
def seeded(demo_db, db):
    yield
    # Rolled-back sites must not leave their root paths in the shared cache.
    cache.clear()


def row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in COUNTED}


def test_second_run_creates_and_changes_nothing(seeded):
    before = row_counts()
    last_revision = Revision.objects.order_by("-pk").values_list("pk", flat=True)[0]

    output = run_seed()

    assert row_counts() == before
    assert Revision.objects.order_by("-pk").values_list("pk", flat=True)[0] == (
        last_revision
    )
    report_lines = [line for line in output.splitlines() if "未变" in line]
    assert len(report_lines) >= 15
    assert all("新建 0，更新 0" in line for line in report_lines)


def test_demo_accounts_are_not_forced_to_change_their_password(seeded, client):
    """The demo must stay usable with its documented password."""
    for username in ("admin", "demo-editor", "demo-clerk-1"):
        user = User.objects.get(username=username)
        assert not user.password_state.must_change, username
        client.force_login(user)
        assert client.get("/admin/").status_code == 200, username


def test_changed_password_survives_a_second_run(seeded):
    user = User.objects.get(username="demo-clerk-1")
    user.set_password("Changed-by-clerk-99")
    user.save()

    run_seed()

    user.refresh_from_db()
    assert user.check_password("Changed-by-clerk-99")


def test_each_township_has_three_villages(seeded):
    townships = Township.objects.all()
    assert townships.count() >= 2
    for township in townships:
        assert township.villages.count() == 3
    assert Village.objects.filter(code="dongling-shangzhuang").exists()


def test_service_points_cover_every_level_with_distinct_a_and_b(seeded):
    points = ServicePoint.objects.all()
    assert points.filter(level="county").count() == 1
    assert points.filter(level="township").count() == Township.objects.count()
    assert points.filter(level="village").count() == Village.objects.count()
    for point in points:
        point.full_clean()
        assert point.staff_a and point.staff_b
        assert point.staff_a != point.staff_b
        assert point.address and point.phone and point.opening_hours


def test_village_staff_work_in_their_own_village(seeded):
    for point in ServicePoint.objects.filter(level="village"):
        for user in (point.staff_a, point.staff_b):
            assert user.staff_profile.village == point.village
            assert user.groups.filter(name=GROUP_NAMES[Role.VILLAGE_COORDINATOR])
    clerk_1 = StaffProfile.objects.get(user__username="demo-clerk-1")
    clerk_2 = StaffProfile.objects.get(user__username="demo-clerk-2")
    assert clerk_1.township != clerk_2.township
    assert clerk_1.village is None
    reviewer = StaffProfile.objects.get(user__username="demo-reviewer")
    assert reviewer.township is None and reviewer.village is None


def test_departments_and_items_carry_window_time_limits(seeded):
    codes = set(Department.objects.values_list("code", flat=True))
    assert codes >= {
        "minzheng",
        "jiaoyu",
        "zhujian",
        "renshe",
        "yibao",
        "weijian",
        "canlian",
        "caizheng",
        "yingji",
        "hongshizi",
    }
    assert all(Department.objects.values_list("responsibilities", flat=True))
    items = {item.code: item for item in AssistanceType.objects.all()}
    assert len(items) >= 9
    assert items["jiaoyu"].department.code == "jiaoyu"
    assert items["zhufang"].department.code == "zhujian"
    assert items["jiuye"].department.code == "renshe"
    assert items["dibao"].department.code == "minzheng"
    for item in items.values():
        limits = (item.acceptance_days, item.investigation_days, item.reply_days)
        assert limits == (1, 5, 1)
        notice = 7 if item.code in {"dibao", "tekun", "dibao-bianyuan"} else 0
        assert item.public_notice_days == notice


def test_every_item_has_a_live_guide_whose_steps_match_its_limits(seeded):
    for item in AssistanceType.objects.all():
        guide = ServiceGuidePage.objects.live().get(assistance_type=item)
        limits = guide.stage_limits()
        assert limits["accept"] == item.acceptance_days
        assert limits["investigate"] == item.investigation_days
        assert limits["reply"] == item.reply_days
        assert guide.steps_total_days() <= guide.total_time_limit_days
        assert guide.public_notice_days == item.public_notice_days
        assert ("public_notice" in limits) == (item.public_notice_days > 0)
        assert all(step.stage and step.level for step in guide.steps.all())
        assert guide.materials.filter(required=True).count() >= 3
        assert guide.legal_bases.filter(policy__isnull=False).exists()
        assert guide.service_points.filter(level="township").exists()
        assert guide.fee == "不收费"
        assert guide.phone


def test_policies_show_each_status_and_a_forwarding_chain(seeded):
    policies = PolicyPage.objects.live()
    assert policies.count() >= 6
    amended = policies.get(status=PolicyPage.Status.AMENDED)
    assert amended.superseded_by.status == PolicyPage.Status.IN_FORCE
    repealed = policies.get(status=PolicyPage.Status.REPEALED)
    assert repealed.superseded_by is not None
    forwarding = policies.get(forwards__isnull=False)
    assert forwarding.forwarding_chain() == [forwarding.forwards]
    for policy in policies:
        policy.full_clean()
        assert policy.document_number and policy.issuing_body and policy.issue_date
        assert policy.assistance_types.exists()
        assert len(policy.body) >= 2


def test_complaint_page_lists_12349_and_every_window(seeded):
    page = ComplaintChannelPage.objects.live().get()
    assert page.hotline == "12349"
    assert page.response_days == 10
    assert page.letter_address and page.visit_address
    numbers = set(page.phones.values_list("number", flat=True))
    windows = ServicePoint.objects.filter(level__in=["county", "township"])
    assert set(windows.values_list("phone", flat=True)) <= numbers


NEEDS_TWO_FACTOR = {
    "admin",
    "demo-reviewer",
    "demo-reviewer-b",
    "demo-auditor",
    "demo-clerk-1",
    "demo-clerk-1b",
    "demo-clerk-2",
    "demo-clerk-2b",
    "demo-township-reviewer-1",
    "demo-township-reviewer-2",
}


def test_demo_users_log_in_with_the_documented_password(seeded, client):
    expected = {
        "demo-editor": Role.EDITOR,
        "demo-moderator": Role.CONTENT_MODERATOR,
        "demo-clerk-1": Role.CLERK,
        "demo-clerk-2": Role.CLERK,
        "demo-reviewer": Role.REVIEWER,
        "demo-township-reviewer-1": Role.TOWNSHIP_REVIEWER,
        "demo-township-reviewer-2": Role.TOWNSHIP_REVIEWER,
        "demo-auditor": Role.AUDITOR,
    }
    assert User.objects.get(username="admin").is_superuser
    for username, role in expected.items():
        assert User.objects.get(username=username).groups.filter(name=GROUP_NAMES[role])
    for username in DEMO_USERNAMES:
        user = User.objects.get(username=username)
        assert user.first_name and user.last_name
        assert client.login(username=username, password=DEMO_PASSWORD), username
        response = client.get("/admin/")
        if username in NEEDS_TWO_FACTOR or username.startswith("demo-coord-"):
            # The documented demo key gives the code an authenticator app shows.
            assert response.url.startswith("/admin/2fa/verify/"), username
            code = otp_code_from_base32(DEMO_TOTP_KEY)
            verified = client.post("/admin/2fa/verify/", {"otp_token": code})
            assert verified.status_code == 302, username
            response = client.get("/admin/")
        assert response.status_code == 200, username
        client.logout()


def test_demo_accounts_that_see_personal_data_get_the_documented_totp_key(seeded):
    key_hex = b32decode(DEMO_TOTP_KEY).hex()
    for username in DEMO_USERNAMES:
        devices = TOTPDevice.objects.filter(user__username=username)
        if username in NEEDS_TWO_FACTOR or username.startswith("demo-coord-"):
            assert [(d.key, d.confirmed) for d in devices] == [(key_hex, True)]
        else:
            assert not devices.exists(), username


def test_a_device_enrolled_after_seeding_survives_a_second_run(seeded):
    device = TOTPDevice.objects.get(user__username="demo-clerk-1")
    device.key = "ab" * 20
    device.save()
    run_seed()
    assert TOTPDevice.objects.get(user__username="demo-clerk-1").key == "ab" * 20


def test_home_page_is_the_default_site_root_and_renders(seeded, client):
    site = Site.objects.get(is_default_site=True)
    home = site.root_page.specific
    assert isinstance(home, HomePage)
    # Wagtail's placeholder "Welcome" page is gone; only our home sits at depth 2.
    assert list(Page.objects.filter(depth=2)) == [site.root_page]
    for model in (
        PolicyIndexPage,
        ServiceGuideIndexPage,
        ComplaintChannelPage,
        ServicePointIndexPage,
    ):
        section = model.objects.child_of(home).live().get()
        assert section.show_in_menus
    response = client.get("/")
    assert response.status_code == 200
    assert home.seo_title in response.content.decode()


def test_demo_pages_are_published_through_revisions(seeded):
    home = HomePage.objects.get()
    for page in Page.objects.descendant_of(home, inclusive=True).live():
        assert page.first_published_at is not None
        assert page.live_revision_id is not None
        assert page.live_revision.user.username == "admin"


def test_verbosity_zero_prints_nothing(seeded):
    out = StringIO()
    call_command("seed_demo", verbosity=0, stdout=out)
    assert out.getvalue() == ""


def test_every_live_demo_page_renders(seeded, client):
    home = HomePage.objects.get()
    for page in Page.objects.descendant_of(home, inclusive=True).live():
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert (page.seo_title or page.title) in response.content.decode(), page.url


def test_demo_pages_have_short_ascii_addresses(seeded):
    """拼音网址: no Chinese in any demo address, each slug at most 60 characters."""
    for page in Page.objects.filter(depth__gt=1):
        assert page.slug.isascii() and len(page.slug) <= 60, page.slug
        assert page.url_path.isascii(), page.url_path
