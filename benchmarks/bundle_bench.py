"""The packaged app bundle, cold, to its first drawn plot (`bundle_startup_to_plot_s`).

Measures the AppDir that `bash packaging/build.sh` leaves in dist/ (or WORKBENCH_BUNDLE); with
no bundle built the key is left out, never guessed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from statistics import median

REPO = Path(__file__).resolve().parents[1]


def _bundle() -> Path | None:
    folder = Path(os.environ.get("WORKBENCH_BUNDLE") or REPO / "dist" / "EvidenceWorkbench.AppDir")
    app_run = folder / "AppRun"
    return app_run if app_run.is_file() else None


def _env(tmp: Path) -> dict[str, str]:
    # Outside any virtual environment, as a reviewer starts it.
    return {"PATH": "/usr/bin:/bin", "HOME": str(tmp), "LANG": "C.UTF-8",
            "QT_QPA_PLATFORM": "offscreen", "XDG_RUNTIME_DIR": str(tmp)}


def run(quick: bool) -> dict[str, float]:
    app_run = _bundle()
    if app_run is None:
        print("benchmarks: no app bundle in dist/ (bash packaging/build.sh)", file=sys.stderr)
        return {}
    runs = 2 if quick else 5
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        subprocess.run([str(app_run), "demo", "--out", "demo.wbproj"], cwd=tmp, check=True,
                       env=_env(tmp), capture_output=True)
        times = []
        for i in range(runs + 1):
            start = time.perf_counter()
            subprocess.run([str(app_run), "demo.wbproj", "--screenshot", f"s{i}.png"],
                           cwd=tmp, check=True, env=_env(tmp), capture_output=True)
            times.append(time.perf_counter() - start)
    return {"bundle_startup_to_plot_s": median(times[1:])}  # the first run warms the cache
