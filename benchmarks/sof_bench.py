"""A typed value to the Summary of Findings of 7 outcomes: certainty and SoF recomputed and
the table repainted (edit_to_sof_7_outcomes_p95_ms, benchmarks.md)."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402

OUTCOMES, K = 7, 15  # GRADE's most rows; a typical Cochrane review's studies per outcome


def _project(path: Path) -> None:
    """7 dichotomous outcomes of 15 studies each, one reviewer, no risk of bias yet."""
    from workbench.core.model import AnalysisSettings, DataType
    from workbench.session.project import Project

    rng = np.random.default_rng(7)
    project = Project.create(path, "Benchmark")
    store = project.store
    with store.db.atomic():
        reviewer = store.add_reviewer("Benchmark")
        comparison = store.add_comparison("Drug versus placebo", "Drug", "Placebo")
        studies = [store.add_study(f"Study {i + 1:02d}") for i in range(K)]
        rows = []
        for n in range(OUTCOMES):
            outcome = store.add_outcome(comparison, f"Outcome {n + 1}", DataType.DICHOTOMOUS,
                                        AnalysisSettings("RR", "REML"))
            for study in studies:
                result = store.add_result(study, outcome)
                n1, n2 = (int(v) for v in rng.integers(40, 400, size=2))
                for field, value in (("events_1", rng.integers(1, n1 // 3)), ("total_1", n1),
                                     ("events_2", rng.integers(1, n2 // 3)), ("total_2", n2)):
                    rows.append((result, reviewer, field, float(value), None, "benchmark"))
        store.set_values_bulk(rows)
    project.close()


def _times(edits: int) -> list[float]:
    from PySide6.QtCore import QSettings

    from workbench.gui.app import application
    from workbench.gui.main_window import MainWindow

    app = application()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.wbproj"
        _project(path)
        window = MainWindow(settings=QSettings(str(Path(folder) / "s.ini"),
                                               QSettings.Format.IniFormat))
        window.resize(1400, 900)
        window.open_path(path)
        window.show()
        window.show_tab("Summary of Findings")
        view = window.sof_view
        while view.document is None:
            app.processEvents()
        times = _edit_loop(app, window, edits)
        window.close()
    return times


def _edit_loop(app, window, edits: int) -> list[float]:
    grid, view, rng, times = window.outcome_view.model, window.sof_view, \
        np.random.default_rng(0), []
    column = grid.columns.index("events_1")
    for n in range(edits + 3):
        row = int(rng.integers(0, K))
        current = grid.data(grid.index(row, column))
        done: list[int] = []
        view.refreshed.connect(lambda done=done: done.append(1))
        start = time.perf_counter()
        grid.edit_cells([(row, column, str(1 + (int(current or 0) % 29)))])
        while not done:  # the coalescing timer fires, the SoF recomputes
            app.processEvents()
        view.table.viewport().repaint()
        elapsed = (time.perf_counter() - start) * 1000
        view.refreshed.disconnect()
        if n >= 3:
            times.append(elapsed)
    return times


def run(quick: bool) -> dict[str, float]:
    """p95 is the published key; the median shows how much of it is the shared disk's fsync
    and the machine's load (the commit of every edit is inside the measurement)."""
    times = _times(20 if quick else 60)
    return {"edit_to_sof_7_outcomes_p95_ms": float(np.percentile(times, 95)),
            "edit_to_sof_7_outcomes_median_ms": float(np.median(times))}


if __name__ == "__main__":
    print(run("--quick" in sys.argv))
