"""Request and response shapes; the OpenAPI document is generated from these.

Responses are shaped here and only here: each Out schema reads its model (or
the timeline entry) directly, and its ``resolve_*`` methods say what is derived
(labels, masked numbers, Beijing time, the reader's own actions).

Input schemas refuse unknown fields, so a typo (``vilage``) or a field the
server owns (``received_at``: no back-dating) is reported instead of ignored.
Text is bounded and free of control characters before any service sees it.
"""

from datetime import date, datetime
from typing import Annotated, Any, Literal

from django.utils import timezone
from ninja import Field, Header, Schema
from pydantic import AfterValidator, ConfigDict, WithJsonSchema
from pydantic_core import PydanticCustomError

from cases.channels import Channel
from cases.identity import ID_NUMBER_TYPED_MAX, mask_id_number, mask_phone
from cases.models import Applicant, Case, HouseholdMember, Notice, ReceivedMaterial
from cases.progress import (
    ComplaintProgressOut,
    ProgressDeadlineOut,
    ProgressExtensionOut,
    ProgressOut,
    ProgressPauseOut,
    ProgressReferralOut,
    ReferredOn,
    StageLabelled,
    StatusLabelled,
)
from cases.selectors import open_cases_same_id
from cases.services import TRANSITIONS, available_transitions
from cases.services.idempotency import KEY_PATTERN
from cases.services.intake import MAX_HOUSEHOLD, MAX_MATERIALS
from cases.services.results import AMOUNT_PATTERN, MONTH_PATTERN
from cases.services.workflow import MAX_NOTE
from core import limits
from core.text import RefusedCharacter, clean_text
from portal.models import ServicePoint

# The rule of all typed text as the OpenAPI document states it (core/text.py),
# so that integrators and generated test data know it: C0 controls other than
# tab and line breaks, DEL and C1 controls are refused. Invisible characters
# are accepted and removed; JSON Schema cannot name lone surrogates, so they are
# left to the validator alone.
_BAD_CLASS = r"\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f"
# What str.strip() removes, and the invisible characters the server removes: a
# required text of only these is refused. ``\s`` stands for the line and
# paragraph separators (U+2028, U+2029) among the rest: written as escapes,
# some generators copy them as raw characters into a JavaScript regular
# expression, where they end the line and break the generated code.
_SPACE_CLASS = (
    r"\s\u000b\u000c\u001c-\u001f\u0085\u00a0\u00ad\u061c\u1680\u180e"
    r"\u2000-\u200f\u202a-\u202f\u205f-\u2064\u2066-\u2069\u3000\ufeff"
)
_DOCUMENTED = rf"^[^{_BAD_CLASS}]*$"
# For free text documented elsewhere (the archive search's query).
PLAIN_TEXT_PATTERN = _DOCUMENTED
_DOCUMENTED_FILLED = rf"^[^{_BAD_CLASS}]*[^{_BAD_CLASS}{_SPACE_CLASS}][^{_BAD_CLASS}]*$"

# Shapes the services check, stated so that a request the document calls valid
# is one the services accept (a check digit or a code that must exist in the
# directory is beyond what a pattern can say).
CODE_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,39}$"
ID_NUMBER_PATTERN = r"^[0-9]{17}[0-9Xx]$"
PHONE_PATTERN = r"^(1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8})$"


def or_empty(pattern: str) -> str:
    return f"^({pattern[1:-1]})?$"


def _clean(value: str) -> str:
    try:
        return clean_text(value)
    except RefusedCharacter as problem:
        raise PydanticCustomError(
            "text_control_chars", "control character {code}", {"code": problem.code}
        ) from None


def _bounded(max_length: int):
    """Pydantic's own length check, with the length given in the error, so the
    answer says how long the text was (core.limits.too_long) as forms do."""

    def check(value: str) -> str:
        if len(value) > max_length:
            raise PydanticCustomError(
                "string_too_long",
                "at most {max_length} characters",
                {"max_length": max_length, "length": len(value)},
            )
        return value

    return check


def text(
    max_length: int,
    *,
    filled: bool = False,
    pattern: str | None = None,
    enum: list[str] | None = None,
):
    """Text free of control characters. What the document says of it:
    ``filled``, not blank (the service asks for it); ``pattern`` or ``enum``,
    the shape or the values the service accepts. Checking stays with the
    services, whose messages name the field in Chinese."""
    documented = {"type": "string", "maxLength": max_length}
    if enum is not None:
        documented["enum"] = enum
    else:
        documented["pattern"] = pattern or (
            _DOCUMENTED_FILLED if filled else _DOCUMENTED
        )
    if filled:
        documented["minLength"] = 1
    return Annotated[
        str,
        AfterValidator(_bounded(max_length)),
        AfterValidator(_clean),
        WithJsonSchema(documented),
    ]


def stored(model, name: str, **kwargs):
    """:func:`text` bounded by the model field it is stored in (core.limits)."""
    return text(limits.max_length(model, name), **kwargs)


Code = text(40, filled=True, pattern=CODE_PATTERN)


# Checked by the service, whose 422 names the rule in Chinese; stated here so
# that integrators (and generated test data) know the shape.
IdempotencyKey = Annotated[
    Annotated[
        str | None,
        Field(
            None,
            json_schema_extra={
                "minLength": 1,
                "maxLength": 200,
                "pattern": KEY_PATTERN,
            },
        ),
    ],
    Header(
        alias="Idempotency-Key",
        description=(
            "幂等键（可选）：1至200个可见的 ASCII 字符，如 UUID。"
            "同一键、同一内容的重试返回第一次的结果"
            "（响应头 Idempotent-Replayed: true），不会重复登记；"
            "同一键、不同内容返回 422。"
        ),
    ),
]


class StrictSchema(Schema):
    model_config = ConfigDict(extra="forbid")


class ApplicantIn(StrictSchema):
    name: stored(Applicant, "name", filled=True) = Field(description="申请人姓名")
    id_number: text(ID_NUMBER_TYPED_MAX, pattern=ID_NUMBER_PATTERN) = Field(
        description="18位居民身份证号码，校验位须正确"
    )
    phone: stored(Applicant, "phone", pattern=PHONE_PATTERN) = Field(
        description="11位手机号或带区号的固定电话"
    )
    address: stored(Applicant, "address", filled=True) = Field(description="住址")


class MaterialIn(StrictSchema):
    name: stored(ReceivedMaterial, "name", filled=True) = Field(
        description="材料名称；与办事指南所列名称相同时勾销清单"
    )
    pages: int = Field(0, ge=0, le=2000, description="页数")
    copies: int = Field(1, ge=1, le=20, description="份数")


class MemberIn(StrictSchema):
    name: stored(HouseholdMember, "name", filled=True)
    relation: stored(HouseholdMember, "relation") = Field(
        "", description="与申请人关系"
    )
    id_number: text(ID_NUMBER_TYPED_MAX, pattern=or_empty(ID_NUMBER_PATTERN)) = Field(
        "", description="18位居民身份证号码（如有），校验位须正确"
    )


class CaseIn(StrictSchema):
    assistance_type: Code = Field(description="救助事项编码，见 GET /reference")
    channel: text(40, enum=list(Channel.values)) = Field(
        description="受理渠道编码，见 GET /reference"
    )
    township: Code = Field(description="乡镇编码")
    village: text(40, pattern=or_empty(CODE_PATTERN)) | None = Field(
        None, description="村（社区）编码，须属于该乡镇"
    )
    applicant: ApplicantIn
    description: stored(Case, "description", filled=True) = Field(
        description="申请事由"
    )
    materials: list[MaterialIn] = Field(
        default_factory=list, max_length=MAX_MATERIALS, description="已收材料"
    )
    household: list[MemberIn] = Field(
        default_factory=list, max_length=MAX_HOUSEHOLD, description="家庭成员"
    )
    external_reference: stored(Case, "external_reference") = Field(
        "", description="推送平台的申请编号"
    )


class TransitionIn(StrictSchema):
    action: Literal[tuple(TRANSITIONS)] = Field(description="办理操作")
    note: text(MAX_NOTE) = Field("", description="意见或理由；不予受理、转办等须填写")
    monthly_amount: text(9, pattern=or_empty(AMOUNT_PATTERN)) = Field(
        "",
        description="救助金额（元/月），如 580 或 580.50；审批同意（approve）须填写，"
        "其他操作不填",
    )
    starts_month: text(7, pattern=or_empty(MONTH_PATTERN)) = Field(
        "",
        description="起始月份，如 2026-12，在申请当月至审批次月之间；"
        "审批同意（approve）须填写，其他操作不填",
    )
    version: int | None = Field(
        None, ge=1, description="所依据的案件版本；已被他人修改时拒绝（409）"
    )


class ErrorItem(Schema):
    field: str | None
    message: str


class ErrorOut(Schema):
    message: str
    errors: list[ErrorItem] = []


class CodeName(Schema):
    code: str
    name: str


def _local(value: datetime | None) -> datetime | None:
    return timezone.localtime(value) if value else value


# Times as Beijing time (+08:00), as every answer of the API gives them.
LocalTime = Annotated[datetime, AfterValidator(_local)]


def _person(user) -> str | None:
    return ServicePoint.staff_display_name(user) if user is not None else None


class OfCase(Schema):
    """A record of a case, answered with the case's number."""

    @staticmethod
    def resolve_case_number(record) -> str:
        return record.case.number


class ApplicantOut(Schema):
    name: str
    id_number_masked: str
    phone_masked: str
    address: str

    @staticmethod
    def resolve_id_number_masked(applicant) -> str:
        return applicant.masked_id_number

    @staticmethod
    def resolve_phone_masked(applicant) -> str:
        return applicant.masked_phone


class MemberOut(Schema):
    name: str
    relation: str
    id_number_masked: str

    @staticmethod
    def resolve_id_number_masked(member) -> str:
        return mask_id_number(member.id_number)


class DeadlineOut(StageLabelled):
    stage: str
    stage_label: str
    starts_on: date
    working_days: int
    extended_days: int
    due_on: date
    calculation: str = Field(
        description="期限计算过程：起算日、工作日、跳过的节假日与补正期间"
    )
    completed_at: LocalTime | None


class MaterialOut(Schema):
    name: str
    form: str
    form_label: str
    copies: int
    pages: int
    required: bool
    received: bool
    received_at: LocalTime | None
    from_guide: bool
    note: str

    @staticmethod
    def resolve_form_label(material) -> str:
        return material.get_form_display()


class NoticeOut(Schema):
    kind: str
    kind_label: str
    number: str
    issued_at: LocalTime
    issued_by: str
    content: dict[str, Any]
    resolved_at: LocalTime | None

    @staticmethod
    def resolve_kind_label(notice) -> str:
        return notice.get_kind_display()

    @staticmethod
    def resolve_issued_by(notice) -> str | None:
        return _person(notice.issued_by)


class ReferralOut(OfCase, StatusLabelled, ReferredOn):
    number: str = Field(description="台账编号")
    case_number: str
    department: CodeName = Field(description="承办部门")
    need: str = Field(description="转办事项；整案转办时为空")
    whole_case: bool
    reason: str
    contact: str
    documents: str
    status: str
    status_label: str
    referred_at: LocalTime
    referred_on: date
    due_working_days: int
    feedback_due: date = Field(description="应反馈日期：转办日后第 N 个工作日")
    due_calculation: str
    overdue: bool = Field(description="逾期未反馈")
    feedback: str
    feedback_at: LocalTime | None
    result: str
    closed_at: LocalTime | None
    chase_count: int

    @staticmethod
    def resolve_overdue(referral) -> bool:
        return referral.is_overdue()


class ActionOut(Schema):
    action: str
    label: str

    @staticmethod
    def resolve_label(transition) -> str:
        return str(transition.label)


class DecisionOut(Schema):  # read from the decided case
    decision: str = Field(description="approved（审批同意）或 denied（审批不同意）")
    label: str
    note: str = Field(description="决定意见")
    decided_at: LocalTime
    monthly_amount: str | None = Field(description="救助金额（元/月），审批同意时")
    starts_month: str | None = Field(description="起始月份（2026-12），审批同意时")

    @staticmethod
    def resolve_label(case) -> str:
        return str(Case.Status(case.decision).label)

    @staticmethod
    def resolve_note(case) -> str:
        return case.decision_note

    @staticmethod
    def resolve_monthly_amount(case) -> str | None:
        amount = case.monthly_amount
        return f"{amount:.2f}" if amount is not None else None

    @staticmethod
    def resolve_starts_month(case) -> str | None:
        month = case.starts_month
        return f"{month:%Y-%m}" if month is not None else None


class IdNumberChangeOut(OfCase, StatusLabelled):
    id: int = Field(description="更正申请编号，审核时用")
    case_number: str
    status: Literal["pending", "approved", "refused"]
    status_label: str
    id_number_masked: str = Field(description="更正后的身份证号码（脱敏）")
    reason: str
    requested_by: str
    requested_at: LocalTime
    decided_by: str | None
    decided_at: LocalTime | None
    decision_note: str

    @staticmethod
    def resolve_id_number_masked(correction) -> str:
        return mask_id_number(correction.id_number)

    @staticmethod
    def resolve_requested_by(correction) -> str | None:
        return _person(correction.requested_by)

    @staticmethod
    def resolve_decided_by(correction) -> str | None:
        return _person(correction.decided_by)


class AttachmentOut(Schema):
    id: int = Field(description="附件编号，下载与作为佐证时用")
    name: str = Field(description="文件名（上传时的名称，已去除路径与控制字符）")
    material: str = Field(description="对应的收件材料名称")
    size: int = Field(description="字节数")
    sha256: str = Field(description="内容的 SHA-256 摘要（十六进制），已记入历史")
    content_type: str = Field(description="按内容识别的类型")
    uploaded_at: LocalTime
    uploaded_by: str

    @staticmethod
    def resolve_material(attachment) -> str:
        return attachment.material_name

    @staticmethod
    def resolve_uploaded_by(attachment) -> str | None:
        return _person(attachment.uploaded_by)


class ObjectionOut(StatusLabelled):
    id: int = Field(description="异议编号，审核时用")
    status: Literal["submitted", "township_upheld", "upheld", "rejected"] = Field(
        description="submitted 待乡镇审核；township_upheld 待县级审核；"
        "upheld 异议成立；rejected 异议不成立"
    )
    status_label: str
    warning: str = Field(description="核对报告的预警内容")
    evidence: str = Field(description="财产登记机关佐证材料")
    attachments: list[int] = Field(description="佐证附件的编号")
    submitted_at: LocalTime
    township_opinion: str
    township_reviewed_at: LocalTime | None
    county_opinion: str
    county_reviewed_at: LocalTime | None

    @staticmethod
    def resolve_attachments(objection) -> list[int]:
        return sorted(a.pk for a in objection.evidence_attachments.all())


# A case as its reader may see it: ID numbers and phones masked, times in
# Beijing time; ``actions`` are those of the user the answer is for. (No
# docstring: it would become the schema's description in the OpenAPI document.)
class CaseOut(StatusLabelled):
    number: str
    status: str
    status_label: str
    version: int
    assistance_type: CodeName
    channel: CodeName
    township: CodeName
    village: CodeName | None
    applicant: ApplicantOut
    household: list[MemberOut]
    description: str
    external_reference: str
    received_at: LocalTime = Field(description="服务器收到申请的时间，不可指定或修改")
    received_by: str = Field(description="首问负责人")
    handler: str | None
    closed_at: LocalTime | None
    decision: DecisionOut | None = Field(description="审批决定；未审批时为空")
    deadlines: list[DeadlineOut]
    materials: list[MaterialOut]
    notices: list[NoticeOut]
    referrals: list[ReferralOut] = Field(description="分办、转办台账中本案的各条")
    actions: list[ActionOut] = Field(description="当前用户此刻可执行的操作")
    id_number_changes: list[IdNumberChangeOut] = Field(
        description="身份证号码更正申请：待审核的由提出人以外的审核人批准"
    )
    attachments: list[AttachmentOut] = Field(
        description="案件附件（扫描件），经 GET …/attachments/{id} 下载"
    )
    objections: list[ObjectionOut] = Field(
        description="核对报告异议：乡镇审核、县级审核及其结果"
    )

    # Related rows are read through .all(), so the rows that
    # cases.selectors.with_case_details fetched (or intake just wrote) are used.

    @staticmethod
    def resolve_channel(case) -> dict:
        return {"code": case.channel, "name": str(Channel(case.channel).label)}

    @staticmethod
    def resolve_household(case):
        return case.applicant.household.all()

    @staticmethod
    def resolve_received_by(case) -> str | None:
        return _person(case.received_by)

    @staticmethod
    def resolve_handler(case) -> str | None:
        return _person(case.handler)

    @staticmethod
    def resolve_decision(case):
        return case if case.decision and case.decided_at is not None else None

    @staticmethod
    def resolve_actions(case, context):
        return available_transitions(_reader(context), case)

    @staticmethod
    def resolve_id_number_changes(case):
        return case.applicant_corrections.all()

    @staticmethod
    def resolve_attachments(case):
        return case.attachments.all()

    @staticmethod
    def resolve_objections(case):
        return case.objections.all()


def _reader(context) -> object:
    """The user an answer is for: the request's, or one given by the caller."""
    context = context or {}
    return context.get("user") or context["request"].user


class ReceiptMaterialOut(Schema):
    name: str
    form: str
    copies: int
    pages: int


class ReceiptOut(Schema):  # the 收件回执单 as issued (IntakeOut.resolve_receipt)
    number: str
    issued_at: LocalTime
    materials: list[ReceiptMaterialOut]
    missing: list[str]
    promised_on: date
    total_days: int
    handler: str
    guide: str


class IntakeWarningOut(Schema):
    code: Literal["open_case_same_id"] = Field(
        description="open_case_same_id：该身份证号码另有正在办理的案件"
    )
    message: str = Field(description="给经办人看的中文提示")
    case_number: str = Field(description="另一件案件的编号")
    township: str = Field(description="另一件案件所在乡镇的名称")


# The case as logged, with its first deadline and the receipt (收件回执单).
class IntakeOut(CaseOut):
    deadline: DeadlineOut = Field(description="当前环节（受理）的期限")
    receipt: ReceiptOut = Field(description="收件回执单")
    warnings: list[IntakeWarningOut] = Field(
        description=(
            "提示（不阻止登记）：同一身份证号码另有正在办理的案件时，"
            "只给出其编号和所在乡镇，不含姓名、住址、电话或家庭成员；"
            "其他乡镇的案件仍不能查阅。"
        )
    )

    @staticmethod
    def resolve_deadline(case):
        return next(d for d in case.deadlines.all() if d.stage == "accept")

    @staticmethod
    def resolve_receipt(case) -> dict:
        notice = next(n for n in case.notices.all() if n.kind == Notice.Kind.RECEIPT)
        content = notice.content
        return {
            "number": notice.number,
            "issued_at": notice.issued_at,
            **{
                key: content.get(key)
                for key in ("materials", "missing", "promised_on", "total_days")
            },
            "handler": content.get("handler", ""),
            "guide": content.get("guide", ""),
        }

    @staticmethod
    def resolve_warnings(case):
        return open_cases_same_id(case)


# Shown masked in history as in the case itself; the full value is for the
# admin's logged reveal action only.
_MASKERS = {"id_number": mask_id_number, "phone": mask_phone}


def _shown(field: str, value) -> str:
    return _MASKERS.get(field, str)(value) if value else ""


class FieldChangeOut(Schema):
    field: str
    label: str
    old: str
    new: str

    @staticmethod
    def resolve_old(change) -> str:
        return _shown(change.field, change.old)

    @staticmethod
    def resolve_new(change) -> str:
        return _shown(change.field, change.new)


class VersionOut(Schema):  # one entry of cases.timeline.case_timeline
    at: LocalTime
    user: str
    reason: str
    kind: str
    kind_label: str
    record: str
    record_label: str
    changes: list[FieldChangeOut]


__all__ = [
    "ComplaintProgressOut",
    "ProgressDeadlineOut",
    "ProgressExtensionOut",
    "ProgressOut",
    "ProgressPauseOut",
    "ProgressReferralOut",
]
