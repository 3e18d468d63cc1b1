"""A fresh machine: `make run` on another port makes posters whose QR codes and
links name the address actually served, and PDFs come out even where the system
has no CJK font (the shipped Noto Sans CJK) or says clearly why not (pango)."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from portal.permissions import setup_groups
from portal.printing import pdf as pdf_module
from portal.printing.pdf import PosterUnavailable, bundled_font
from portal.printing.stamp import qr_svg
from tests.factories.pages import make_policy
from tests.factories.staff import editor

from .printing import current_of, require_pdf_renderer

ROOT = Path(__file__).resolve().parent.parent.parent
SERVED = "192.168.10.5:8123"
JSON = {"HTTP_ACCEPT": "application/json"}

pytestmark = pytest.mark.django_db


@pytest.fixture
def policy(site_tree):
    return make_policy(site_tree, title="关于公布低保标准的通知", body_text="标准")


def test_print_view_qr_and_links_carry_the_host_and_port_served(client, policy):
    edition = current_of(policy)
    response = client.get(policy.url + "print/", HTTP_HOST=SERVED)
    content = response.content.decode()
    verify_url = f"http://{SERVED}/verify/{edition.code}/"
    assert verify_url in content
    assert qr_svg(verify_url) in content
    assert f"http://{SERVED}/policies/" in content  # the page address printed
    assert ":8000" not in content and "testserver" not in content


def test_base_url_when_set_is_what_print_and_qr_carry(client, policy, settings):
    settings.BASE_URL = "https://jiuzhu.example.gov.cn"
    edition = current_of(policy)
    content = client.get(policy.url + "print/", HTTP_HOST=SERVED).content.decode()
    verify_url = f"https://jiuzhu.example.gov.cn/verify/{edition.code}/"
    assert qr_svg(verify_url) in content
    assert SERVED not in content


def test_verification_links_carry_the_host_and_port_served(client, policy):
    code = current_of(policy).code
    data = client.get(f"/verify/{code}/", HTTP_HOST=SERVED, **JSON).json()
    assert data["page_url"] == f"http://{SERVED}{policy.url}"
    assert data["poster_url"].startswith(f"http://{SERVED}/")


def test_poster_pdf_carries_the_host_and_port_served(client, policy):
    require_pdf_renderer()
    response = client.get(policy.url + "poster.pdf", HTTP_HOST=SERVED)
    assert response.status_code == 200
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    text = "".join(page.extract_text() for page in reader.pages)
    assert f"{SERVED}/verify/{current_of(policy).code}" in text.replace("\n", "")
    assert ":8000" not in text


def _settings_value(name: str, **env: str) -> str:
    clean = {k: v for k, v in os.environ.items() if k not in {"BASE_URL", "SERVED_AT"}}
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", f"import config.settings.dev as s; print(s.{name})"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.strip()


def test_links_made_without_a_request_name_the_address_served_or_base_url():
    served = "http://127.0.0.1:8765"
    assert _settings_value("WAGTAILADMIN_BASE_URL", SERVED_AT=served) == served
    assert (
        _settings_value(
            "WAGTAILADMIN_BASE_URL", SERVED_AT=served, BASE_URL="https://a.example/"
        )
        == "https://a.example"
    )
    assert _settings_value("BASE_URL") == ""


def test_serve_script_tells_the_settings_which_address_it_serves():
    script = (ROOT / "scripts" / "serve_with_worker.sh").read_text()
    assert "export SERVED_AT" in script
    makefile = (ROOT / "Makefile").read_text()
    assert "scripts/pdf_system_packages.sh" in makefile
    assert "manage.py check_posters" in makefile


NO_FONTS_CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><cachedir>{cache}</cachedir></fontconfig>
"""

RENDER = """
import io, django, pypdf
django.setup()
from portal.printing.pdf import font_installed_on_system, render_pdf
assert not font_installed_on_system(), "the system's fonts are still visible"
data = render_pdf("<p>临时救助办事指南</p>", base_url="http://testserver/")
reader = pypdf.PdfReader(io.BytesIO(data))
print(reader.pages[0].extract_text())
for font in reader.pages[0]["/Resources"]["/Font"].values():
    print(font.get_object()["/BaseFont"])
"""


def test_poster_pdf_is_made_with_the_shipped_font_where_the_system_has_none(
    tmp_path,
):
    """A machine without fonts-noto-cjk: fontconfig sees no font at all here."""
    require_pdf_renderer()
    assert bundled_font() is not None, "noto-cjk-sans-otc is a dependency"
    conf = tmp_path / "fonts.conf"
    conf.write_text(NO_FONTS_CONF.format(cache=tmp_path / "cache"))
    env = {
        **os.environ,
        "FONTCONFIG_FILE": str(conf),
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", RENDER],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "临时救助办事指南" in result.stdout
    assert "NotoSansCJKsc" in result.stdout.replace("-", "").replace("SC", "sc")


def test_check_posters_says_it_can_make_them(capsys):
    require_pdf_renderer()
    call_command("check_posters")
    assert "海报 PDF：可以生成" in capsys.readouterr().out


def test_check_posters_says_what_is_missing_and_what_to_run(monkeypatch, capsys):
    monkeypatch.setattr(
        "portal.management.commands.check_posters.unavailable_reason",
        lambda: pdf_module.PANGO_MISSING,
    )
    call_command("check_posters")
    err = capsys.readouterr().err
    assert "海报 PDF：暂时无法生成" in err
    assert "apt-get install libpango-1.0-0" in err
    with pytest.raises(CommandError, match="pango"):
        call_command("check_posters", "--fail")


def test_a_missing_pango_is_explained_in_chinese_not_raised(monkeypatch):
    from portal.printing.pdf import _problem

    monkeypatch.setitem(sys.modules, "weasyprint", None)
    reason = _problem(("Font For The Missing Pango Test",))
    assert reason is not None and "pango" in reason and "apt-get" in reason


def test_unavailable_poster_is_explained_on_the_admin_home(
    client, site_tree, policy, monkeypatch
):
    """The public's poster link says to use the print view; staff are told on
    the admin home page what is missing and what to run."""
    monkeypatch.setattr(
        "portal.printing.panel.unavailable_reason", lambda: pdf_module.PANGO_MISSING
    )

    def refuse(html, *, base_url):
        raise PosterUnavailable(pdf_module.PANGO_MISSING)

    monkeypatch.setattr("portal.printing.views.render_pdf", refuse)
    public = client.get(policy.url + "poster.pdf").content.decode()
    assert "打印版" in public and "apt-get" not in public
    setup_groups(content_root=site_tree.home)
    client.force_login(editor())
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "海报 PDF 暂时无法生成" in home
    assert "apt-get install libpango-1.0-0" in home


def test_admin_home_says_nothing_of_posters_when_they_can_be_made(
    client, site_tree, monkeypatch
):
    monkeypatch.setattr("portal.printing.panel.unavailable_reason", lambda: None)
    setup_groups(content_root=site_tree.home)
    client.force_login(editor())
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "海报 PDF 暂时无法生成" not in home


def _script(tmp_path, *, libraries: str, fonts: str) -> subprocess.CompletedProcess:
    """scripts/pdf_system_packages.sh with ldconfig and fc-list stood in for."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name, output in (("ldconfig", libraries), ("fc-list", fonts)):
        stub = bin_dir / name
        stub.write_text(f"#!/bin/sh\nprintf '%s' '{output}'\n")
        stub.chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}:/usr/bin:/bin", "PDF_SKIP_APT": "1"}
    return subprocess.run(  # noqa: S603
        ["/bin/bash", str(ROOT / "scripts" / "pdf_system_packages.sh")],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_system_packages_script_says_what_to_run_without_failing(tmp_path):
    result = _script(tmp_path, libraries="", fonts="")
    assert result.returncode == 0
    assert "缺少排版库 pango" in result.stderr
    assert "apt-get install libpango-1.0-0 libpangoft2-1.0-0" in result.stderr
    assert "noto-cjk-sans-otc" in result.stdout


def test_system_packages_script_is_silent_when_all_is_there(tmp_path):
    result = _script(
        tmp_path,
        libraries="libpangoft2-1.0.so.0 (libc6,x86-64) => /lib/libpangoft2-1.0.so.0",
        fonts="Noto Sans CJK SC",
    )
    assert result.returncode == 0
    assert result.stdout == result.stderr == ""
