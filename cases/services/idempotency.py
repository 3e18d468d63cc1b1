"""Idempotency-Key：同一键的重试返回第一次的结果，而不是再登记一件案件。

A pushing platform that lost the answer to its first request sends the same
request again with the same key. The key is stored with the case in the same
transaction, under a unique constraint, so two copies arriving at once still
make one case: the loser's transaction is rolled back and it answers with the
winner's case.
"""

import hashlib
import json
import re

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from cases.models import Case, IdempotencyRecord

from .errors import CaseError
from .intake import IntakeRequest, case_receive

KEY_FIELD = "Idempotency-Key"
_KEY_SHAPE = re.compile(r"^[\x21-\x7e]{1,200}$")


class IdempotencyKeyReused(CaseError):
    """The key was used before for a request with different content."""

    status = 422


def intake_fingerprint(request: IntakeRequest) -> str:
    """SHA-256 over what the request asks for, with directory entries by code."""
    a = request.applicant
    data = {
        "assistance_type": request.assistance_type.code,
        "channel": request.channel,
        "township": request.township.code,
        "village": request.village.code if request.village else None,
        "applicant": [a.name, a.id_number, a.phone, a.address],
        "description": request.description,
        "materials": [[m.name, m.pages, m.copies] for m in request.materials],
        "household": [[m.name, m.relation, m.id_number] for m in request.household],
        "external_reference": request.external_reference,
    }
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _replay(by, key: str, fingerprint: str) -> Case | None:
    record = (
        IdempotencyRecord.objects.select_related("case")
        .filter(user=by, key=key)
        .first()
    )
    if record is None:
        return None
    if record.request_hash != fingerprint:
        raise IdempotencyKeyReused(
            _(
                "该 Idempotency-Key 已用于内容不同的另一份申请（案件%(number)s）。"
                "重试请原样发送第一次的内容；新的申请请换一个新的键。"
            )
            % {"number": record.case.number},
            field=KEY_FIELD,
        )
    return record.case


def case_receive_once(*, by, request: IntakeRequest, key: str) -> tuple[Case, bool]:
    """(case, created): log the application, or return the case this key made."""
    if not _KEY_SHAPE.match(key or ""):
        raise CaseError(
            _("Idempotency-Key 应为1至200个可见的 ASCII 字符（如 UUID）。"),
            field=KEY_FIELD,
        )
    fingerprint = intake_fingerprint(request)
    case = _replay(by, key, fingerprint)
    if case is not None:
        return case, False
    try:
        with transaction.atomic():
            case = case_receive(by=by, request=request)
            IdempotencyRecord.objects.create(
                user=by, key=key, request_hash=fingerprint, case=case
            )
    except IntegrityError:
        # A request with the same key committed first; ours was rolled back whole.
        case = _replay(by, key, fingerprint)
        if case is None:
            raise
        return case, False
    return case, True
