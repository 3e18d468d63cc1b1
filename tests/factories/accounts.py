"""One-time codes as an authenticator app would show them (RFC 6238 TOTP)."""

import time
from base64 import b32decode

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def otp_code(key_hex: str, *, at: float | None = None, steps_ahead: int = 0) -> str:
    """The 6-digit code for a device's hex key, now or ``steps_ahead`` × 30 s on."""
    totp = TOTP(bytes.fromhex(key_hex), step=30, t0=0, digits=6)
    totp.time = (time.time() if at is None else at) + 30 * steps_ahead
    return f"{totp.token():06d}"


def otp_code_from_base32(key: str, **kwargs) -> str:
    return otp_code(b32decode(key.replace(" ", "")).hex(), **kwargs)


def current_code(username: str) -> str:
    """A code the user's confirmed device accepts right now, for browser tests.

    A device takes each time step's code once (replay protection) and accepts
    steps within its tolerance of its clock plus drift. So a second login by the
    same person within 30 s gets the next step's code; if even that was used,
    this waits for the clock to move on.
    """
    device = TOTPDevice.objects.get(user__username=username, confirmed=True)
    while True:
        now = time.time()
        step = int((now - device.t0) // device.step) + device.drift
        # The current step or a later one, never an earlier one: an earlier
        # step's code can expire between reading it here and the browser
        # submitting it (CI saw 验证码不正确或已过期 that way).
        for candidate in range(step, step + device.tolerance + 1):
            if candidate > device.last_t:
                totp = TOTP(device.bin_key, device.step, device.t0, device.digits)
                totp.time = device.t0 + candidate * device.step
                return f"{totp.token():0{device.digits}d}"
        time.sleep(device.step - (now - device.t0) % device.step + 0.1)
