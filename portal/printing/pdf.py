"""The A4 poster as PDF, made by WeasyPrint from the print view's own HTML.

Chinese stays real text: WeasyPrint embeds subsets of the CJK font that
fontconfig finds for ``OFFLINE_SYNC["PDF_FONT_FAMILY"]``: the system's
(fonts-noto-cjk, which ``make install`` installs where it may: scripts/
pdf_system_packages.sh), or else the Noto Sans CJK that the Python package
noto-cjk-sans-otc ships (SIL Open Font License), added to WeasyPrint's own font
configuration. Nothing is fetched over the network; the only resources a poster
may load are the site's static files, read from disk.
"""

import functools
import importlib.util
import logging
import mimetypes
from collections.abc import Callable, Sequence
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from .render import css_font_family, font_names

logger = logging.getLogger(__name__)


class PosterUnavailable(Exception):
    """This server cannot make PDFs: WeasyPrint (pango) or a CJK font is missing."""


class ResourceRefused(ValueError):
    """The poster asked for something that is not one of the site's static files."""


# The PDF is set in the configured family whatever the browser stylesheet says.
FONT_CSS = "html, body, body * { font-family: %s !important; }"


# What to do about each missing piece, said to whoever runs the server.
PANGO_MISSING = gettext_noop(
    "缺少排版库 pango：请以 root 运行 make install（会用 apt-get 安装 libpango-1.0-0 "
    "和 libpangoft2-1.0-0），或请管理员执行 apt-get install libpango-1.0-0 "
    "libpangoft2-1.0-0。"
)
FONT_MISSING = gettext_noop(
    "缺少中文字体（{families}）：请运行 make install（以 root 安装 fonts-noto-cjk，"
    "否则安装 Python 包 noto-cjk-sans-otc 自带的思源黑体），或执行 apt-get install "
    "fonts-noto-cjk。"
)


def bundled_font() -> Path | None:
    """Noto Sans CJK from the package noto-cjk-sans-otc, when it is installed
    (the fallback where the system's fonts cannot be installed)."""
    spec = importlib.util.find_spec("noto_cjk_sans_otc")
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        path = Path(folder) / "NotoSansCJK-Regular.ttc"
        if path.is_file():
            return path
    return None


@functools.cache
def _problem(families: tuple[str, ...]) -> str | None:
    """Why PDFs cannot be made here, or None. Checked once per process."""
    try:
        import weasyprint  # noqa: F401
        from weasyprint.text.ffi import ffi, fontconfig
    except (ImportError, OSError) as exc:
        return _(PANGO_MISSING) + f" ({exc})"
    if not families:
        return _('OFFLINE_SYNC["PDF_FONT_FAMILY"] 没有指定字体。')
    if not _any_font_installed(ffi, fontconfig, families):
        return _(FONT_MISSING).format(families="、".join(families))
    return None


def _add_bundled_font(fontconfig, config) -> None:
    path = bundled_font()
    if path is not None:
        fontconfig.FcConfigAppFontAddFile(config, str(path).encode())


def font_installed_on_system() -> bool:
    """Whether the system's own fonts have one of the configured families."""
    try:
        from weasyprint.text.ffi import ffi, fontconfig
    except (ImportError, OSError):
        return False
    return _any_font_installed(ffi, fontconfig, font_names(), bundled=False)


def _any_font_installed(ffi, fontconfig, families, *, bundled: bool = True) -> bool:
    """Whether fontconfig matches one of the families for Chinese text itself,
    rather than falling back to whatever font it has."""
    wanted = {name.casefold() for name in families}
    config = fontconfig.FcInitLoadConfigAndFonts()
    if bundled:
        _add_bundled_font(fontconfig, config)
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


def _document(html: str, *, base_url: str):
    """WeasyPrint's laid-out document (its ``pages`` counted before writing)."""
    reason = unavailable_reason()
    if reason is not None:
        raise PosterUnavailable(reason)
    import weasyprint

    fonts = _font_configuration()
    document = weasyprint.HTML(
        string=html, base_url=base_url, url_fetcher=static_url_fetcher
    )
    font_css = weasyprint.CSS(string=FONT_CSS % css_font_family(), font_config=fonts)
    return document.render(stylesheets=[font_css], font_config=fonts)


def _font_configuration():
    """WeasyPrint's font configuration, with the shipped font added to it."""
    from weasyprint.text.ffi import ffi, fontconfig, pangoft2
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    if bundled_font() is not None:
        _add_bundled_font(fontconfig, fonts._config)
        pangoft2.pango_fc_font_map_config_changed(
            ffi.cast("PangoFcFontMap *", fonts.font_map)
        )
    return fonts


def render_pdf(html: str, *, base_url: str) -> bytes:
    """The PDF of a print rendering; raises PosterUnavailable when it cannot."""
    return _document(html, base_url=base_url).write_pdf()


def render_one_page_pdf(
    html_for: Callable[[object], str], plans: Sequence, *, base_url: str
) -> tuple[bytes, object, int]:
    """The PDF of the fullest plan that fits one page: (pdf, plan, pages).

    ``plans`` run from the fullest to the leanest, each giving up more than
    the one before, so the pages never grow along the list: the first plan is
    tried, then the first that fits is found by halving. If even the leanest
    runs over, it is the one made (and the caller hears how many pages).
    """
    laid_out: dict[int, object] = {}

    def pages(index: int) -> int:
        if index not in laid_out:
            laid_out[index] = _document(html_for(plans[index]), base_url=base_url)
        return len(laid_out[index].pages)

    chosen = 0
    if pages(0) > 1:
        low, high = 1, len(plans) - 1
        chosen = high
        while low <= high:
            middle = (low + high) // 2
            if pages(middle) <= 1:
                chosen, high = middle, middle - 1
            else:
                low = middle + 1
    count = pages(chosen)
    return laid_out[chosen].write_pdf(), plans[chosen], count
