"""Render the app icon (resources/icons/evidence-workbench.svg) to PNG, .ico and .icns with Qt.

Qt's own image plugins write .ico and .icns, so building the installers needs no extra tool.
Usage: python packaging/make_icons.py OUT_FOLDER
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

SOURCE = Path(__file__).resolve().parents[1] / "resources" / "icons" / "evidence-workbench.svg"
SIZES = (16, 32, 48, 64, 128, 256, 512)


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def main(out: Path) -> int:
    _app = QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        print(f"make_icons: cannot read {SOURCE}", file=sys.stderr)
        return 1
    out.mkdir(parents=True, exist_ok=True)
    for size in SIZES:
        render(renderer, size).save(str(out / f"evidence-workbench-{size}.png"))
    # Windows shows 256 px at most; macOS takes its sizes from the one image.
    ok = render(renderer, 256).save(str(out / "evidence-workbench.ico"))
    ok &= render(renderer, 512).save(str(out / "evidence-workbench.icns"))
    if not ok:
        print("make_icons: Qt could not write .ico/.icns (imageformats plugins missing)",
              file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("build/icons")))
