"""Row digests of the history chains: keyed HMAC-SHA-256, the key never in the database.

Anyone who can read this code can recompute a plain SHA-256, so a digest an
intruder could forge proves nothing. The key comes from the environment
(``HISTORY_HMAC_KEYS``); every row stores the id of the key that sealed it, so a
key can be replaced by a new one while older rows still verify with theirs.
"""

import hashlib
import hmac
import json
from datetime import UTC, date, datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

GENESIS = "0" * 64
# Never part of a row's digest: the chain fields themselves.
NOT_HASHED = frozenset({"history_id", "row_hash", "prev_hash", "key_id"})


class UnknownHistoryKey(LookupError):
    """A row names a key id this installation does not hold."""


def _canonical(value):
    if isinstance(value, datetime) and value.tzinfo is not None:
        # The database gives instants back in UTC whatever zone they were saved
        # in; hash the instant, not the zone it happened to carry.
        return value.astimezone(UTC).isoformat()
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    if value is None or isinstance(value, bool | int | float | str):
        return value
    # JSON fields: PostgreSQL's jsonb gives keys back in its own order, so the
    # value is hashed as data (json.dumps sorts keys), never as its repr.
    if isinstance(value, dict):
        return {str(k): _canonical(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_canonical(v) for v in value]
    return str(value)


canonical = _canonical


def _payload(row, prev_hash: str, *, keep_none: bool) -> bytes:
    fields = {}
    for field in row._meta.concrete_fields:
        if field.attname in NOT_HASHED:
            continue
        value = _canonical(getattr(row, field.attname))
        # A nullable column added to a history table later reads NULL in every
        # older row; leaving NULLs out keeps those rows' digests valid.
        if value is None and not keep_none:
            continue
        fields[field.attname] = value
    text = json.dumps(
        {"prev": prev_hash, "row": fields},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return text.encode("utf-8")


def history_keys() -> dict[str, bytes]:
    keys = getattr(settings, "HISTORY_KEYS", None) or {}
    if not keys:
        raise ImproperlyConfigured(
            "HISTORY_HMAC_KEYS is not set: the history chain needs a key "
            "(id:secret[,id:secret…]) from the environment."
        )
    return {key_id: secret.encode("utf-8") for key_id, secret in keys.items()}


def current_key() -> tuple[str, bytes]:
    keys = history_keys()
    key_id = getattr(settings, "HISTORY_KEY_ID", "") or next(reversed(keys))
    if key_id not in keys:
        raise ImproperlyConfigured(f"HISTORY_HMAC_KEY_ID {key_id!r} has no key.")
    return key_id, keys[key_id]


def key_for(key_id: str) -> bytes:
    try:
        return history_keys()[key_id]
    except KeyError:
        raise UnknownHistoryKey(key_id) from None


def row_digest(row, prev_hash: str, key: bytes) -> str:
    """HMAC-SHA-256 over the row's field values and the previous row's digest."""
    return hmac.new(
        key, _payload(row, prev_hash, keep_none=False), hashlib.sha256
    ).hexdigest()


def legacy_digest(row, prev_hash: str) -> str:
    """The unkeyed SHA-256 of rows written before keys (checked once, on upgrade)."""
    return hashlib.sha256(_payload(row, prev_hash, keep_none=True)).hexdigest()


def seal(key: bytes, *parts) -> str:
    """A keyed digest over a few plain values (chain heads, daily anchors)."""
    text = "\n".join(str(p) for p in parts)
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).hexdigest()


def content_hash(row, prev_hash: str) -> str:
    """The digest a row gets with the current key."""
    return row_digest(row, prev_hash, current_key()[1])
