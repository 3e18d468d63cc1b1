"""One-time codes as an authenticator app would show them (RFC 6238 TOTP)."""

import time
from base64 import b32decode

from django_otp.oath import TOTP


def otp_code(key_hex: str, *, at: float | None = None, steps_ahead: int = 0) -> str:
    """The 6-digit code for a device's hex key, now or ``steps_ahead`` × 30 s on.

    A code is accepted once per device (replay protection); the device also
    accepts the next step's code, so a second login within 30 s can use
    ``steps_ahead=1``.
    """
    totp = TOTP(bytes.fromhex(key_hex), step=30, t0=0, digits=6)
    totp.time = (time.time() if at is None else at) + 30 * steps_ahead
    return f"{totp.token():06d}"


def otp_code_from_base32(key: str, **kwargs) -> str:
    return otp_code(b32decode(key.replace(" ", "")).hex(), **kwargs)
