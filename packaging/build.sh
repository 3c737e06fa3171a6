#!/usr/bin/env bash
# Build the self-contained Linux app bundle from a clean checkout:
#   bash packaging/build.sh
# installs what it needs (bootstrap.sh install, then PyInstaller from the `bundle` extra),
# freezes the app with packaging/pyinstaller/workbench.spec, lays it out as an AppImage-style
# folder (dist/EvidenceWorkbench.AppDir) with its desktop entry, icon, AppStream metainfo and
# MIME type, packs that folder as a tarball, and prints the size and the path of both.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${WORKBENCH_VENV:-$ROOT/.venv}"
cd "$ROOT"

bash packaging/bootstrap.sh install >/dev/null
if ! "$VENV/bin/python" -c "import PyInstaller" 2>/dev/null; then
  echo "Installing PyInstaller into $VENV"
  "$VENV/bin/python" -m pip install -q -e "$ROOT[bundle]" > "$VENV/bundle-install.log" 2>&1 ||
    { tail -20 "$VENV/bundle-install.log"; echo "pip failed"; exit 1; }
fi

VERSION="$("$VENV/bin/python" -c 'import workbench; print(workbench.__version__)')"
ARCH="$(uname -m)"
APPDIR="$ROOT/dist/EvidenceWorkbench.AppDir"
TARBALL="$ROOT/dist/evidence-workbench-$VERSION-linux-$ARCH.tar.gz"

echo "== icons"
QT_QPA_PLATFORM=offscreen "$VENV/bin/python" packaging/make_icons.py build/icons
echo "== PyInstaller (about a minute)"
rm -rf "$ROOT/dist/evidence-workbench" "$APPDIR" "$TARBALL"
"$VENV/bin/pyinstaller" --noconfirm --log-level WARN --distpath dist \
  --workpath build/pyinstaller packaging/pyinstaller/workbench.spec > build/pyinstaller.log 2>&1 ||
  { tail -30 build/pyinstaller.log; echo "PyInstaller failed: build/pyinstaller.log"; exit 1; }

echo "== AppDir"
mkdir -p "$APPDIR/usr/lib" "$APPDIR/usr/share/applications" "$APPDIR/usr/share/metainfo" \
         "$APPDIR/usr/share/mime/packages" "$APPDIR/usr/share/icons/hicolor/256x256/apps"
mv "$ROOT/dist/evidence-workbench" "$APPDIR/usr/lib/evidence-workbench"
cp packaging/linux/AppRun packaging/linux/install-desktop-integration.sh "$APPDIR/"
cp packaging/linux/evidence-workbench.desktop "$APPDIR/"
cp packaging/linux/evidence-workbench.desktop "$APPDIR/usr/share/applications/"
cp packaging/linux/*.metainfo.xml "$APPDIR/usr/share/metainfo/"
cp packaging/linux/evidence-workbench-mime.xml "$APPDIR/usr/share/mime/packages/"
cp build/icons/evidence-workbench-256.png "$APPDIR/evidence-workbench.png"
cp build/icons/evidence-workbench-256.png "$APPDIR/usr/share/icons/hicolor/256x256/apps/evidence-workbench.png"
ln -sf evidence-workbench.png "$APPDIR/.DirIcon"

echo "== tarball"
tar -C "$ROOT/dist" -czf "$TARBALL" "$(basename "$APPDIR")"

echo "Bundle:  $APPDIR ($(du -sh "$APPDIR" | cut -f1)); start it with $APPDIR/AppRun"
echo "Tarball: $TARBALL ($(du -sh "$TARBALL" | cut -f1))"
