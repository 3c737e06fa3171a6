"""RevMan files: whole `workbench import` of the largest shared .rm5 into a new project, and
whole `workbench export --to rm5` of that project (benchmarks.md: rm5_import_s, rm5_export_s)."""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED_RM5 = REPO.parent / "shared" / "validation" / "revman"


def largest_rm5() -> Path | None:
    files = sorted(SHARED_RM5.glob("*.rm5"), key=lambda p: p.stat().st_size)
    return files[-1] if files else None


def _workbench(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "workbench", *args], check=True, cwd=REPO,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _median(step, repeats: int) -> float:
    step()  # warm-up: file cache, bytecode
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run(quick: bool) -> dict[str, float]:
    source = largest_rm5()
    if source is None:
        raise FileNotFoundError(f"no .rm5 file in {SHARED_RM5}")
    repeats = 2 if quick else 5
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        counter = iter(range(1000))

        def import_once() -> None:
            _workbench("import", str(work / f"p{next(counter)}.wbproj"), str(source))

        figures = {"rm5_import_s": _median(import_once, repeats)}
        project = work / "p0.wbproj"
        figures["rm5_export_s"] = _median(
            lambda: _workbench("export", str(project), "--to", "rm5", "--out",
                               str(work / "out.rm5")), repeats)
    return figures
