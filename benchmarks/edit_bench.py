"""A typed value end to end: command and commit to the file, reload, recompute, repaint."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402

EDITS = 100


def _project(path: Path, k: int) -> None:
    """One dichotomous outcome of k studies for one reviewer, in subgroups of three."""
    from workbench.core.model import AnalysisSettings, DataType
    from workbench.session.project import Project

    rng = np.random.default_rng(k)
    project = Project.create(path, "Benchmark")
    store = project.store
    with store.db.atomic():
        reviewer = store.add_reviewer("Benchmark")
        outcome = store.add_outcome(store.add_comparison("A versus B"), "Events",
                                    DataType.DICHOTOMOUS, AnalysisSettings("RR", "REML"))
        rows = []
        for i in range(k):
            result = store.add_result(store.add_study(f"Study {i + 1:04d}"), outcome)
            n1, n2 = (int(v) for v in rng.integers(40, 400, size=2))
            for field, value in (("events_1", rng.integers(1, n1 // 3)), ("total_1", n1),
                                 ("events_2", rng.integers(1, n2 // 3)), ("total_2", n2)):
                rows.append((result, reviewer, field, float(value), None, "benchmark"))
            rows.append((result, reviewer, "subgroup", None, "ABC"[i % 3], "benchmark"))
        store.set_values_bulk(rows)
    project.close()


def _p95_ms(k: int) -> float:
    from PySide6.QtCore import QSettings

    from workbench.gui.app import application
    from workbench.gui.main_window import MainWindow

    app = application()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.wbproj"
        _project(path, k)
        window = MainWindow(settings=QSettings(str(Path(folder) / "s.ini"),
                                               QSettings.Format.IniFormat))
        window.resize(1400, 900)
        window.open_path(path)
        window.show()
        view = window.outcome_view
        while view.result is None:
            app.processEvents()
        times = _edit_loop(app, window, k)
        window.close()
    return float(np.percentile(times, 95))


def _edit_loop(app, window, k: int) -> list[float]:
    view, rng, times = window.outcome_view, np.random.default_rng(0), []
    column = view.model.columns.index("events_1")
    for n in range(EDITS + 5):
        row = int(rng.integers(0, k))
        current = view.model.data(view.model.index(row, column))
        value = 1 + (int(current or 0) % 29)  # always a different value, so always an edit
        done = []
        view.result_ready.connect(done.append)
        start = time.perf_counter()
        view.model.edit_cells([(row, column, str(value))])
        while not done:  # the coalescing timer fires, the view recomputes
            app.processEvents()
        view.forest.view.viewport().repaint()
        elapsed = (time.perf_counter() - start) * 1000
        view.result_ready.disconnect(done.append)
        if n >= 5:
            times.append(elapsed)
    return times


def run(quick: bool) -> dict[str, float]:
    """edit_to_plot_k{15,100}_p95_ms: a typed value to the repainted plot, everything included:
    the commit (with its fsync, so the disk's speed shows here), reload, recompute, paint."""
    return {"edit_to_plot_k15_p95_ms": _p95_ms(15),  # a typical Cochrane review's size
            "edit_to_plot_k100_p95_ms": _p95_ms(100)}


if __name__ == "__main__":
    print(run("--quick" in sys.argv))
