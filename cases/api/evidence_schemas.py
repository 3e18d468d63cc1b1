"""Request shapes of the attachment and objection endpoints (案件附件、核对异议)."""

from typing import Annotated

from ninja import Field

from cases.models import CaseAttachment, VerificationObjection

from .schemas import _DOCUMENTED_FILLED, StrictSchema, stored

# An attachment's id as the database can hold it: a larger number names none.
MAX_ID = 2**31 - 1
MAX_EVIDENCE = 20
AttachmentId = Annotated[int, Field(ge=1, le=MAX_ID)]


class ObjectionIn(StrictSchema):
    warning: stored(VerificationObjection, "warning", filled=True) = Field(
        description="核对报告的预警内容（申请人对哪一项有异议）"
    )
    evidence: stored(VerificationObjection, "evidence", filled=True) = Field(
        description="申请人出具的财产登记机关有效佐证材料（名称、出具机关）"
    )
    attachment_ids: list[AttachmentId] = Field(
        [],
        max_length=MAX_EVIDENCE,
        description="佐证附件的编号（须先经 POST …/attachments 上传到本案件）",
    )


class ObjectionReviewIn(StrictSchema):
    uphold: bool = Field(
        description="true：异议成立（乡镇：报县级审核）；false：不成立"
    )
    opinion: stored(VerificationObjection, "township_opinion", filled=True) = Field(
        description="审核意见"
    )


# The multipart body of POST /cases/{number}/attachments, as the document
# states it (the handler reads it through Django's own parser).
UPLOAD_BODY = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["file", "material"],
                "additionalProperties": False,
                "properties": {
                    "file": {
                        "type": "string",
                        "format": "binary",
                        "description": "扫描件或照片：PDF、JPEG、PNG 或 OFD，"
                        "按内容识别（与文件名无关）",
                    },
                    "material": {
                        "type": "string",
                        "minLength": 1,
                        "maxLength": CaseAttachment._meta.get_field(
                            "material_name"
                        ).max_length,
                        "pattern": _DOCUMENTED_FILLED,
                        "description": "对应的材料名称，如收件清单中的“居民身份证”"
                        "或“授权书”",
                    },
                },
            }
        }
    },
}
