"""Moving a page: the confirmation is shown only to who may move it there.

Wagtail checks the permission when the move is posted, not when its confirmation
is shown, so any admin user could read any page's title there, an unpublished
draft's included. Found by the access matrix (docs/access-matrix.md).
"""

import pytest
from wagtail.models import Page

from core.roles import Role
from portal.models import PolicyPage
from portal.permissions import setup_groups
from tests.factories import TownshipFactory
from tests.factories.pages import make_policy
from tests.factories.staff import clerk, staff

pytestmark = pytest.mark.django_db

DRAFT_TITLE = "关于调整最低生活保障标准的通知（征求意见稿）"


@pytest.fixture
def draft(site_tree):
    setup_groups(content_root=site_tree.home)
    page = PolicyPage(title=DRAFT_TITLE, document_number="", live=False)
    site_tree.policies.add_child(instance=page)
    page.save_revision()
    return page


def confirm_url(page: Page, destination: Page) -> str:
    return f"/admin/pages/{page.pk}/move/{destination.pk}/confirm/"


def test_move_confirmation_is_refused_to_staff_who_may_not_move_the_page(
    client, site_tree, draft
):
    client.force_login(clerk(TownshipFactory()))
    response = client.get(confirm_url(draft, site_tree.policies))
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert DRAFT_TITLE not in response.content.decode()


def test_moving_a_page_is_refused_to_staff_who_may_not_move_it(
    client, site_tree, draft
):
    # A move within the same parent puts the page last, after this one.
    make_policy(site_tree, title="青禾县临时救助实施办法")
    path = draft.path
    client.force_login(clerk(TownshipFactory()))
    response = client.post(confirm_url(draft, site_tree.policies))
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    draft.refresh_from_db()
    assert draft.path == path


def test_move_confirmation_is_shown_to_moderators(client, site_tree, draft):
    client.force_login(staff(Role.CONTENT_MODERATOR))
    response = client.get(confirm_url(draft, site_tree.policies))
    assert response.status_code == 200
    assert DRAFT_TITLE in response.content.decode()
