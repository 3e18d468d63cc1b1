#!/usr/bin/env bash
# make install: the system packages the poster PDFs need (WeasyPrint's pango and
# a CJK font), installed from Debian's packages when this machine allows it:
# as root, or through sudo without a password, where apt-get exists. Otherwise
# it says what is missing and what to run; it never stops the install (the rest
# of the portal works without PDFs, and the font has a fallback: the Python
# package noto-cjk-sans-otc that pyproject.toml installs).
#
#   scripts/pdf_system_packages.sh
set -uo pipefail

PACKAGES=(libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk)

have_pango() {
  ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0.so.0'
}
have_cjk_font() {
  command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list :lang=zh family 2>/dev/null | head -n 1)" ]
}

if have_pango && have_cjk_font; then
  exit 0
fi

if [ "${PDF_SKIP_APT:-}" = "1" ] || ! command -v apt-get >/dev/null 2>&1; then
  as_root=""
elif [ "$(id -u)" -eq 0 ]; then
  as_root="env"
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root="sudo -n"
else
  as_root=""
fi

if [ -n "$as_root" ]; then
  echo "海报 PDF：安装系统软件包 ${PACKAGES[*]} …"
  export DEBIAN_FRONTEND=noninteractive
  if $as_root apt-get install -y -q --no-install-recommends "${PACKAGES[@]}" >/dev/null 2>&1 ||
    { $as_root apt-get update -q >/dev/null 2>&1 &&
      $as_root apt-get install -y -q --no-install-recommends "${PACKAGES[@]}" >/dev/null 2>&1; }; then
    echo "海报 PDF：系统软件包已安装。"
  else
    echo "海报 PDF：apt-get 未能安装 ${PACKAGES[*]}，请稍后重试。" >&2
  fi
fi

if ! have_pango; then
  cat >&2 <<'MSG'
海报 PDF：本机缺少排版库 pango，暂时无法生成海报 PDF（网站其余功能不受影响，打印版页面照常可用）。
  请管理员执行：apt-get install libpango-1.0-0 libpangoft2-1.0-0
  或以 root 身份重新运行：make install
MSG
fi
if ! have_cjk_font; then
  echo "海报 PDF：系统没有中文字体，改用 Python 包 noto-cjk-sans-otc 自带的思源黑体（Noto Sans CJK）。"
fi
exit 0
