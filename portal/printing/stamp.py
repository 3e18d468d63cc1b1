"""The stamp every printed copy carries: 第N版, its date and a QR code.

The QR code points at the verification page of exactly that edition, on the
public address (``BASE_URL``, else the host and port the request came to:
core/links.py), so a phone can tell whether the copy on the wall is still what
the site says.
"""

from dataclasses import dataclass
from datetime import datetime

import segno
from django.urls import reverse
from django.utils.translation import gettext as _

from core.links import public_url
from portal.models import PrintEdition


def verify_url(code: str, request=None) -> str:
    path = reverse("portal:verify", kwargs={"code": code})
    return public_url(path, request)


def qr_svg(url: str) -> str:
    """Inline SVG (no size, no style attribute): CSS sizes it, any printer can
    print it and no image has to be fetched."""
    return segno.make(url, error="m", micro=False).svg_inline(
        scale=1,
        border=2,
        omitsize=True,
        svgclass="qr-code",
        lineclass="qr-line",
        title=_("核验二维码"),
    )


@dataclass(frozen=True)
class Stamp:
    number: int
    published_at: datetime
    code: str
    url: str
    qr_svg: str

    @classmethod
    def for_edition(cls, edition: PrintEdition, request=None) -> "Stamp":
        url = verify_url(edition.code, request)
        return cls(edition.number, edition.published_at, edition.code, url, qr_svg(url))
