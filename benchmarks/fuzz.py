"""Hand run of the standing fuzz test at any size (issue 15): prints the counts as JSON.

    python benchmarks/fuzz.py --cases 3000 [--seed N] [--kinds xlsx,csv,project] [--keep DIR]
Failing cases are copied to DIR/failures/ with the command line that failed."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "hostile"))

import _harness  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--kinds", default=",".join(_harness.KINDS))
    parser.add_argument("--keep", type=Path, help="work folder to keep (default: temporary)")
    parser.add_argument("--timeout", type=float, default=60.0)
    args = parser.parse_args()
    kinds = tuple(k for k in args.kinds.split(",") if k)
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        tally = _harness.fuzz(args.cases, args.seed, folder, args.timeout, kinds)
    summary = {**tally.summary(), "seconds": round(time.monotonic() - started, 1),
               "seed": args.seed}
    print(json.dumps(summary, indent=1))
    return 0 if not (tally.crashes or tally.hangs or tally.damage) else 1


if __name__ == "__main__":
    raise SystemExit(main())
