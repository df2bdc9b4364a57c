#!/usr/bin/env bash
# Build Zhangfang for Linux: the one-folder bundle (dist/zhangfang/: the programs zhangfang
# and zhangfang-server) and a .deb that installs it under /opt/zhangfang with the menu entry,
# the icon and the .zhangfang file type. Dependencies come from requirements/lock-linux.txt,
# installed into a build virtualenv of their own (never the developer's).
#
# Usage: installers/linux/build.sh [--out DIR] [--no-deb | --deb-only]
#   --out DIR   where the venv, PyInstaller's work files and dist/ go (default: build/linux)
#   --no-deb    the bundle only
#   --deb-only  package the bundle already in DIR/dist as a .deb (no rebuild)
# DEB_COMPRESSION: dpkg-deb's compressor (default xz; the tests use none, quicker)
# An AppImage would need appimagetool, which no package registry we use ships; dpkg-deb is
# on every Debian/Ubuntu machine.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="$ROOT/build/linux"
DEB=1
BUNDLE=1
while [ $# -gt 0 ]; do
  case "$1" in
    --out) OUT="$(mkdir -p "$2" && cd "$2" && pwd)"; shift 2 ;;
    --no-deb) DEB=0; shift ;;
    --deb-only) BUNDLE=0; shift ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done
PY="${PYTHON:-python3}"
VENV="$OUT/venv"
LOCK="$ROOT/requirements/lock-linux.txt"
cd "$ROOT"

if [ "$BUNDLE" = 1 ]; then
  # the build venv: made once, refreshed when the lock file changes
  stamp="$VENV/.lock-sha256"
  want="$(sha256sum "$LOCK" | cut -c1-64)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    rm -rf "$VENV"
    "$PY" -m venv "$VENV"
    "$VENV/bin/python" -m pip install -q --upgrade pip
    "$VENV/bin/python" -m pip install -q -r "$LOCK"
    echo "$want" > "$stamp"
  fi
  VERSION="$("$VENV/bin/python" -c 'import desktop; print(desktop.__version__)')"
  echo "Building Zhangfang $VERSION into $OUT/dist"
  "$VENV/bin/python" -m PyInstaller --noconfirm --log-level WARN \
    --distpath "$OUT/dist" --workpath "$OUT/work" installers/zhangfang.spec
  du -sh "$OUT/dist/zhangfang"
fi
# the version the bundle itself reports (the one place: desktop/__init__.py)
VERSION="$("$OUT/dist/zhangfang/zhangfang" --version | awk '{print $2}')"
[ -n "$VERSION" ] || { echo "no bundle in $OUT/dist" >&2; exit 1; }

[ "$DEB" = 1 ] || exit 0

# the .deb: /opt/zhangfang (the bundle), commands in /usr/bin, menu entry, icons, file type
pkg="$OUT/deb/zhangfang_${VERSION}_$(dpkg --print-architecture)"
rm -rf "$pkg"
mkdir -p "$pkg/DEBIAN" "$pkg/opt" "$pkg/usr/bin" "$pkg/usr/share/applications" \
  "$pkg/usr/share/mime/packages"
cp -a "$OUT/dist/zhangfang" "$pkg/opt/zhangfang"
ln -s /opt/zhangfang/zhangfang "$pkg/usr/bin/zhangfang"
ln -s /opt/zhangfang/zhangfang-server "$pkg/usr/bin/zhangfang-server"
cp installers/linux/zhangfang.desktop "$pkg/usr/share/applications/zhangfang.desktop"
cp installers/linux/zhangfang-mime.xml "$pkg/usr/share/mime/packages/zhangfang.xml"
for size in 16 24 32 48 64 128 256 512; do
  dir="$pkg/usr/share/icons/hicolor/${size}x${size}/apps"
  mkdir -p "$dir"
  cp "resources/icons/zhangfang-$size.png" "$dir/zhangfang.png"
done
cat > "$pkg/DEBIAN/control" <<CONTROL
Package: zhangfang
Version: $VERSION
Architecture: $(dpkg --print-architecture)
Maintainer: Zhangfang <support@zhangfang.invalid>
Section: office
Priority: optional
Depends: libegl1, libgl1, libfontconfig1, libxkbcommon0, libxkbcommon-x11-0, libdbus-1-3,
 libxcb-cursor0, libxcb-icccm4, libxcb-keysyms1, libxcb-image0, libxcb-render-util0,
 libxcb-randr0, libxcb-shape0, libxcb-xfixes0, libxcb-xkb1, libx11-xcb1
Installed-Size: $(du -sk "$pkg" | cut -f1)
Description: 账房 Zhangfang — sales and purchasing ledger (进销存)
 Orders, deliveries, bills, payments, stock and statements for traders.
 The ledger and its backups stay in the user's data folder, never here.
CONTROL
cat > "$pkg/DEBIAN/postinst" <<'POSTINST'
#!/bin/sh
set -e
command -v update-desktop-database >/dev/null && update-desktop-database -q || true
command -v update-mime-database >/dev/null && update-mime-database /usr/share/mime || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q /usr/share/icons/hicolor || true
POSTINST
cp "$pkg/DEBIAN/postinst" "$pkg/DEBIAN/postrm"
chmod 755 "$pkg/DEBIAN/postinst" "$pkg/DEBIAN/postrm"
dpkg-deb --root-owner-group "-Z${DEB_COMPRESSION:-xz}" --build "$pkg" "$OUT/zhangfang_${VERSION}_$(dpkg --print-architecture).deb"
ls -la "$OUT"/*.deb
