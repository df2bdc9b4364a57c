#!/usr/bin/env bash
# Build Zhangfang for macOS: Zhangfang.app (PyInstaller, from installers/zhangfang.spec) in a
# .dmg (build/macos/Zhangfang-VERSION.dmg). Run on a Mac with Python 3.11; not run on the
# project's Linux machines — the release workflow runs it on a macOS runner.
#
# Signing and notarization (needed so Gatekeeper opens the app without a warning):
#   1. An Apple Developer ID Application certificate in the keychain; set
#      ZF_SIGN_IDENTITY="Developer ID Application: NAME (TEAMID)".
#   2. Every binary in the bundle is signed with the hardened runtime:
#        codesign --force --deep --options runtime --timestamp -s "$ZF_SIGN_IDENTITY" Zhangfang.app
#      (Qt's frameworks inside need it too; --deep covers them for a PyInstaller bundle.)
#   3. The .dmg is sent to Apple and the ticket stapled:
#        xcrun notarytool submit Zhangfang.dmg --keychain-profile ZF_NOTARY --wait
#        xcrun stapler staple Zhangfang.dmg
#      (ZF_NOTARY: a profile saved once with `xcrun notarytool store-credentials`.)
# Without ZF_SIGN_IDENTITY the app is left unsigned (ad-hoc): fine for testing; users must
# then right-click → Open the first time.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="$ROOT/build/macos"
VENV="$OUT/venv"
LOCK="$ROOT/requirements/lock-macos.txt"
cd "$ROOT"
PY="${PYTHON:-python3}"
if [ ! -f "$LOCK" ]; then  # the macOS lock is made on a Mac (pip-compile resolves for it)
  "$PY" -m pip install "pip-tools>=7.4"
  "$PY" -m piptools compile --strip-extras --allow-unsafe --extra gui --extra server \
    --extra dev --extra bundle -o "$LOCK" pyproject.toml
fi
[ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV"
"$VENV/bin/python" -m pip install -q --upgrade pip
"$VENV/bin/python" -m pip install -q -r "$LOCK"
VERSION="$("$VENV/bin/python" -c 'import desktop; print(desktop.__version__)')"
ZF_VERSION="$VERSION" "$VENV/bin/python" -m PyInstaller --noconfirm --log-level WARN \
  --distpath "$OUT/dist" --workpath "$OUT/work" installers/zhangfang.spec
APP="$OUT/dist/Zhangfang.app"
"$APP/Contents/MacOS/zhangfang" --version
if [ -n "${ZF_SIGN_IDENTITY:-}" ]; then
  codesign --force --deep --options runtime --timestamp -s "$ZF_SIGN_IDENTITY" "$APP"
fi
DMG="$OUT/Zhangfang-$VERSION.dmg"
rm -f "$DMG"
staging="$OUT/dmg"
rm -rf "$staging" && mkdir -p "$staging"
cp -R "$APP" "$staging/"
ln -s /Applications "$staging/Applications"  # drag the app onto it to install
hdiutil create -volname "Zhangfang $VERSION" -srcfolder "$staging" -ov -format UDZO "$DMG"
if [ -n "${ZF_SIGN_IDENTITY:-}" ] && [ -n "${ZF_NOTARY:-}" ]; then
  codesign -s "$ZF_SIGN_IDENTITY" --timestamp "$DMG"
  xcrun notarytool submit "$DMG" --keychain-profile "$ZF_NOTARY" --wait
  xcrun stapler staple "$DMG"
fi
ls -la "$DMG"
