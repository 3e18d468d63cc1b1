"""Idempotency-Key：同一键的重试返回第一次的结果，而不是再登记一件。

A pushing platform that lost the answer to its first request sends the same
request again with the same key. The key is stored with what the request made
(a case, or a public complaint) in the same transaction, under a unique
constraint per scope, so two copies arriving at once still make one: the
loser's transaction is rolled back and it answers with the winner's.

One implementation for both: ``once`` does the work; ``case_receive_once`` and
``complaint_submit_once`` say what is made, how a request is fingerprinted, and
whose keys these are.
"""

import hashlib
import json
import re
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from cases.models import Case, Complaint, IdempotencyRecord

from .complaints import ComplaintIn, complaint_submit
from .errors import CaseError
from .intake import IntakeRequest, case_receive

KEY_FIELD = "Idempotency-Key"
KEY_PATTERN = r"^[\x21-\x7e]{1,200}$"
_KEY_SHAPE = re.compile(KEY_PATTERN)


class IdempotencyKeyInvalid(CaseError):
    """The key is not 1 to 200 visible ASCII characters: a validation error."""

    status = 422


class IdempotencyKeyReused(CaseError):
    """The key was used before for a request with different content."""

    status = 422


def user_scope(user) -> str:
    """A staff caller's keys are theirs alone: two users may pick the same key."""
    return f"user:{user.pk}"


def address_scope(address: str) -> str:
    """The public's keys, scoped by the address the request came from.

    Anyone may call the public endpoint, so a key alone would let one caller
    who learns or guesses another's key be answered with the other's complaint
    (its number, time and due date), or be told that the key was used. With the
    address in the scope a replay only answers the address that filed it; a
    caller elsewhere with the same key simply files its own complaint. Keying
    by the body instead would hide a reused key behind a second complaint
    instead of refusing it. The cost: a retry from a new address (a phone that
    moved from Wi-Fi to mobile data) is not recognised and files again; the
    platforms that push complaints call from fixed servers.

    The address is kept only as a keyed hash: the record outlives the request,
    and a plain hash of an IPv4 address could be reversed by trying them all.
    """
    digest = salted_hmac("cases.idempotency.address", address or "unknown")
    return f"address:{digest.hexdigest()[:40]}"


def check_key(key: str | None) -> str:
    if not _KEY_SHAPE.match(key or ""):
        raise IdempotencyKeyInvalid(
            _("Idempotency-Key 应为1至200个可见的 ASCII 字符（如 UUID）。"),
            field=KEY_FIELD,
        )
    return key


def is_known(scope: str, key: str | None) -> bool:
    """Whether this key was used in this scope (a retry, if its body matches)."""
    if not _KEY_SHAPE.match(key or ""):
        return False
    return IdempotencyRecord.objects.filter(scope=scope, key=key).exists()


def _fingerprint(data) -> str:
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def intake_fingerprint(request: IntakeRequest) -> str:
    """SHA-256 over what the request asks for, with directory entries by code."""
    a = request.applicant
    return _fingerprint(
        {
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
    )


def complaint_fingerprint(data: ComplaintIn) -> str:
    return _fingerprint(
        [
            data.channel,
            data.content,
            data.name,
            data.phone,
            data.address,
            data.case_number,
        ]
    )


def _replay(scope: str, key: str, fingerprint: str, kind: str, reused):
    record = (
        IdempotencyRecord.objects.select_related(kind)
        .filter(scope=scope, key=key)
        .first()
    )
    if record is None:
        return None
    if record.request_hash != fingerprint:
        raise IdempotencyKeyReused(reused(record), field=KEY_FIELD)
    # Scopes of staff and of the public never meet: a scope's records are all
    # of one kind.
    return getattr(record, kind)


def once(
    *,
    scope: str,
    key: str,
    fingerprint: str,
    kind: str,
    make: Callable[[], Case | Complaint],
    reused: Callable[[IdempotencyRecord], str],
    user=None,
):
    """(made, created): make it, or return what this key made in this scope.

    ``kind`` names the record's field ("case" or "complaint"); ``reused`` words
    the refusal when the key came with different content.
    """
    check_key(key)
    found = _replay(scope, key, fingerprint, kind, reused)
    if found is not None:
        return found, False
    try:
        with transaction.atomic():
            made = make()
            IdempotencyRecord.objects.create(
                scope=scope,
                user=user,
                key=key,
                request_hash=fingerprint,
                **{kind: made},
            )
    except IntegrityError:
        # A request with the same key committed first; ours was rolled back whole.
        found = _replay(scope, key, fingerprint, kind, reused)
        if found is None:
            raise
        return found, False
    return made, True


def case_receive_once(*, by, request: IntakeRequest, key: str) -> tuple[Case, bool]:
    """(case, created): log the application, or return the case this key made."""

    def reused(record):
        return _(
            "该 Idempotency-Key 已用于内容不同的另一份申请（案件%(number)s）。"
            "重试请原样发送第一次的内容；新的申请请换一个新的键。"
        ) % {"number": record.case.number}

    return once(
        scope=user_scope(by),
        user=by,
        key=key,
        fingerprint=intake_fingerprint(request),
        kind="case",
        make=lambda: case_receive(by=by, request=request),
        reused=reused,
    )


def complaint_submit_once(
    *, data: ComplaintIn, key: str, scope: str
) -> tuple[Complaint, bool]:
    """(complaint, created): file the complaint, or return the one this key filed.

    The refusal of a reused key does not name the earlier complaint: on the
    public endpoint the caller is known only by address.
    """
    return once(
        scope=scope,
        key=key,
        fingerprint=complaint_fingerprint(data),
        kind="complaint",
        make=lambda: complaint_submit(data=data),
        reused=lambda record: _(
            "该 Idempotency-Key 已用于内容不同的另一件投诉。"
            "重试请原样发送第一次的内容；新的投诉请换一个新的键。"
        ),
    )
