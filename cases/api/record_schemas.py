"""Request shapes of the referral, complaint, correction and consultation
endpoints, and the complaint and consultation answers."""

from datetime import date

from ninja import Field, Schema

from cases.identity import ID_NUMBER_TYPED_MAX
from cases.models import (
    Applicant,
    ApplicantCorrection,
    Complaint,
    Consultation,
    Referral,
)
from cases.progress import StatusLabelled
from cases.services.complaints import PUBLIC_CHANNELS
from cases.services.referrals import DEFAULT_FEEDBACK_DAYS, MAX_FEEDBACK_DAYS
from core.limits import max_length
from portal.models import ServicePoint

from .schemas import (
    CODE_PATTERN,
    ID_NUMBER_PATTERN,
    PHONE_PATTERN,
    Code,
    CodeName,
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


class ConsultationIn(StrictSchema):
    """One consultation at a window; the caller is its first responder, the
    server's clock its time (no back-dating)."""

    channel: text(10, enum=["visit", "phone"]) = Field(
        description="咨询方式：visit（来访）或 phone（来电）"
    )
    township: Code | None = Field(
        None,
        description="窗口所在乡镇编码；null 为县级窗口（仅县级工作人员）。"
        "乡镇经办人只能登记本乡镇",
    )
    service_point: Code | None = Field(
        None, description="服务窗口编码（县级或乡镇窗口，可不填）"
    )
    person_name: stored(Consultation, "person_name") = Field(
        "", description="咨询人姓名（可不填）"
    )
    person_phone: stored(
        Consultation, "person_phone", pattern=or_empty(PHONE_PATTERN)
    ) = Field("", description="咨询人电话（可不填）：11位手机号或带区号的固定电话")
    assistance_type: Code | None = Field(
        None, description="所咨询的救助事项编码，见 GET /reference"
    )
    topic: stored(Consultation, "topic") = Field(
        "", description="咨询事项；未填救助事项时须填写，不超过200字"
    )
    answer: stored(Consultation, "answer", filled=True) = Field(
        description="答复及告知内容：当场答复、转交或引导的情况"
    )
    one_time_notice: bool = Field(
        False, description="是否已一次性告知依据、时限、程序和全部所需材料"
    )


class ConsultationOut(Schema):
    number: str = Field(description="咨询编号")
    township: CodeName | None = Field(description="窗口所在乡镇；县级窗口为 null")
    service_point: CodeName | None
    window: str = Field(description="服务窗口名称")
    channel: str
    channel_label: str
    person_name: str
    person_phone: str
    assistance_type: CodeName | None
    topic: str
    answer: str
    one_time_notice: bool
    consulted_at: LocalTime = Field(description="咨询时间（服务器登记时间）")
    first_responder: str = Field(description="首问负责人")
    case_number: str | None = Field(description="转成的案件编号（如有）")
    converted_at: LocalTime | None

    @staticmethod
    def resolve_window(consultation) -> str:
        return consultation.window_label

    @staticmethod
    def resolve_channel_label(consultation) -> str:
        return consultation.get_channel_display()

    @staticmethod
    def resolve_first_responder(consultation) -> str:
        return ServicePoint.staff_display_name(consultation.first_responder)

    @staticmethod
    def resolve_case_number(consultation) -> str | None:
        return consultation.case.number if consultation.case_id else None
