"""Speed of the statistics engine and of `workbench meta`, beside PyMARE and statsmodels."""

from __future__ import annotations

import csv
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
BCG = REPO.parent / "shared" / "validation" / "data" / "dat.bcg.csv"


def _data(k: int, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    vi = rng.uniform(0.01, 0.5, k)
    return rng.normal(0.2, np.sqrt(vi + 0.05)), vi


def _median_ms(func, runs: int) -> float:
    func()  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def pooling(quick: bool) -> dict[str, float]:
    """Ours vs PyMARE (REML) and statsmodels (DL) on the same data, same run."""
    from workbench.core.meta import pool_random

    runs = 5 if quick else 25
    yi, vi = _data(1000)
    out = {"reml_k1000_ms": _median_ms(lambda: pool_random(yi, vi, "REML"), runs),
           "dl_k1000_ms": _median_ms(lambda: pool_random(yi, vi, "DL"), runs)}
    big_y, big_v = _data(100_000)
    out["reml_k100000_ms"] = _median_ms(lambda: pool_random(big_y, big_v, "REML"), runs)
    try:
        from statsmodels.stats.meta_analysis import combine_effects

        out["statsmodels_dl_k1000_ms"] = _median_ms(
            lambda: combine_effects(yi, vi, method_re="dl"), runs)
    except ImportError:
        pass
    try:
        import pymare
        from pymare.estimators import VarianceBasedLikelihoodEstimator

        data = pymare.Dataset(y=yi, v=vi)
        out["pymare_reml_k1000_ms"] = _median_ms(
            lambda: VarianceBasedLikelihoodEstimator(method="REML").fit_dataset(data), runs)
    except ImportError:
        pass
    return out


def _bcg_csv(folder: Path) -> Path:
    """dat.bcg converted to the contract's columns."""
    path = folder / "bcg.csv"
    with BCG.open(newline="") as src, path.open("w", newline="") as dst:
        writer = csv.writer(dst)
        writer.writerow(["study", "events_1", "total_1", "events_2", "total_2"])
        for r in csv.DictReader(src):
            tpos, tneg, cpos, cneg = (int(r[k]) for k in ("tpos", "tneg", "cpos", "cneg"))
            writer.writerow([f"{r['author']} {r['year']}", tpos, tpos + tneg, cpos, cpos + cneg])
    return path


def cli_call(quick: bool) -> dict[str, float]:
    """One whole `workbench meta ... --json` process (median of several, after a warm-up)."""
    if not BCG.exists():
        return {}
    env = dict(os.environ, PYTHONPATH=str(REPO))
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-m", "workbench", "meta", str(_bcg_csv(Path(tmp))),
               "--measure", "RR", "--method", "REML", "--json"]
        run = lambda: subprocess.run(cmd, env=env, check=True, capture_output=True)  # noqa: E731
        return {"cli_meta_call_s": _median_ms(run, 3 if quick else 7) / 1000}


def run(quick: bool = False) -> dict[str, float]:
    """All statistics benchmarks: a flat dict of benchmarks.md keys -> floats."""
    return pooling(quick) | cli_call(quick)


if __name__ == "__main__":
    for key, value in run("--quick" in sys.argv).items():
        print(f"{key:28s} {value:10.3f}")
