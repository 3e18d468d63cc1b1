"""附件: a document is served to the public only while a published page that
anyone may read links it (portal/documents.py); its editors get it through the
admin whatever its state."""

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from wagtail.documents import get_document_model
from wagtail.models import PageViewRestriction

from portal.models import PolicyPage
from portal.permissions import setup_groups
from tests.factories import TownshipFactory
from tests.factories.pages import make_policy
from tests.factories.staff import clerk, editor

pytestmark = pytest.mark.django_db

CONTENT = b"%PDF-1.4 form\n"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def author(site_tree):
    setup_groups()
    return editor(username="doc-editor")


@pytest.fixture
def document(media, author):
    return get_document_model().objects.create(
        title="临时救助申请表",
        file=ContentFile(CONTENT, name="form.pdf"),
        uploaded_by_user=author,
    )


def rich_link(document) -> str:
    return f'<a linktype="document" id="{document.pk}">申请表</a>'


def staff_url(document) -> str:
    return f"/admin/document-files/{document.pk}/{document.filename}"


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def public_status(document) -> int:
    response = Client().get(document.url)
    if response.streaming:  # read to the end, so the served file is closed
        b"".join(response.streaming_content)
    return response.status_code


def test_document_linked_by_no_live_page_is_refused_to_the_public(document):
    assert public_status(document) == 404


def test_its_editor_gets_an_unlinked_document_through_the_admin(document, author):
    response = as_user(author).get(staff_url(document))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == CONTENT
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_the_document_edit_page_links_the_file_through_the_admin(document, author):
    page = as_user(author).get(f"/admin/documents/edit/{document.pk}/").text
    assert f'href="{staff_url(document)}"' in page


def test_staff_without_document_permission_are_refused(document):
    outsider = clerk(TownshipFactory(name="东岭镇"), username="doc-clerk")
    assert as_user(outsider).get(staff_url(document)).status_code == 404


def test_anonymous_visitors_cannot_use_the_admin_address(document):
    response = Client().get(staff_url(document))
    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")


def test_the_public_address_judges_staff_as_anyone(document, author):
    """The admin's session is not read there (portal/accounts/sessions.py)."""
    assert as_user(author).get(document.url).status_code == 404


def test_document_is_public_while_a_published_page_links_it(site_tree, document):
    policy = make_policy(
        site_tree, title="附申请表的通知", body_text=rich_link(document)
    )
    assert public_status(document) == 200
    PolicyPage.objects.get(pk=policy.pk).unpublish()
    assert public_status(document) == 404
    PolicyPage.objects.get(pk=policy.pk).save_revision().publish()
    assert public_status(document) == 200


def test_a_document_block_publishes_it_too(site_tree, document):
    page = PolicyPage(
        title="附件下载",
        live=False,
        document_number="",
        body=[("document", {"document": document, "title": "申请表"})],
    )
    site_tree.policies.add_child(instance=page)
    assert public_status(document) == 404  # a draft only
    page.save_revision().publish()
    assert public_status(document) == 200


def test_a_link_only_in_a_draft_does_not_publish_it(site_tree, document):
    policy = make_policy(site_tree, title="尚未加附件的通知", body_text="正文")
    draft = PolicyPage.objects.get(pk=policy.pk)
    draft.body = [("paragraph", f"<p>{rich_link(document)}</p>")]
    draft.save_revision()
    assert public_status(document) == 404
    PolicyPage.objects.get(pk=policy.pk).get_latest_revision().publish()
    assert public_status(document) == 200


def test_a_link_from_a_page_behind_a_password_does_not_publish_it(site_tree, document):
    policy = make_policy(site_tree, title="内部通知", body_text=rich_link(document))
    assert public_status(document) == 200
    PageViewRestriction.objects.create(
        page=policy, restriction_type=PageViewRestriction.PASSWORD, password="secret1"
    )
    assert public_status(document) == 404


def test_removing_the_link_and_publishing_withdraws_it(site_tree, document):
    policy = make_policy(
        site_tree, title="附申请表的通知", body_text=rich_link(document)
    )
    assert public_status(document) == 200
    page = PolicyPage.objects.get(pk=policy.pk)
    page.body = [("paragraph", "<p>附件已撤下。</p>")]
    page.save_revision().publish()
    assert public_status(document) == 404
