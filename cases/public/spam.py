"""Spam protection of the complaint form without any third-party CAPTCHA service.

A signed token carries the time the form was served: a submission sooner than a
person could type, or from a page opened too long ago, or with a token that was
altered, is refused. A honeypot field, hidden from people, must stay empty.

The token also carries a random value new on every showing of the form: it is
the submission's idempotency key, so a double click (or a resend after a lost
answer) files one complaint, not two.
"""

import secrets
import time

from django.core import signing
from django.utils.translation import gettext as _

SALT = "cases.public.complaint-form"
MIN_SECONDS = 3
MAX_AGE_SECONDS = 2 * 3600
HONEYPOT = "website"


def form_token(*, now: float | None = None) -> str:
    issued = int(now if now is not None else time.time())
    return signing.dumps({"t": issued, "n": secrets.token_urlsafe(16)}, salt=SALT)


def submission_key(token: str) -> str | None:
    """The idempotency key of the showing of the form this token came with."""
    try:
        nonce = signing.loads(token or "", salt=SALT)["n"]
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    return f"form:{nonce}" if isinstance(nonce, str) and nonce else None


def token_problem(token: str, *, now: float | None = None) -> str | None:
    """Why the token is not acceptable, or None when it is."""
    now = now if now is not None else time.time()
    try:
        issued = int(signing.loads(token or "", salt=SALT)["t"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return _("表单校验未通过，请刷新页面后重新填写。")
    if submission_key(token) is None:
        # A page served before forms carried a key: shown again with one.
        return _("表单校验未通过，请刷新页面后重新填写。")
    elapsed = now - issued
    if elapsed < MIN_SECONDS:
        return _("提交过快，请确认内容后再提交。")
    if elapsed > MAX_AGE_SECONDS:
        return _("页面打开时间过长，请刷新页面后重新填写。")
    return None
