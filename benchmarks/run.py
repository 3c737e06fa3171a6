"""Run every benchmark: a table for people, or one JSON object with --json (benchmarks.md)."""

from __future__ import annotations

import argparse
import importlib
import json
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

# Each module exposes run(quick) -> {key: figure}; a module that is missing or fails is
# reported on stderr and its keys are left out (never a placeholder number).
MODULES = ("stats_bench", "import_bench", "forest_bench", "edit_bench", "sof_bench",
           "app_bench", "bundle_bench", "revman_bench", "hostile_bench")

GOALS = {
    "reml_k1000_ms": "≥ 5× faster than pymare_reml_k1000_ms",
    "dl_k1000_ms": "≤ statsmodels_dl_k1000_ms",
    "reml_k100000_ms": "≤ 100",
    "cli_meta_call_s": "≤ 0.5",
    "import_xlsx_3000x40_s": "≤ 1",
    "forest_redraw_k100_p95_ms": "≤ 16",
    "forest_redraw_k1000_p95_ms": "≤ 16 (paint only the rows in view)",
    "edit_to_plot_k15_p95_ms": "≤ 16, one frame (typical review; includes the fsync)",
    "edit_to_plot_k100_p95_ms": "≤ 16, one frame (large review; includes the fsync)",
    "edit_to_sof_7_outcomes_p95_ms": "≤ 16 (includes the fsync)",
    "edit_to_sof_7_outcomes_median_ms": "(same run)",
    "startup_to_plot_s": "≤ 1.0",
    "open_project_1000_studies_s": "≤ 0.5",
    "rss_mb_1000_studies": "≤ 300",
    "bundle_startup_to_plot_s": "≤ 2 (the packaged app, cold)",
    "rm5_import_s": "≤ 1 (largest shared .rm5, whole command)",
    "rm5_export_s": "≤ 1",
    "import_100k_rows_csv_s": "≤ 5",
    "import_100k_rows_peak_mb": "≤ 300",
    "merge_two_reviewers_1000_studies_s": "≤ 2",
    "import_50mib_csv_peak_mb": "≤ 500",
}


def collect(quick: bool) -> dict[str, float]:
    figures: dict[str, float] = {}
    for name in MODULES:
        try:
            module = importlib.import_module(name)
        except ImportError as err:
            print(f"benchmarks: {name} not available ({err})", file=sys.stderr)
            continue
        start = time.perf_counter()
        try:
            figures.update(module.run(quick))
        except Exception as err:  # noqa: BLE001 - one broken benchmark must not hide the rest
            print(f"benchmarks: {name} failed: {err!r}", file=sys.stderr)
        print(f"benchmarks: {name} took {time.perf_counter() - start:.1f} s", file=sys.stderr)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer repeats (under a minute)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    figures = collect(args.quick)
    if args.json:
        print(json.dumps(figures, indent=2))
        return 0
    print(f"Evidence Workbench benchmarks on {platform.node()} ({platform.processor() or '?'})")
    for key, value in figures.items():
        print(f"  {key:34} {value:10.3f}   {GOALS.get(key, '')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
