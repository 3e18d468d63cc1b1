"""Request shapes of the referral, complaint and correction endpoints, and the
complaint answer."""

from datetime import date

from ninja import Field

from cases.identity import ID_NUMBER_TYPED_MAX
from cases.models import Applicant, ApplicantCorrection, Complaint, Referral
from cases.progress import StatusLabelled
from cases.services.complaints import PUBLIC_CHANNELS
from cases.services.referrals import DEFAULT_FEEDBACK_DAYS, MAX_FEEDBACK_DAYS
from core.limits import max_length

from .schemas import (
    CODE_PATTERN,
    ID_NUMBER_PATTERN,
    PHONE_PATTERN,
    Code,
    LocalTime,
    StrictSchema,
    or_empty,
    stored,
    text,
)

_REASON = max_length(ApplicantCorrection, "reason")


class ReferralIn(StrictSchema):
    department: Code = Field(description="承办部门编码，见 GET /reference")
    reason: stored(Referral, "reason", filled=True) = Field(description="转办理由")
    due_working_days: int = Field(
        DEFAULT_FEEDBACK_DAYS,
        ge=1,
        le=MAX_FEEDBACK_DAYS,
        description="反馈时限（工作日），自转办次日起算",
    )
    need: stored(Referral, "need") = Field(
        "", description="转办的诉求；不填则为本案救助事项"
    )
    contact: stored(Referral, "contact") = Field("", description="承办部门接收联系人")
    documents: stored(Referral, "documents") = Field("", description="移送的材料")
    whole_case: bool = Field(
        False, description="整案转办（不属于本部门职责）：案件状态转为已转办"
    )


class FeedbackIn(StrictSchema):
    feedback: stored(Referral, "feedback", filled=True) = Field(
        description="承办部门的反馈"
    )


class ResultIn(StrictSchema):
    result: stored(Referral, "result", filled=True) = Field(description="最终办理结果")


class ComplaintIn(StrictSchema):
    content: stored(Complaint, "content", filled=True) = Field(
        description="投诉内容，不超过2000字"
    )
    channel: text(40, enum=sorted(PUBLIC_CHANNELS)) = Field(
        description="来源渠道：website、app 或 platform"
    )
    name: stored(Complaint, "name") | None = Field(
        None, description="姓名；署名投诉10个工作日内反馈"
    )
    phone: stored(Complaint, "phone", pattern=or_empty(PHONE_PATTERN)) | None = Field(
        None, description="联系电话（11位手机号或带区号的固定电话）；署名投诉须留"
    )
    case_number: stored(Complaint, "stated_case_number") | None = Field(
        None, description="所涉案件编号（如有）"
    )


class ComplaintOut(StatusLabelled):
    number: str = Field(description="投诉编号，凭此查询")
    channel: str
    channel_label: str
    status: str
    status_label: str
    received_at: LocalTime
    named: bool
    response_due: date | None = Field(
        description="署名投诉的反馈期限（收到次日起10个工作日）；匿名为 null"
    )
    due_calculation: str

    @staticmethod
    def resolve_channel_label(complaint) -> str:
        return complaint.get_channel_display()

    @staticmethod
    def resolve_named(complaint) -> bool:
        return complaint.is_named


class ApplicantCorrectionIn(StrictSchema):
    """At least one of name, phone, address and village; what is left out (or
    null) stays as registered."""

    name: stored(Applicant, "name", filled=True) | None = Field(
        None, description="更正后的姓名"
    )
    phone: stored(Applicant, "phone", pattern=PHONE_PATTERN) | None = Field(
        None, description="更正后的电话：11位手机号或带区号的固定电话"
    )
    address: stored(Applicant, "address", filled=True) | None = Field(
        None, description="更正后的住址"
    )
    village: text(40, pattern=CODE_PATTERN) | None = Field(
        None, description="更正后的村（社区）编码，须属于本案所在乡镇"
    )
    reason: stored(ApplicantCorrection, "reason", filled=True) = Field(
        description=f"更正理由（记入历史），不超过{_REASON}字"
    )


class IdNumberChangeIn(StrictSchema):
    new_id_number: text(ID_NUMBER_TYPED_MAX, pattern=ID_NUMBER_PATTERN) = Field(
        description="更正后的18位居民身份证号码，校验位须正确"
    )
    reason: stored(ApplicantCorrection, "reason", filled=True) = Field(
        description=f"更正理由，不超过{_REASON}字"
    )


class IdNumberChangeDecisionIn(StrictSchema):
    approve: bool = Field(description="true 批准（更正本案申请人的号码），false 不批准")
    note: stored(ApplicantCorrection, "decision_note") = Field(
        "", description="审核意见；不批准时须填写"
    )
