"""Exported SVG figures open anywhere: librsvg and headless Chromium draw them like our PNG.

Each figure is exported as SVG and as PNG at 96 dpi (one SVG unit = one PNG pixel); the SVG is
rendered by `rsvg-convert` (librsvg: GNOME, LibreOffice's import, ImageMagick) and by
`chromium --headless --screenshot`, and each rendering is compared with the PNG pixel by pixel
after a 3×3 blur that absorbs the renderers' different glyph antialiasing. Before plain SVG,
librsvg painted black blocks over the plot (mean difference ~20 grey levels, 8 % of pixels);
a faithful rendering differs by ~1 grey level on average.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtGui import QImage

from workbench.cli import main

MEAN_LIMIT = 4.0  # grey levels (0-255), averaged over the figure
FAR_LIMIT = 0.01  # share of pixels more than 64 grey levels apart (broken SVG: 0.08)


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must run the SVG render comparison: {name} is missing")
        pytest.skip(f"{name} not installed (apt-get install librsvg2-bin chromium)")
    return found


def _grey(path: Path) -> np.ndarray:
    image = QImage(str(path)).convertToFormat(QImage.Format.Format_Grayscale8)
    assert not image.isNull(), path
    w, h, stride = image.width(), image.height(), image.bytesPerLine()
    bits = np.frombuffer(image.constBits(), dtype=np.uint8, count=stride * h)
    return bits.reshape(h, stride)[:, :w].astype(float)


def _blur(a: np.ndarray) -> np.ndarray:
    p = np.pad(a, 1, mode="edge")
    return sum(p[i:i + a.shape[0], j:j + a.shape[1]] for i in range(3) for j in range(3)) / 9


def difference(png: Path, rendered: Path) -> tuple[float, float]:
    """(mean grey-level difference, share of pixels > 64 apart) after a 3×3 blur."""
    a, b = _grey(png), _grey(rendered)
    assert abs(a.shape[0] - b.shape[0]) <= 1 and abs(a.shape[1] - b.shape[1]) <= 1
    h, w = min(a.shape[0], b.shape[0]), min(a.shape[1], b.shape[1])
    d = np.abs(_blur(a[:h, :w]) - _blur(b[:h, :w]))
    return float(d.mean()), float((d > 64).mean())


def rsvg(svg: Path, png: Path) -> Path:
    width, height = QImage(str(png)).width(), QImage(str(png)).height()
    out = svg.with_name(svg.stem + "-rsvg.png")
    subprocess.run([_tool("rsvg-convert"), "-w", str(width), "-h", str(height), "-b", "white",
                    "-o", str(out), str(svg)], check=True, timeout=120)
    return out


def chromium(svg: Path, png: Path) -> Path:
    width, height = QImage(str(png)).width(), QImage(str(png)).height()
    out = svg.with_name(svg.stem + "-chromium.png")
    subprocess.run([_tool("chromium"), "--headless", "--no-sandbox", "--disable-gpu",
                    "--hide-scrollbars", f"--user-data-dir={svg.parent / 'chromium'}",
                    f"--screenshot={out}", f"--window-size={width},{height}",
                    svg.as_uri()], check=True, timeout=120, capture_output=True)
    return out


def _plot(project: Path, outcome: str, out: Path, kind: str = "forest") -> None:
    assert main(["plot", str(project), "--outcome", outcome, "--kind", kind, "--out", str(out),
                 "--dpi", "96"]) == 0


def _assert_faithful(svg: Path, png: Path, renderer) -> None:
    mean, far = difference(png, renderer(svg, png))
    assert mean < MEAN_LIMIT and far < FAR_LIMIT, (renderer.__name__, svg.name, mean, far)


FIGURES = [("forest", "At least 30% pain relief"), ("forest", "Withdrawals"),
           ("funnel", "At least 30% pain relief"), ("traffic-light", "At least 30% pain relief"),
           ("rob-summary", "At least 30% pain relief")]


@pytest.mark.parametrize("renderer", [rsvg, chromium])
@pytest.mark.parametrize(("kind", "outcome"), FIGURES)
def test_exported_svg_renders_like_the_png(qapp, demo_path, tmp_path, kind, outcome, renderer):
    svg, png = tmp_path / f"{kind}.svg", tmp_path / f"{kind}.png"
    _plot(demo_path, outcome, svg, kind)
    _plot(demo_path, outcome, png, kind)
    text = svg.read_text(encoding="utf-8")
    assert "vector-effect" not in text and "<text" in text
    _assert_faithful(svg, png, renderer)


def test_the_comparison_catches_qt_s_raw_svg(qapp, demo_path, tmp_path, monkeypatch):
    """Without the plain-SVG rewrite, librsvg paints the plot over with black: the test fails."""
    import workbench.gui.forest.export as export

    svg, png = tmp_path / "raw.svg", tmp_path / "raw.png"
    monkeypatch.setattr(export, "make_plain", lambda path: None)
    _plot(demo_path, "Withdrawals", svg)
    _plot(demo_path, "Withdrawals", png)
    mean, far = difference(png, rsvg(svg, png))
    assert mean > MEAN_LIMIT and far > FAR_LIMIT


def test_an_exported_forest_carries_title_method_and_legend(qapp, demo_path, tmp_path):
    svg = tmp_path / "forest.svg"
    _plot(demo_path, "At least 30% pain relief", svg)
    text = svg.read_text(encoding="utf-8")
    assert "Ketamine versus placebo: At least 30% pain relief" in text
    assert "Risk Ratio, IV, Random (REML), 95% CI: Wald (z)" in text
    assert "D1: Bias arising from the randomization process" in text
    assert "Reviewers disagree on a value" not in text  # a workflow note: only when asked
    svg2 = tmp_path / "forest-notes.svg"
    assert main(["plot", str(demo_path), "--outcome", "At least 30% pain relief", "--out",
                 str(svg2), "--workflow-notes"]) == 0
    assert "Reviewers disagree on a value" in svg2.read_text(encoding="utf-8")
