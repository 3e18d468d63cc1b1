"""附件: an editor's document is public only once a published page links it.

Wagtail serves every document at /documents/<id>/<name> to anyone who has the
address, and an address is easy to come by (an upload shown to a colleague, a
draft page's link, a guessed id with a known file name). Here a document is
served to the public only while a live page that anyone may read links it, as
Wagtail's reference index records (rich text, document blocks and choosers of
the page's live content); unpublish the page, or remove the link and publish,
and the document is refused again (404, as if there were none).

Staff with permission to change or choose the document (its editors) always
get it, through /admin/document-files/<id>/<name>: the admin's session cookie is
sent to /admin/ only (portal/accounts/sessions.py), so that is where the
admin's login, second factor and permission checks can see them. The public
URL judges a staff member as anyone.
"""

from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.utils.cache import patch_cache_control
from wagtail.models import Page, ReferenceIndex
from wagtail.permissions import policy_registry

from .accounts.twofactor import requires_two_factor

STAFF_ACTIONS = ("change", "choose")


def pages_publishing(document):
    """Live pages anyone may read that link ``document``."""
    page_type = ContentType.objects.get_for_model(Page)
    linking = (
        ReferenceIndex.get_references_to(document)
        .filter(base_content_type=page_type)
        .values_list("object_id", flat=True)
    )
    ids = [int(pk) for pk in linking if pk.isdigit()]
    return Page.objects.live().public().filter(pk__in=ids)


def is_published(document) -> bool:
    return pages_publishing(document).exists()


def may_see_unpublished(user, document) -> bool:
    """Its editors: permission to change or choose it, the second factor given
    where the account needs one."""
    if user is None or not user.is_authenticated:
        return False
    if requires_two_factor(user) and not user.is_verified():
        return False
    return policy_registry.get_by_type(
        type(document)
    ).user_has_any_permission_for_instance(user, STAFF_ACTIONS, document)


def serve_published_or_to_its_editors(document, request):
    """Wagtail's before_serve_document hook: nothing, or a refusal."""
    if is_published(document) or may_see_unpublished(request.user, document):
        return None
    raise Http404


def staff_document(request, document_id: int, document_filename: str):
    """The document for its editors, whether published or not (admin URL)."""
    from wagtail.documents.views.serve import serve

    response = serve(request, document_id, document_filename)
    patch_cache_control(response, private=True, no_store=True)
    return response
