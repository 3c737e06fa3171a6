"""Issue 15's standing fuzz test: seeded mutated spreadsheets, mappings and project files, each
run through the real commands in worker processes under a memory cap and a timeout.

The bar: zero crashes (an exit other than 0 or 2, or a dead worker), zero hangs, zero damage
(a source or project file changed by a refused command), and peak memory within budget.
CI runs a few hundred cases; `python benchmarks/fuzz.py --cases 3000` runs thousands by hand,
and WORKBENCH_FUZZ_CASES / WORKBENCH_FUZZ_SEED change this test's size and seed."""

import json
import os

import _harness
import pytest

CASES = int(os.environ.get("WORKBENCH_FUZZ_CASES", "500"))
SEED = int(os.environ.get("WORKBENCH_FUZZ_SEED", "15"))


@pytest.mark.slow
def test_mutated_inputs_are_refused_cleanly(tmp_path):
    tally = _harness.fuzz(CASES, SEED, tmp_path, timeout=60.0)
    summary = tally.summary()
    print(json.dumps(summary, indent=1))  # the counts for the closing note (pytest -s)
    assert tally.cases == CASES
    assert set(summary["by_kind"]) == set(_harness.KINDS)  # every family was exercised
    assert summary["exits"].get("0", 0) > 0 and summary["exits"].get("2", 0) > 0
    assert (tally.crashes, tally.hangs, tally.damage) == ([], [], []), summary["examples"]
    assert tally.peak_rss_mb <= _harness.RSS_BUDGET_MB
