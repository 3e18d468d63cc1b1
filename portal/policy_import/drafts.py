"""公文导入, the saving side: a parsed notice becomes a draft policy page.

Drafts only: the parser guesses, so nothing reaches the public before a person
has read it. The ``import_policy`` command and the admin's 导入公文 screen both
save through here, so they find the same duplicates and link the same 转发.
"""

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from wagtail.models import Page

from portal.models import PolicyIndexPage, PolicyPage
from portal.slugs import free_slug

from .parsing import ParsedNotice


class ImportTargetError(Exception):
    """No policy section to import into, or not the one named; the message says."""


def policy_index(page_id: int | None = None) -> PolicyIndexPage:
    """The 政策法规 section a draft goes under: the one there is, or the one named."""
    if page_id is None:
        candidates = list(PolicyIndexPage.objects.all()[:2])
        if not candidates:
            raise ImportTargetError(
                _(
                    "还没有政策法规栏目，请先在管理后台创建，"
                    "或用 --parent 指定上级页面。"
                )
            )
        if len(candidates) > 1:
            raise ImportTargetError(_("有多个政策法规栏目，请用 `--parent` 指定。"))
        return candidates[0]
    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        raise ImportTargetError(_("找不到 ID 为 %s 的页面。") % page_id)
    if not isinstance(page.specific, PolicyIndexPage):
        raise ImportTargetError(
            _("页面 %(id)s（%(title)s）不是政策法规栏目，政策文件不能放在它下面。")
            % {"id": page_id, "title": page.title}
        )
    return page.specific


def find_duplicate(parent: Page, parsed: ParsedNotice) -> PolicyPage | None:
    """A sibling with the same 文号, or without one, the same title."""
    siblings = PolicyPage.objects.child_of(parent)
    if parsed.document_number:
        return siblings.filter(document_number=parsed.document_number).first()
    return siblings.filter(Q(title=parsed.title) | Q(draft_title=parsed.title)).first()


def find_forwarded(parsed: ParsedNotice) -> PolicyPage | None:
    """The policy page of the document a 转发 notice forwards, if the site has it:
    by 文号 first (unique where given), else by title; a published page first."""
    if parsed.forwarded_document_number:
        match = Q(document_number=parsed.forwarded_document_number)
    elif parsed.forwarded_title:
        title = parsed.forwarded_title
        match = Q(title=title) | Q(draft_title=title)
    else:
        return None
    return PolicyPage.objects.filter(match).order_by("-live", "path").first()


@transaction.atomic
def create_draft(parent: Page, parsed: ParsedNotice, *, by=None) -> PolicyPage:
    """Save the notice as an unpublished draft with one revision; all or nothing."""
    page = PolicyPage(
        title=parsed.title,
        slug=free_slug(parent, parsed.title),
        live=False,
        owner=by,
        summary=parsed.summary,
        document_number=parsed.document_number,
        forwards=find_forwarded(parsed),
        forwarded_document_number=parsed.forwarded_document_number,
        forwarded_document_title=parsed.forwarded_title,
        issuing_body=parsed.issuing_body,
        issue_date=parsed.issue_date,
        effective_date=parsed.effective_date,
        status=PolicyPage.Status.IN_FORCE,
        body=parsed.body,
    )
    parent.add_child(instance=page)
    page.save_revision(user=by, log_action="wagtail.create")
    return page
