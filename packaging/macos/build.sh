#!/usr/bin/env bash
# Build Evidence Workbench for macOS: "Evidence Workbench.app" in a .dmg.
#   bash packaging/macos/build.sh
# Needs Python 3.11+ from python.org or Homebrew; not run by the project's own CI (no Mac
# there): see packaging/README.md. Signing and notarisation need an Apple developer account.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
python3 -m venv .venv
.venv/bin/python -m pip install --upgrade pip
.venv/bin/python -m pip install -e ".[bundle]"
QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/make_icons.py build/icons
.venv/bin/pyinstaller --noconfirm --distpath dist --workpath build/pyinstaller \
  packaging/pyinstaller/workbench.spec
APP="dist/Evidence Workbench.app"
# The same smoke test as on Linux, from the app's own folder.
"$APP/Contents/MacOS/workbench" demo --out "${TMPDIR:-/tmp}/demo.wbproj"
"$APP/Contents/MacOS/workbench" check "${TMPDIR:-/tmp}/demo.wbproj"
VERSION="$(.venv/bin/python -c 'import workbench; print(workbench.__version__)')"
hdiutil create -volname "Evidence Workbench" -srcfolder "$APP" -ov -format UDZO \
  "dist/EvidenceWorkbench-$VERSION.dmg"
echo "Built dist/EvidenceWorkbench-$VERSION.dmg"
