"""Every action of the case module: who may take it, and how far they reach.

One row per action. ``roles`` are the roles that may take it at all (a
superuser holds every role); ``reach`` says which records are within a
person's jurisdiction for it (``reach.Reach``); ``model`` is what ``instances``
returns; ``refusal`` is the message for a role that may not, ``outside`` the
one for a record beyond one's jurisdiction. A new action is one row here and a
``require`` in its service.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from core.roles import Role

from .reach import Reach

# 办案岗位: everyone who reads cases (审计 reads, changes nothing).
CASE_ROLES = frozenset(
    {
        Role.CLERK,
        Role.VILLAGE_COORDINATOR,
        Role.TOWNSHIP_REVIEWER,
        Role.REVIEWER,
        Role.AUDITOR,
    }
)
# Those who work on cases.
WORKING = CASE_ROLES - {Role.AUDITOR}
# 乡镇经办人或县级审批人: the window and the county, not the village station.
DESK = frozenset({Role.CLERK, Role.REVIEWER})
CLERK = frozenset({Role.CLERK})
# 乡镇审核人: 审核 and 公示, in their township.
TOWNSHIP_REVIEWER = frozenset({Role.TOWNSHIP_REVIEWER})
# 县级审批人: 审批确认 and the decisions reserved to the county.
REVIEWER = frozenset({Role.REVIEWER})
# Either reviewer, each within their reach (延期审批, 告知书以外的材料).
REVIEWERS = TOWNSHIP_REVIEWER | REVIEWER

_NOT_YOURS = _("您无权办理该案件。")
_OTHER_POST = _("“%s”须由其他岗位办理，您没有权限。")


@dataclass(frozen=True)
class Rule:
    roles: frozenset[Role]
    reach: Reach
    refusal: Promise | str = _NOT_YOURS
    outside: Promise | str | None = None
    model: str | None = None  # a model of the cases app, for ``instances``
    label: Promise | str | None = None  # a workflow step's name

    @property
    def refusal_message(self) -> str:
        if self.label is not None:
            return str(_OTHER_POST) % self.label
        return str(self.refusal)

    @property
    def outside_message(self) -> str:
        return str(self.outside if self.outside is not None else self.refusal)


def _step(label, roles: frozenset[Role]) -> Rule:
    """A workflow step (cases.services.workflow): the case's own reach."""
    return Rule(roles, Reach.CASE, outside=_NOT_YOURS, model="case", label=label)


ACTIONS: dict[str, Rule] = {
    # ---- the case
    "case.view": Rule(CASE_ROLES, Reach.CASE, _("您无权查看该案件。"), model="case"),
    "case.change": Rule(WORKING, Reach.CASE, _NOT_YOURS, model="case"),
    # 受理登记, in a township (clerk) or village (coordinator) of one's own.
    "case.intake": Rule(WORKING, Reach.PLACE, _("您无权在该乡镇（村）登记申请。")),
    "case.id_reveal": Rule(
        CASE_ROLES, Reach.CASE, _("您无权查看该申请人的身份证号码。"), model="case"
    ),
    "case.extension_request": Rule(WORKING, Reach.CASE, _NOT_YOURS, model="case"),
    "case.extension_decide": Rule(REVIEWERS, Reach.CASE, _("延期须由审核人批准。")),
    # A material the one-time notice did not list: a reviewer records why.
    "case.material_request_unlisted": Rule(
        REVIEWERS, Reach.CASE, _("告知书以外的材料要求须由审核人记录理由。")
    ),
    "case.exit": Rule(
        DESK,
        Reach.CASE,
        _("您无权登记该救助对象的退出：须由本乡镇经办人或县级审核人办理。"),
    ),
    "case.followup": Rule(WORKING, Reach.CASE, _("您无权对该案件进行评价回访。")),
    # ---- 在册对象: 定期复核 and 待遇调整 (增发、减发、补发、暂停、停发), by the
    # township window or the county, like the exit they may lead to.
    "recipient.view": Rule(CASE_ROLES, Reach.CASE_RECORD, model="recipient"),
    "recipient.review": Rule(
        DESK,
        Reach.CASE_RECORD,
        _("定期复核由本乡镇经办人或县级审批人办理，您没有权限。"),
        _NOT_YOURS,
        model="recipient",
    ),
    "recipient.benefit_change": Rule(
        DESK,
        Reach.CASE_RECORD,
        _("待遇调整由本乡镇经办人或县级审批人登记，您没有权限。"),
        _NOT_YOURS,
        model="recipient",
    ),
    # ---- workflow steps (流转)
    "case.accept": _step(_("受理"), CLERK),
    "case.reject": _step(_("不予受理"), CLERK),
    "case.refer": _step(_("转办"), CLERK),
    "case.start_investigation": _step(_("开始调查核实"), CLERK),
    "case.submit_review": _step(_("提交审核"), CLERK),
    # A type without 乡镇审核: the clerk reports the investigation for approval.
    "case.submit_investigation": _step(_("报送审批"), CLERK),
    "case.start_public_notice": _step(_("开始公示"), TOWNSHIP_REVIEWER),
    "case.submit_decision": _step(_("报送审批"), TOWNSHIP_REVIEWER),
    # 审批确认: the county's stage and the county reviewer's decision.
    "case.approve": _step(_("审批同意"), REVIEWER),
    "case.deny": _step(_("审批不同意"), REVIEWER),
    "case.reply": _step(_("回复申请人"), CLERK),
    "case.archive": _step(_("归档"), DESK),
    # ---- the applicant's particulars (更正申请人信息)
    "applicant_correct": Rule(
        DESK,
        Reach.CASE,
        _("申请人信息由乡镇经办人或县级审核人更正，您没有权限。"),
        outside=_NOT_YOURS,
        model="case",
    ),
    # A reviewer other than the one who asked (the service checks that part).
    "id_number_change_decide": Rule(
        REVIEWER,
        Reach.CASE,
        _("身份证号码更正须由县级审核人批准。"),
        _NOT_YOURS,
        model="case",
    ),
    "applicant_correction.view": Rule(
        CASE_ROLES, Reach.CASE_RECORD, model="applicantcorrection"
    ),
    # ---- 案件附件: scans of materials and authorizations, by those who work
    # on the case (read by everyone who may read it: case.view).
    "attachment.upload": Rule(
        WORKING, Reach.CASE, _("您无权为该案件上传附件。"), model="case"
    ),
    # ---- 核对报告异议: the township window (or the village station helping the
    # applicant) records it with the evidence; 乡镇审核人 reviews, then the county.
    "objection.submit": Rule(
        CLERK | {Role.VILLAGE_COORDINATOR},
        Reach.CASE,
        _("核对异议由乡镇经办人或村协理员代申请人登记。"),
        _NOT_YOURS,
    ),
    "objection.township_review": Rule(
        TOWNSHIP_REVIEWER, Reach.CASE, _("乡镇审核须由乡镇审核人办理。"), _NOT_YOURS
    ),
    "objection.county_review": Rule(
        REVIEWER, Reach.CASE, _("县级审核须由县级审核人办理。"), _NOT_YOURS
    ),
    # ---- 分办转办台账
    "referral.view": Rule(CASE_ROLES, Reach.CASE_RECORD, model="referral"),
    "referral.send": Rule(
        DESK, Reach.CASE, _("分办、转办由乡镇经办人或县级审核人办理。"), _NOT_YOURS
    ),
    # Feedback, result and chasing, on a referral of a case within reach.
    "referral.record": Rule(
        WORKING,
        Reach.CASE_RECORD,
        _("这不是您辖区的转办事项，您无权登记。"),
        model="referral",
    ),
    # ---- 评价回访
    "followup.view": Rule(CASE_ROLES, Reach.CASE_RECORD, model="followup"),
    # ---- 投诉举报: the township window and the county, never the village
    # station (a complaint may be about it).
    "complaint.view": Rule(
        frozenset({Role.CLERK, Role.REVIEWER, Role.AUDITOR}),
        Reach.TOWNSHIP,
        model="complaint",
    ),
    "complaint.register": Rule(
        DESK,
        Reach.TOWNSHIP,
        _("投诉由乡镇经办人或县级审核人登记。"),
        _("该案件不在您的乡镇。"),
    ),
    "complaint.handle": Rule(
        DESK, Reach.TOWNSHIP, _("您无权办理该投诉。"), model="complaint"
    ),
    "complaint.assign_township": Rule(
        REVIEWER, Reach.ROLE, _("只有县级审核人可以为未关联案件的投诉指定乡镇。")
    ),
    # ---- 主动发现线索 and the village registration book (登记簿)
    "lead.view": Rule(CASE_ROLES, Reach.PLACE, model="lead"),
    "lead.report": Rule(
        WORKING, Reach.PLACE, _("您只能报告本辖区的线索。"), model="lead"
    ),
    "lead.triage": Rule(
        DESK, Reach.PLACE, _("线索由乡镇经办人或县级审核人研判。"), model="lead"
    ),
    "registration.view": Rule(CASE_ROLES, Reach.PLACE, model="registrationentry"),
    "registration.record": Rule(
        WORKING,
        Reach.PLACE,
        _("您只能在本村（本乡镇）的登记簿上登记。"),
        model="registrationentry",
    ),
    "registration.handle": Rule(
        WORKING,
        Reach.PLACE,
        _("这不是您辖区的登记，您无权处理。"),
        model="registrationentry",
    ),
    # ---- 咨询登记（首问负责）: the township and county windows; the village
    # station logs its questions in the registration book. A county window's
    # consultation has no township: county staff only.
    "consultation.view": Rule(
        frozenset({Role.CLERK, Role.REVIEWER, Role.AUDITOR}),
        Reach.TOWNSHIP,
        model="consultation",
    ),
    "consultation.record": Rule(
        DESK,
        Reach.TOWNSHIP,
        _("咨询登记由乡镇或县级窗口的工作人员办理；村（社区）的来访请记入工作登记簿。"),
        _("乡镇经办人只能登记本乡镇窗口的咨询；县级窗口的咨询由县级工作人员登记。"),
    ),
    "consultation.to_case": Rule(
        DESK,
        Reach.TOWNSHIP,
        _("咨询转为案件由乡镇或县级窗口办理。"),
        _("没有这条咨询登记，或不在您的辖区。"),
        model="consultation",
    ),
    # ---- statistics: the area is fixed by role; standing in for a colleague
    # of another township does not widen it (cases.stats.scope).
    "stats.view": Rule(CASE_ROLES, Reach.PLACE, _("您没有查看统计数据的权限。")),
    # ---- the archive index (search app)
    "archive.search": Rule(
        CASE_ROLES, Reach.CASE, _("您的账号没有检索档案的权限。"), model="case"
    ),
    "archive.search_log": Rule(frozenset({Role.AUDITOR}), Reach.ROLE),
    # ---- 档案目录 (归档): the county reads all of it, the township its own;
    # an entry of no township (a complaint the county kept) is the county's.
    "archive.catalogue": Rule(
        frozenset({Role.CLERK, Role.TOWNSHIP_REVIEWER, Role.REVIEWER, Role.AUDITOR}),
        Reach.TOWNSHIP,
        _("您的账号没有查看档案目录的权限。"),
        _("没有这条档案，或不在您的辖区。"),
        model="archiveentry",
    ),
    # 档案类别: the county adds categories and sets their retention.
    "archive.category_manage": Rule(
        REVIEWER, Reach.ROLE, _("档案类别由县级审核人维护。")
    ),
}
