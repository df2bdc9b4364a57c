#!/usr/bin/env bash
# Sets up everything Zhangfang needs on Debian/Ubuntu: system packages (installed when
# missing and we are root or have passwordless sudo; otherwise named in a clear message),
# a virtual environment in .venv, and the Python packages. Safe to run again: it only
# does what is missing. Usage: source scripts/setup.sh [app|test]
set -u
ZF_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ZF_PURPOSE="${1:-app}"

# What the window needs (Qt's xcb platform and Chinese fonts), and what the tests add.
ZF_APT_APP="python3-venv libegl1 libgl1 libfontconfig1 libxkbcommon0 libglib2.0-0 libdbus-1-3
  libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0
  libxcb-render-util0 libxcb-randr0 libxcb-shape0 libxcb-xfixes0 libxcb-xkb1 libx11-xcb1
  fonts-wqy-microhei"
ZF_APT_TEST="poppler-utils xvfb xauth"
# Tried for the tests but never required: LibreOffice is the third-party reader the Excel
# round-trip tests compare against; PostgreSQL 15 runs the server's tests on PostgreSQL
# too (a throwaway instance each run, never the system service); gnome-keyring under a
# D-Bus session is the real Secret Service the sync credentials test keeps a token in;
# Chromium (with a CJK font) is the real browser the marketplace's buyer pages are driven
# in (Playwright, never its own browser download).
# Without them those tests skip, saying why.
ZF_APT_TEST_OPTIONAL="libreoffice-calc-nogui postgresql-15 gnome-keyring dbus-daemon dbus-bin dbus-user-session chromium fonts-wqy-microhei"

zf_python() {
  for candidate in python3.13 python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  return 1
}

zf_missing_apt() {
  local missing=""
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" ||
      missing="$missing $pkg"
  done
  echo "$missing"
}

zf_install_apt() {
  local wanted="$ZF_APT_APP"
  [ "$ZF_PURPOSE" = "test" ] && wanted="$wanted $ZF_APT_TEST"
  command -v dpkg-query >/dev/null 2>&1 || return 0   # not Debian/Ubuntu: nothing to do here
  # shellcheck disable=SC2086
  local missing; missing="$(zf_missing_apt $wanted)"
  [ -z "$missing" ] && return 0
  local sudo=""
  if [ "$(id -u)" != "0" ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo -n"
    else
      echo "Zhangfang needs these system packages; please install them (as root):" >&2
      echo "  apt-get update && apt-get install -y$missing" >&2
      return 1
    fi
  fi
  echo "Installing system packages:$missing"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null &&
  # shellcheck disable=SC2086
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    $missing >/dev/null || { echo "apt-get could not install:$missing" >&2; return 1; }
}

zf_install_optional_apt() {
  [ "$ZF_PURPOSE" = "test" ] || return 0
  command -v dpkg-query >/dev/null 2>&1 || return 0
  # shellcheck disable=SC2086
  local missing; missing="$(zf_missing_apt $ZF_APT_TEST_OPTIONAL)"
  [ -z "$missing" ] && return 0
  local sudo=""
  if [ "$(id -u)" != "0" ]; then
    command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null || {
      echo "Optional for the tests (they skip without it): apt-get install -y$missing" >&2
      return 0
    }
    sudo="sudo -n"
  fi
  echo "Installing optional test packages:$missing"
  local apt="$sudo env DEBIAN_FRONTEND=noninteractive apt-get"
  # shellcheck disable=SC2086
  $apt install -y -qq --no-install-recommends $missing >/dev/null 2>&1 ||
    { $apt update -qq >/dev/null 2>&1 &&
      $apt install -y -qq --no-install-recommends $missing >/dev/null 2>&1; } ||
    echo "Could not install$missing; the tests that need it will be skipped." >&2
  return 0
}

zf_setup() {
  local py
  py="$(zf_python)" || { echo "Zhangfang needs Python 3.11 or newer (apt-get install python3)." >&2; return 1; }
  zf_install_apt || return 1
  zf_install_optional_apt
  cd "$ZF_ROOT" || return 1
  if [ ! -x .venv/bin/python ]; then
    "$py" -m venv .venv || { echo "Could not create .venv (apt-get install python3-venv)." >&2; return 1; }
  fi
  local stamp=".venv/.zhangfang-installed"
  # the same packages for the app and the tests: one stamp, so neither reinstalls for the other
  # the same versions as the installers: requirements/lock-linux.txt (pip-compile) as constraints
  local lock="requirements/lock-linux.txt"
  local want; want="$(cat pyproject.toml "$lock" 2>/dev/null | sha256sum | cut -c1-16)"
  if [ ! -f "$stamp" ] || ! grep -qx "$want" "$stamp"; then
    echo "Installing Python packages into .venv ..."
    # pip's own notices (index locations, deprecations) are kept in .venv/pip.log
    if ! { .venv/bin/python -m pip install -q --upgrade pip &&
           .venv/bin/python -m pip install -q -c "$lock" -e ".[gui,server,dev]"; } >.venv/pip.log 2>&1; then
      tail -n 20 .venv/pip.log >&2
      echo "pip install failed (full log: .venv/pip.log)." >&2
      return 1
    fi
    echo "$want" > "$stamp"
  fi
}
