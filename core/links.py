"""The public address a link, a QR code or an e-mail carries.

``BASE_URL`` when it is set (a proxy in front, a public name): printed copies
then carry the address the public reaches. Otherwise, while answering a request,
the host and port that request came to (``make run`` on another PORT, a phone
on the office network), and without a request (commands, queued e-mail) the
address the development server was started on (``WAGTAILADMIN_BASE_URL``).
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest


def public_url(path: str, request: HttpRequest | None = None) -> str:
    """``path`` (starting with /) as an absolute URL; an absolute one (a page of
    another site) stays as it is."""
    if urlsplit(path).scheme:
        return path
    base = getattr(settings, "BASE_URL", "").rstrip("/")
    if base:
        return base + path
    if request is not None:
        return request.build_absolute_uri(path)
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path
