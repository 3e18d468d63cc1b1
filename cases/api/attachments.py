"""案件附件 and 核对报告异议 endpoints (token required).

An upload is multipart: the body is read by Django's own parser, after the
length the request announces was checked against the limit, so an oversized
file is refused (413) before any of it is stored. A file is given out only to
those who may read its case (``case.view``); anyone else gets the 404 an
unknown number gets.
"""

from typing import Annotated

from django.http import Http404
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from ninja import Path, Router
from ninja.responses import Status
from wagtail.api.v3.auth import BearerTokenAuth

from cases.downloads import attachment_response
from cases.models import VerificationObjection
from cases.services import (
    CaseError,
    CaseNotFound,
    attachment_for_reader,
    attachment_upload,
    objection_county_review,
    objection_submit,
    objection_township_review,
)
from cases.services.attachments import TYPES, max_bytes

from .casework import _ERRORS, _case
from .errors import InvalidInput
from .evidence_schemas import MAX_ID, UPLOAD_BODY, ObjectionIn, ObjectionReviewIn
from .schemas import AttachmentOut, ErrorOut, ObjectionOut

router = Router(auth=BearerTokenAuth(), tags=["attachments"])

MULTIPART = "multipart/form-data"
# Room for the multipart framing and the material field around the file.
FRAMING_BYTES = 64 * 1024
RecordId = Annotated[int, Path(ge=1, le=MAX_ID)]

_UPLOAD_ERRORS = {
    **_ERRORS,
    400: ErrorOut,
    413: ErrorOut,
    415: ErrorOut,
    503: ErrorOut,
}
_FILE_ANSWER = {
    "responses": {
        "200": {
            "description": "文件内容；Content-Disposition 为附件下载及其文件名",
            "content": {
                t.content_type: {"schema": {"type": "string", "format": "binary"}}
                for t in TYPES.values()
            },
        }
    }
}


def _multipart(request):
    """The uploaded file and the material name, or the refusal to say why not."""
    if request.content_type != MULTIPART:
        raise CaseError(
            _("上传附件须用 multipart/form-data（现为“%(type)s”）。")
            % {"type": request.content_type[:100] or _("未设置")},
            status=415,
        )
    announced = request.META.get("CONTENT_LENGTH") or ""
    if announced.isdigit() and int(announced) > max_bytes() + FRAMING_BYTES:
        raise CaseError(
            _("文件过大，单个附件不能超过%(limit)s MB。")
            % {"limit": max_bytes() // (1024 * 1024)},
            field="file",
            status=413,
        )
    try:
        files, data = request.FILES, request.POST
    except MultiPartParserError as error:
        raise CaseError(
            _("请求体不是有效的 multipart/form-data，请检查后重试。"), status=400
        ) from error
    unknown = sorted((set(files) | set(data)) - {"file", "material"})
    if unknown:
        raise InvalidInput(
            [(name[:100], _("不接受此字段，请对照接口文档。")) for name in unknown]
        )
    if len(files.getlist("file")) > 1:
        raise CaseError(_("一次只能上传一个文件。"), field="file")
    return files.get("file"), data.get("material")


@router.post(
    "/cases/{number}/attachments",
    response={201: AttachmentOut, **_UPLOAD_ERRORS},
    openapi_extra={"requestBody": UPLOAD_BODY},
)
def attachment_create(request, number: str):
    """上传附件：扫描的授权书、材料或照片（multipart：file、material）。

    类型按内容识别，只接受 PDF、JPEG、PNG、OFD，其他（包括改了扩展名的程序）
    返回 415；超过大小上限返回 413；空文件 422；检出病毒 422，病毒扫描服务
    不可用 503。文件的 SHA-256 摘要记入案件历史。已办结的案件返回 409。
    """
    case = _case(request.user, number)
    upload, material = _multipart(request)
    attachment = attachment_upload(
        by=request.user, case=case, upload=upload, material=material
    )
    return Status(201, attachment)


@router.get(
    "/cases/{number}/attachments/{id}",
    response={**_ERRORS},
    openapi_extra=_FILE_ANSWER,
)
def attachment_download(request, number: str, id: RecordId):
    """下载附件：只给可以查阅该案件的人；其他人返回 404。"""
    case = _case(request.user, number)
    attachment = attachment_for_reader(by=request.user, case=case, attachment_id=id)
    try:
        return attachment_response(attachment)
    except FileNotFoundError as error:
        raise CaseNotFound(_("附件文件已不在存储中，请联系管理员。")) from error


@router.post("/cases/{number}/objections", response={201: ObjectionOut, **_ERRORS})
def objection_create(request, number: str, payload: ObjectionIn):
    """核对报告异议：登记申请人的异议、佐证材料及佐证附件，案件暂停计时。

    须在受理、调查核实或审核阶段提出（否则 409）；佐证附件须是本案件的附件
    （否则 422）；已有一项异议在审核中时 409。
    """
    objection = objection_submit(
        by=request.user,
        case=_case(request.user, number),
        warning=payload.warning,
        evidence=payload.evidence,
        attachment_ids=payload.attachment_ids,
    )
    return Status(201, objection)


def _objection(user, number: str, objection_id: int) -> VerificationObjection:
    found = _case(user, number).objections.filter(pk=objection_id).first()
    if found is None:
        raise Http404
    return found


@router.post(
    "/cases/{number}/objections/{id}/township-review",
    response={200: ObjectionOut, **_ERRORS},
)
def objection_township_review_create(
    request,
    number: str,
    id: RecordId,
    payload: ObjectionReviewIn,
):
    """乡镇审核（乡镇审核人）：成立则报县级审核；不成立则审核结束、恢复计时。"""
    return objection_township_review(
        by=request.user,
        objection=_objection(request.user, number, id),
        uphold=payload.uphold,
        opinion=payload.opinion,
    )


@router.post(
    "/cases/{number}/objections/{id}/county-review",
    response={200: ObjectionOut, **_ERRORS},
)
def objection_county_review_create(
    request,
    number: str,
    id: RecordId,
    payload: ObjectionReviewIn,
):
    """县级审核（县级审批人）：记录结论，恢复计时，由乡镇继续办理。"""
    return objection_county_review(
        by=request.user,
        objection=_objection(request.user, number, id),
        uphold=payload.uphold,
        opinion=payload.opinion,
    )
