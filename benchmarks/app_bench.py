"""Application-level figures: cold start to a drawn plot, opening a large project, its memory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from statistics import median

OPEN_LARGE = """
import json, sys, time
t0 = time.perf_counter()
from workbench.gui.app import application
from workbench.gui.main_window import MainWindow
from PySide6.QtCore import QSettings
app = application()
window = MainWindow(settings=QSettings(sys.argv[2], QSettings.Format.IniFormat))
window.resize(1400, 900)
start = time.perf_counter()
window.open_path(sys.argv[1])
window.show()
while window.outcome_view.result is None:
    app.processEvents()
window.outcome_view.forest.grab()
elapsed = time.perf_counter() - start
# VmHWM: this process's own peak. ru_maxrss would also count the parent's memory that
# fork copied before exec (Linux keeps the pre-exec high-water mark there).
with open("/proc/self/status") as status:
    rss = next(int(line.split()[1]) for line in status if line.startswith("VmHWM")) / 1024
print(json.dumps({"open_s": elapsed, "rss_mb": rss}))
"""


def _env(tmp: Path) -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env["XDG_CONFIG_HOME"] = str(tmp / "config")
    env["XDG_DATA_HOME"] = str(tmp / "data")
    return env


def startup_to_plot(demo: Path, tmp: Path, runs: int) -> float:
    times = []
    for i in range(runs + 1):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "workbench", str(demo), "--screenshot",
                        str(tmp / f"s{i}.png")], check=True, env=_env(tmp),
                       capture_output=True)
        times.append(time.perf_counter() - start)
    return median(times[1:])  # the first run warms the disk cache


def make_large_project(path: Path, studies: int = 1000, outcomes: int = 5) -> None:
    """A project of `studies` x `outcomes` dichotomous results for one reviewer."""
    import random

    from workbench.core.model import AnalysisSettings, DataType
    from workbench.session.project import Project

    rng = random.Random(1)
    project = Project.create(path, "Large review")
    store = project.store
    with store.db.atomic():
        reviewer = store.add_reviewer("Benchmark")
        comparison = store.add_comparison("A versus B")
        outcome_ids = [store.add_outcome(comparison, f"Outcome {o + 1}", DataType.DICHOTOMOUS,
                                         AnalysisSettings(measure="RR", method="REML"))
                       for o in range(outcomes)]
        rows = []
        for s in range(studies):
            study = store.add_study(f"Study {s + 1:04d}")
            for outcome in outcome_ids:
                result = store.add_result(study, outcome)
                n1, n2 = rng.randint(20, 400), rng.randint(20, 400)
                for field, value in (("events_1", rng.randint(1, n1 // 2)), ("total_1", n1),
                                     ("events_2", rng.randint(1, n2 // 2)), ("total_2", n2)):
                    rows.append((result, reviewer, field, float(value), None, "benchmark"))
        store.set_values_bulk(rows)
    project.close()


def open_large(path: Path, tmp: Path, runs: int) -> dict[str, float]:
    figures = []
    for i in range(runs):
        out = subprocess.run([sys.executable, "-c", OPEN_LARGE, str(path),
                              str(tmp / f"settings{i}.ini")], check=True, env=_env(tmp),
                             capture_output=True, text=True).stdout
        figures.append(json.loads(out.strip().splitlines()[-1]))
    return {"open_project_1000_studies_s": median(f["open_s"] for f in figures),
            "rss_mb_1000_studies": max(f["rss_mb"] for f in figures)}


def run(quick: bool) -> dict[str, float]:
    runs = 2 if quick else 5
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        demo = tmp / "demo.wbproj"
        subprocess.run([sys.executable, "-m", "workbench", "demo", "--out", str(demo)],
                       check=True, capture_output=True)
        figures = {"startup_to_plot_s": startup_to_plot(demo, tmp, runs)}
        large = tmp / "large.wbproj"
        make_large_project(large)
        figures.update(open_large(large, tmp, runs))
    return figures
