#!/bin/sh
# Make this unpacked Evidence Workbench the user's app for .wbproj files: a menu entry, the
# icon and the file type, all under ~/.local (no root needed). Run it again after moving the
# folder; `--remove` takes it all away again.
set -eu
HERE="$(dirname "$(readlink -f "$0")")"
DATA="${XDG_DATA_HOME:-$HOME/.local/share}"
DESKTOP="$DATA/applications/evidence-workbench.desktop"
if [ "${1:-}" = "--remove" ]; then
  rm -f "$DESKTOP" "$DATA/mime/packages/evidence-workbench-mime.xml" \
        "$DATA/icons/hicolor/256x256/apps/evidence-workbench.png"
else
  mkdir -p "$DATA/applications" "$DATA/mime/packages" "$DATA/icons/hicolor/256x256/apps"
  sed "s|^Exec=workbench|Exec=\"$HERE/AppRun\"|" "$HERE/evidence-workbench.desktop" > "$DESKTOP"
  cp "$HERE/usr/share/mime/packages/evidence-workbench-mime.xml" "$DATA/mime/packages/"
  cp "$HERE/evidence-workbench.png" "$DATA/icons/hicolor/256x256/apps/"
fi
command -v update-mime-database >/dev/null && update-mime-database "$DATA/mime" || true
command -v update-desktop-database >/dev/null && update-desktop-database "$DATA/applications" || true
echo "Done: .wbproj files now open with $HERE/AppRun"
