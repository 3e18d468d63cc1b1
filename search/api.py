"""GET /api/v1/search: the archive search for staff tools (token required).

The same service as the admin page: the caller's township scope applies and the
search is logged (via=api). Every parameter is declared as an optional string
so that search.query validates it and a bad value is answered with its own
message naming the field, a 422 like every validation error of the API.
Parameters the endpoint does not know are ignored.
"""

from datetime import datetime
from typing import Annotated
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from wagtail.api.v3.auth import BearerTokenAuth

from cases.api.schemas import PLAIN_TEXT_PATTERN, ErrorOut

from . import vocabulary
from .models import SearchLog
from .query import (
    MAX_PAGE_SIZE,
    MAX_QUERY_CHARS,
    PAGE_SIZE,
    SORTS,
    Hit,
)
from .service import archive_search

router = Router(auth=BearerTokenAuth(), tags=["search"])


class HitOut(Schema):
    key: str = Field(description="索引键，如 case:12、history:cases.case:34")
    kind: str = Field(description="记录类别：case 案件、history 历史版本")
    case_number: str = Field(description="所属案件编号")
    number: str = Field(description="记录自身的编号（文书号等），案件即案件编号")
    title: str
    snippet: str = Field(
        description="命中处前后的摘录（HTML）：文字已转义，命中词包在 <mark> 中"
    )
    at: datetime = Field(description="记录时间，ISO 8601，北京时间（+08:00）")
    township: str = Field(description="乡镇代码")
    status: str = Field(description="案件状态代码")
    assistance_type: str = Field(description="救助事项代码")
    channel: str = Field(description="受理渠道代码")
    handler: str = Field(description="经办人用户名")
    user: str = Field(description="操作人用户名（历史版本）")
    record: str = Field(description="记录类型，如“救助案件”“收件材料”")


class SearchOut(Schema):
    total: int = Field(description="命中总数")
    page: int
    page_size: int
    results: list[HitOut]
    facets: dict[str, dict[str, int]] = Field(
        description="分类统计：kind、assistance_type、status、township、channel，"
        "各为 代码 → 条数"
    )


def _hit(hit: Hit) -> dict:
    local = ZoneInfo(settings.TIME_ZONE)
    return {
        "key": hit.key,
        "kind": hit.kind,
        "case_number": hit.case_number,
        "number": hit.number,
        "title": hit.title,
        "snippet": str(hit.snippet),
        "at": timezone.localtime(hit.at, local),
        "township": hit.township,
        "status": hit.status,
        "assistance_type": hit.assistance_type,
        "channel": hit.channel,
        "handler": hit.handler,
        "user": hit.user,
        "record": hit.record,
    }


def _text(description: str, alias: str | None = None):
    return Query(None, alias=alias, description=description)


# Values the document states for the optional strings below (checked by
# search.query, whose 422 names the field); the empty value means "any".
def _shaped(**schema) -> Field:
    return Field(None, json_schema_extra=schema)


_DAY = r"^((19[0-9]{2}|2[0-9]{3})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01]))?$"
# The rule of typed text (core/text.py): control characters are refused (422).
Text = Annotated[
    str | None, _shaped(maxLength=MAX_QUERY_CHARS, pattern=PLAIN_TEXT_PATTERN)
]
Kind = Annotated[str | None, _shaped(enum=["", *vocabulary.kinds()])]
Status_ = Annotated[str | None, _shaped(enum=["", *vocabulary.statuses()])]
ChannelCode = Annotated[str | None, _shaped(enum=["", *vocabulary.channels()])]
Day = Annotated[str | None, _shaped(pattern=_DAY)]
Sort = Annotated[str | None, _shaped(enum=["", *SORTS])]
Page = Annotated[str | None, _shaped(pattern=r"^([1-9][0-9]*)?$")]
Size = Annotated[str | None, _shaped(pattern=rf"^([1-9][0-9]?|{MAX_PAGE_SIZE})?$")]


@router.get(
    "/search",
    response={
        200: SearchOut,
        401: ErrorOut,
        403: ErrorOut,
        422: ErrorOut,
        503: ErrorOut,
    },
)
def search(
    request,
    q: Annotated[
        Text, _text("检索词：空格分开的词须全部出现，引号括起的词组整体匹配")
    ] = None,
    kind: Annotated[Kind, _text("记录类别：case、history")] = None,
    assistance_type: Annotated[
        str | None, _text("救助事项代码（见 GET /api/v1/reference）")
    ] = None,
    status: Annotated[Status_, _text("案件状态代码")] = None,
    township: Annotated[str | None, _text("乡镇代码；乡镇经办人只能检索本乡镇")] = None,
    channel: Annotated[ChannelCode, _text("受理渠道代码")] = None,
    handler: Annotated[str | None, _text("经办人用户名")] = None,
    user: Annotated[str | None, _text("操作人用户名")] = None,
    date_from: Annotated[
        Day, _text("起始日期，如 2026-10-01（1900-01-01 至 2999-12-31）", alias="from")
    ] = None,
    date_to: Annotated[
        Day,
        _text(
            "截止日期（含当日），如 2026-10-31（1900-01-01 至 2999-12-31）", alias="to"
        ),
    ] = None,
    sort: Annotated[Sort, _text("排序：relevance（默认）、newest、oldest")] = None,
    page: Annotated[Page, _text("页码，从 1 开始；超出末页时返回空列表")] = None,
    size: Annotated[
        Size, _text(f"每页条数，默认 {PAGE_SIZE}，最多 {MAX_PAGE_SIZE}")
    ] = None,
):
    """档案检索：案件及其历史版本的全文检索、筛选与分类统计；检索行为留痕。"""
    params = {
        "q": q,
        "kind": kind,
        "assistance_type": assistance_type,
        "status": status,
        "township": township,
        "channel": channel,
        "handler": handler,
        "user": user,
        "from": date_from,
        "to": date_to,
        "sort": sort,
        "page": page,
        "size": size,
    }
    # A refused search (QueryError 422, SearchDenied 403, BackendUnavailable
    # 503) is answered by the API's one handler of refusals.
    query, results = archive_search(
        by=request.user,
        params={k: v for k, v in params.items() if v is not None},
        via=SearchLog.Via.API,
    )
    return {
        "total": results.total,
        "page": query.page,
        "page_size": query.page_size,
        "results": [_hit(hit) for hit in results.hits],
        "facets": results.facets,
    }
