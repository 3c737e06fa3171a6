"""Forest plot redraw: one edited cell -> run_meta -> set_data -> repaint, p95 in ms (offscreen)."""

from __future__ import annotations

import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402

from workbench.core.meta import run_meta  # noqa: E402
from workbench.core.model import (  # noqa: E402
    AnalysisSettings,
    Comparison,
    DataType,
    Outcome,
    StudyRow,
)

SETTINGS = AnalysisSettings(measure="RR", method="DL")
OUTCOME = Outcome(1, 1, "Events", DataType.DICHOTOMOUS, SETTINGS)
COMPARISON = Comparison(1, "Treatment vs control", "Treatment", "Control")


def _rows(k: int, rng: np.random.Generator) -> list[StudyRow]:
    rows = []
    for i in range(k):
        n1, n2 = (int(v) for v in rng.integers(40, 400, size=2))
        e1, e2 = int(rng.integers(1, n1 // 3)), int(rng.integers(1, n2 // 3))
        rows.append(StudyRow(f"Study {i + 1:04d} et al", {"events_1": float(e1),
                             "total_1": float(n1), "events_2": float(e2), "total_2": float(n2)},
                             subgroup=("A", "B", "C")[i % 3], year=1980 + i % 40))
    return rows


def _p95_ms(k: int, edits: int) -> float:
    from PySide6.QtWidgets import QApplication

    from workbench.gui.forest.widget import ForestPlotWidget

    app = QApplication.instance() or QApplication(sys.argv[:1])
    rng = np.random.default_rng(k)
    rows = _rows(k, rng)
    widget = ForestPlotWidget()
    widget.resize(1400, 900)
    widget.set_data(run_meta(rows, DataType.DICHOTOMOUS, SETTINGS, subgroups=True), rows,
                    OUTCOME, COMPARISON)
    widget.grab()
    times = []
    for n in range(edits + 10):
        i = int(rng.integers(0, k))
        values = dict(rows[i].values, events_1=float(rng.integers(1, 20)))
        rows[i] = StudyRow(rows[i].study, values, rows[i].subgroup, rows[i].year)
        start = time.perf_counter()
        result = run_meta(rows, DataType.DICHOTOMOUS, SETTINGS, subgroups=True)
        widget.set_data(result, rows, OUTCOME, COMPARISON)
        widget.grab()  # forces a full repaint of the visible plot
        if n >= 10:  # warm-up edits are not counted
            times.append((time.perf_counter() - start) * 1000)
    app.processEvents()
    widget.deleteLater()
    return float(np.percentile(times, 95))


def run(quick: bool = False) -> dict:
    """forest_redraw_k100_p95_ms and forest_redraw_k1000_p95_ms (benchmarks.md)."""
    edits = 50 if quick else 200
    return {"forest_redraw_k100_p95_ms": round(_p95_ms(100, edits), 2),
            "forest_redraw_k1000_p95_ms": round(_p95_ms(1000, edits), 2)}


if __name__ == "__main__":
    print(run(quick="--quick" in sys.argv))
