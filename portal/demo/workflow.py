"""The publishing workflow (政务信息发布审核) and one draft waiting in it.

Every page under the home page goes through one moderators' approval before it
is published; the demo leaves one editor's draft in moderation so the moderator's
dashboard has something to act on.
"""

from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _
from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

from core.roles import GROUP_NAMES, Role
from portal.models import AssistanceType, HomePage, PolicyIndexPage, PolicyPage

from .base import Tally
from .pages import body_blocks, child_by_slug, section

WORKFLOW_NAME = "政务信息发布审核"
TASK_NAME = "内容审核员审批"

PENDING_DRAFT = {
    "slug": "dibao-biaozhun-2027",
    "title": "青禾县民政局关于调整2027年城乡最低生活保障标准的通知",
    "document_number": "青民发〔2026〕41号",
    "issuing_body": "青禾县民政局",
    "issue_date": date(2026, 11, 16),
    "effective_date": date(2027, 1, 1),
    "summary": "城乡低保标准和特困人员基本生活标准自2027年1月起上调。",
    "body": [
        (
            "p",
            "经县人民政府同意，自2027年1月1日起，城市最低生活保障标准由每人每月"
            "790元提高到820元，农村最低生活保障标准由每人每年6300元提高到6600元。",
        ),
        (
            "p",
            "特困人员基本生活标准按不低于本县低保标准的1.3倍同步调整，"
            "各乡镇自2027年1月发放时按新标准执行。",
        ),
    ],
}


def build_workflow(home: HomePage) -> tuple[Workflow, list[Tally]]:
    tally = Tally(_("发布审核流程"))
    moderators = Group.objects.get(name=GROUP_NAMES[Role.CONTENT_MODERATOR])
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first()
    link = WorkflowPage.objects.filter(page=home).first()
    if (
        task
        and workflow
        and link
        and link.workflow_id == workflow.pk
        and task.groups.filter(pk=moderators.pk).exists()
        and WorkflowTask.objects.filter(workflow=workflow, task=task).exists()
    ):
        tally.add("unchanged")
        return workflow, [tally]

    task = task or GroupApprovalTask.objects.create(name=TASK_NAME)
    task.groups.add(moderators)
    workflow = workflow or Workflow.objects.create(name=WORKFLOW_NAME, active=True)
    WorkflowTask.objects.get_or_create(
        workflow=workflow, task=task, defaults={"sort_order": 0}
    )
    # The nearest ancestor's workflow applies, so linking home covers the site.
    WorkflowPage.objects.update_or_create(page=home, defaults={"workflow": workflow})
    tally.add("created" if link is None else "updated")
    return workflow, [tally]


def build_pending_draft(home: HomePage, workflow: Workflow) -> list[Tally]:
    """A new notice drafted by demo-editor and submitted, awaiting approval."""
    tally = Tally(_("待审核草稿"))
    index = section(home, PolicyIndexPage)
    spec = dict(PENDING_DRAFT)
    if child_by_slug(index, spec["slug"]) is not None:
        tally.add("unchanged")
        return [tally]
    editor = get_user_model().objects.get(username="demo-editor")
    page = PolicyPage(live=False, body=body_blocks(spec.pop("body")), **spec)
    page.assistance_types = list(AssistanceType.objects.filter(code__in=["dibao"]))
    index.add_child(instance=page)
    page.save_revision(user=editor, log_action=True)
    workflow.start(page, editor)
    tally.add("created")
    return [tally]
