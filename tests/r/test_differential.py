"""Seeded random analyses through `workbench meta --json` and through metafor in ONE R process.

Every measure and method, zero and double-zero cells, k from 1 to 40, HKSJ (plain and
adhoc), CI levels, t(k-2) prediction intervals, Q-profile CIs, subgroups, bias tests and
leave-one-out. metafor runs with control=list(threshold=1e-10) (and tol=1e-12 for PM and
confint), so the exact-optimum rule of cli.md holds on both sides. Differences by design are
listed once, in _rlib.DIFFERENCES.

CI runs WORKBENCH_R_CASES=300 cases (the default); any size by hand, e.g.
WORKBENCH_R_CASES=5000 WORKBENCH_R_SEED=7 pytest tests/r/test_differential.py
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import time

from _cases import make_cases
from _rcode import script
from _rlib import DIFFERENCES, TOLERANCE, compare, read_results, require_r, run_r

from workbench.cli import main

CASES = int(os.environ.get("WORKBENCH_R_CASES", "300"))
SEED = int(os.environ.get("WORKBENCH_R_SEED", "20261128"))


def _ours(path, flags: list[str]) -> dict | None:
    """`workbench meta --json`, in-process (same parser, engine and JSON as the command)."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = main(["meta", str(path), *flags, "--json"])
    doc = json.loads(out.getvalue())
    return doc if code == 0 and doc.get("estimate") is not None else None


def test_random_analyses_agree_with_metafor(tmp_path):
    rscript = require_r()
    started = time.perf_counter()
    cases = make_cases(SEED, CASES)
    docs = {}
    for case in cases:
        path = tmp_path / f"{case.name}.csv"
        path.write_text(case.csv(), encoding="utf-8")
        docs[case.name] = _ours(path, case.flags())
    (tmp_path / "all.R").write_text(script(cases, "all-results.csv"), encoding="utf-8")
    run_r(rscript, tmp_path / "all.R", timeout=600)
    results = read_results(tmp_path / "all-results.csv")
    failures, compared, cases_compared = [], 0, 0
    for case in cases:
        theirs = {key: v for (name, key), v in results.items() if name == case.name}
        if docs[case.name] is None or "estimate" not in theirs:
            continue  # no pooled estimate on one side (all studies double-zero, say)
        skip = ()
        if case.method == "PETO" and case.drop00 is False:
            assert "Peto keep00 df" in DIFFERENCES
            skip = ("q_p", "i2", "h2")
        tol = 1e-5 if case.method == "EB" else TOLERANCE  # DIFFERENCES["EB convergence"]
        bad, n = compare(docs[case.name], theirs, f"{case.name} {' '.join(case.flags())}",
                         tol=tol, skip=skip)
        failures += bad
        compared += n
        cases_compared += 1
    print(f"{cases_compared}/{len(cases)} cases, {compared} values, "
          f"{time.perf_counter() - started:.1f} s")
    assert not failures, f"{len(failures)} differences:\n" + "\n".join(failures[:30])
    assert cases_compared >= 0.8 * len(cases)
