"""Tamper evidence for the case module's history (django-simple-history).

Every history row stores the digest of the row before it in its table and a
keyed digest (HMAC-SHA-256) of its own content; each table's head records its
length and last digest; a daily anchor copies the heads out of the database.
``verify_history`` reports an edited, re-hashed, inserted or deleted row, a
deleted tail, and a live record changed behind the application's back.
"""

from .chain import (
    ChangeReasonRequired,
    HashChainedHistory,
    ReasonRequiredOnChange,
    TrackedModel,
    chain_rows,
    chained_history_models,
    history_rows_inserted,
    insert_chained,
)
from .digest import GENESIS, content_hash, current_key, legacy_digest, row_digest
from .verify import ChainBreak, verify_all, verify_live, verify_model

__all__ = [
    "GENESIS",
    "ChainBreak",
    "ChangeReasonRequired",
    "HashChainedHistory",
    "ReasonRequiredOnChange",
    "TrackedModel",
    "chain_rows",
    "chained_history_models",
    "content_hash",
    "current_key",
    "history_rows_inserted",
    "insert_chained",
    "legacy_digest",
    "row_digest",
    "verify_all",
    "verify_live",
    "verify_model",
]
