"""The A4 poster as PDF, made by WeasyPrint from the print view's own HTML.

Chinese stays real text: WeasyPrint embeds subsets of the CJK font that
fontconfig finds for ``OFFLINE_SYNC["PDF_FONT_FAMILY"]``. Nothing is fetched over
the network; the only resources a poster may load are the site's static files,
read from disk.
"""

import functools
import logging
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation

from .render import css_font_family, font_names

logger = logging.getLogger(__name__)


class PosterUnavailable(Exception):
    """This server cannot make PDFs: WeasyPrint (pango) or a CJK font is missing."""


class ResourceRefused(ValueError):
    """The poster asked for something that is not one of the site's static files."""


# The PDF is set in the configured family whatever the browser stylesheet says.
FONT_CSS = "html, body, body * { font-family: %s !important; }"


@functools.cache
def _problem(families: tuple[str, ...]) -> str | None:
    """Why PDFs cannot be made here, or None. Checked once per process."""
    try:
        import weasyprint  # noqa: F401
        from weasyprint.text.ffi import ffi, fontconfig
    except (ImportError, OSError) as exc:
        return f"WeasyPrint cannot load (pango missing?): {exc}"
    if not families:
        return 'OFFLINE_SYNC["PDF_FONT_FAMILY"] names no font'
    if not _any_font_installed(ffi, fontconfig, families):
        return f"no CJK font installed for {', '.join(families)} (fonts-noto-cjk)"
    return None


def _any_font_installed(ffi, fontconfig, families) -> bool:
    """Whether fontconfig matches one of the families for Chinese text itself,
    rather than falling back to whatever font it has."""
    wanted = {name.casefold() for name in families}
    config = fontconfig.FcInitLoadConfigAndFonts()
    try:
        for family in families:
            pattern = fontconfig.FcPatternCreate()
            fontconfig.FcPatternAddString(pattern, b"family", family.encode())
            fontconfig.FcPatternAddString(pattern, b"lang", b"zh-cn")
            fontconfig.FcConfigSubstitute(config, pattern, fontconfig.FcMatchPattern)
            fontconfig.FcDefaultSubstitute(pattern)
            result = ffi.new("FcResult *")
            match = fontconfig.FcFontMatch(config, pattern, result)
            fontconfig.FcPatternDestroy(pattern)
            if match == ffi.NULL:
                continue
            names = []
            value = ffi.new("FcChar8 **")
            index = 0
            while fontconfig.FcPatternGetString(match, b"family", index, value) == 0:
                names.append(ffi.string(value[0]).decode("utf-8", "replace"))
                index += 1
            fontconfig.FcPatternDestroy(match)
            if any(name.casefold() in wanted for name in names):
                return True
        return False
    finally:
        fontconfig.FcConfigDestroy(config)


def unavailable_reason() -> str | None:
    return _problem(tuple(font_names()))


def _static_path(name: str) -> str | None:
    """The file on disk of a static name: collected (hashed names included)
    or, before collectstatic, found in the source folders."""
    try:
        if staticfiles_storage.exists(name):
            return staticfiles_storage.path(name)
    except (NotImplementedError, SuspiciousFileOperation):
        pass
    try:
        return finders.find(name)
    except SuspiciousFileOperation:
        return None


def static_url_fetcher(url: str, *args, **kwargs) -> dict:
    """WeasyPrint's url_fetcher: the site's static files, from disk; nothing else."""
    parts = urlsplit(url)
    prefix = urlsplit(settings.STATIC_URL).path
    if parts.scheme not in {"http", "https"} or not parts.path.startswith(prefix):
        raise ResourceRefused(f"poster resource refused: {url[:200]}")
    name = unquote(parts.path[len(prefix) :])
    path = _static_path(name) if name else None
    if not path:
        raise ResourceRefused(f"no such static file: {name[:200]}")
    return {
        "string": Path(path).read_bytes(),
        "mime_type": mimetypes.guess_type(name)[0] or "application/octet-stream",
        "redirected_url": url,
    }


def render_pdf(html: str, *, base_url: str) -> bytes:
    """The PDF of a print rendering; raises PosterUnavailable when it cannot."""
    reason = unavailable_reason()
    if reason is not None:
        raise PosterUnavailable(reason)
    import weasyprint

    document = weasyprint.HTML(
        string=html, base_url=base_url, url_fetcher=static_url_fetcher
    )
    font_css = weasyprint.CSS(string=FONT_CSS % css_font_family())
    return document.write_pdf(stylesheets=[font_css])
