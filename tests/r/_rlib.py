"""Running real metafor (R) as a second oracle: find Rscript, run a script, read its CSV.

On a laptop without R these tests skip with one line; in CI (CI=true) a missing R fails, so
the R-backed checks can never silently disappear there.
"""

from __future__ import annotations

import csv
import math
import os
import shutil
import subprocess
from pathlib import Path

import pytest

# Relative, with an absolute floor: both sides solve to |Δτ²| <= 1e-10, which for a risk
# difference's τ² (~1e-4) still moves weights in the 7th digit.
TOLERANCE = 1e-6


def require_r() -> str:
    """The Rscript executable with metafor loadable; skip (or, in CI, fail) otherwise."""
    rscript = shutil.which("Rscript")
    reason = None
    if rscript is None:
        reason = "Rscript not found (apt-get install r-base-core r-cran-metafor)"
    else:
        probe = subprocess.run([rscript, "-e", "library(metafor)"], capture_output=True,
                               text=True, timeout=120)
        if probe.returncode != 0:
            reason = "R package metafor not installed (apt-get install r-cran-metafor)"
    if reason is None:
        return rscript
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI must run the metafor tests: {reason}")
    pytest.skip(reason)


def run_r(rscript: str, script: Path, timeout: int = 300) -> str:
    done = subprocess.run([rscript, "--vanilla", str(script)], capture_output=True, text=True,
                          timeout=timeout, cwd=script.parent)
    assert done.returncode == 0, f"R failed on {script}:\n{done.stderr[-3000:]}"
    return done.stdout


def read_results(path: Path) -> dict[tuple[str, str], float | None]:
    """(case or outcome, key) -> value from the CSV the R side wrote (NA -> None)."""
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    return {(r[0], r[1]): None if r[2] in ("NA", "NaN") else float(r[2]) for r in rows[1:]}


def agree(ours: float | None, theirs: float | None, tol: float = TOLERANCE) -> bool:
    if ours is None or theirs is None:
        return ours is None and theirs is None
    if math.isinf(theirs) or math.isinf(ours):
        return ours == theirs
    return abs(ours - theirs) <= tol * max(1.0, abs(theirs))


# Where metafor and cli.md differ by design: the one place these tests (and
# docs/cli-additions/engine.md) name them. Each entry: (why, predicate on the key and k).
DIFFERENCES = {
    "k=1 heterogeneity": "k = 1: cli.md reports i2, h2, q_p and the prediction interval as "
                         "null; metafor prints I² = 0, H² = 1, p = 1 and PI = CI",
    "k=2 PI t(k-2)": "--pi-df k-2 with k = 2: no t with 0 df, the PI is null (metafor: NaN)",
    "fixed tau2": "FE, MH and Peto have no τ² in cli.md (null); metafor's EE prints 0",
    "Peto keep00 df": "PETO with --keep00: cli.md's Q df counts the tables with V > 0; "
                      "metafor counts the studies with a (corrected) estimate, double zeros "
                      "too, so q_p, I² and H² differ (Q itself agrees)",
    "no pooled estimate": "a model (or subgroup) with no pooled estimate (say, only double "
                          "zeros under MH OR) is all null in cli.md; metafor prints Q = 0",
    "metafor refit failed": "leave1out() gives NA, and a subgroup has no fit, where "
                            "metafor's Fisher scoring does not converge; ours solves it (so "
                            "the subgroup test is not compared either)",
    "zero variance subgroup": "MH RR of tables where every participant has the event: the "
                              "variance is exactly 0 here (no weight in the subgroup test); "
                              "metafor keeps the ~1e-17 rounding residue as a huge weight",
    "EB convergence": "EB equals PM without moderators (Viechtbauer et al. 2015); we solve "
                      "PM's root exactly, metafor's EB fixed-point iteration converges "
                      "linearly and stops when a step is < 1e-10, which can leave τ² a few "
                      "1e-6 (relative) short of the root: EB cases are compared at 1e-5",
    "not estimable": "a study without a variance (e.g. a missing SD) has no yi in cli.md; "
                     "metafor's escalc still computes the MD yi",
}

TOP_KEYS = ("estimate", "se", "ci_lower", "ci_upper", "statistic", "p", "q", "q_p", "i2", "h2",
            "tau2", "pi_lower", "pi_upper")
P_KEYS = ("p", "q_p")  # compared relative to themselves: tiny p-values are still compared


def _by_design(key: str, ours, k: int | None) -> str | None:
    key = key.rsplit(":", 1)[-1]
    single = k is not None and k <= 1
    if ours is None and single and key in ("i2", "h2", "q_p", "pi_lower", "pi_upper"):
        return "k=1 heterogeneity"
    if ours is None and key == "tau2":
        return "fixed tau2"
    if ours is None and k == 2 and key in ("pi_lower", "pi_upper"):
        return "k=2 PI t(k-2)"
    return None


def _no_variance(key: str, ours, theirs: dict) -> bool:
    """DIFFERENCES["not estimable"]."""
    if ours is not None or not key.endswith(":yi"):
        return False
    return theirs.get(key[:-3] + ":vi", 0.0) is None


def _no_model(key: str, doc: dict, theirs: dict) -> bool:
    """DIFFERENCES["no pooled estimate"]: a subgroup without an estimate on both sides."""
    if not key.startswith("subgroup:"):
        return False
    prefix = key.rsplit(":", 1)[0]
    ours = [s for s in doc.get("subgroups") or () if f"subgroup:{s['name']}" == prefix]
    return bool(ours) and ours[0]["estimate"] is None and theirs.get(
        prefix + ":estimate") is None


def _subgroup_missing(doc: dict, theirs: dict) -> bool:
    """A subgroup we pooled that metafor could not fit (DIFFERENCES["metafor refit failed"]),
    or one whose variance is exactly 0 (DIFFERENCES["zero variance subgroup"])."""
    return any(sub["name"] and sub["estimate"] is not None
               and (f"subgroup:{sub['name']}:estimate" not in theirs or sub["se"] == 0)
               for sub in doc.get("subgroups") or ())


def _zero_variance(key: str, doc: dict) -> bool:
    """A subgroup's z and p where its variance is exactly 0 (DIFFERENCES)."""
    if not key.startswith("subgroup:") or key.rsplit(":", 1)[-1] not in ("statistic", "p"):
        return False
    prefix = key.rsplit(":", 1)[0]
    return any(f"subgroup:{s['name']}" == prefix and s["se"] == 0
               for s in doc.get("subgroups") or ())


def _close(key: str, ours, theirs, tol: float) -> bool:
    if key.rsplit(":", 1)[-1] in P_KEYS and ours is not None and theirs is not None:
        return abs(ours - theirs) <= max(tol * abs(theirs), 1e-15)
    if key.endswith("i2") and ours is not None and theirs is not None:
        return abs(ours - theirs) <= tol * 100  # a percentage: its unit is 100
    return agree(ours, theirs, tol)


def _estimates(model: dict) -> int | None:
    """How many study estimates a model has (metafor's k): q_df + 1."""
    return None if model.get("q_df") is None else model["q_df"] + 1


def our_values(doc: dict) -> dict[str, tuple[float | None, int | None]]:
    """Our JSON document as the R side's keys -> (value, k of the model it belongs to)."""
    k = _estimates(doc)
    out = {key: (doc.get(key), k) for key in TOP_KEYS}
    for i, s in enumerate(doc["studies"], start=1):
        for key in ("yi", "vi", "weight"):
            out[f"study:{i}:{key}"] = (s[key], k)
    for sub in doc.get("subgroups") or ():
        for key in TOP_KEYS:
            if key in sub:
                out[f"subgroup:{sub['name']}:{key}"] = (sub[key], _estimates(sub))
    test = doc.get("subgroup_test")
    if test:
        out["subgroup_test:q"] = (test["q"], test["df"] + 1)
        out["subgroup_test:q_p"] = (test["p"], test["df"] + 1)
    for name in ("tau2", "tau", "i2", "h2"):
        for side in ("lower", "upper"):
            key = f"{name}_ci_{side}"
            if key in doc:
                out[key] = (doc[key], k)
    out.update(_extras(doc, k))
    return out


def _extras(doc: dict, k: int) -> dict[str, tuple[float | None, int | None]]:
    """Bias tests and leave-one-out under the R side's keys."""
    out: dict[str, tuple[float | None, int | None]] = {}
    bias = doc.get("bias") or {}
    for test, keys in (("egger", ("intercept", "se", "statistic", "df", "p")),
                       ("rank", ("tau", "p")),
                       ("trimfill", ("k0", "estimate", "ci_lower", "ci_upper"))):
        for key in keys if bias.get(test) else ():
            out[f"{test}:{key}"] = (bias[test][key], k)
    if bias.get("trimfill"):
        out["trimfill:side"] = (float(bias["trimfill"]["side"] == "right"), k)
    for row in doc.get("leave_one_out") or ():
        for key in ("estimate", "ci_lower", "ci_upper", "tau2", "i2"):
            out[f"loo:{row['study']}:{key}"] = (row[key], k - 1)
    return out


def compare(doc: dict, theirs: dict[str, float | None], label: str,
            tol: float = TOLERANCE, skip: tuple[str, ...] = ()) -> tuple[list[str], int]:
    """(failures, number compared) of our document against the R side's values; `skip` names
    key endings left out for a reason in DIFFERENCES."""
    failures, n = [], 0
    for key, (ours, k) in our_values(doc).items():
        if key not in theirs or key.rsplit(":", 1)[-1] in skip:
            continue
        if _by_design(key, ours, k) or _no_variance(key, ours, theirs) or _no_model(
                key, doc, theirs) or (key.startswith("loo:") and theirs[key] is None) or (
                key.startswith("subgroup_test:") and _subgroup_missing(doc, theirs)) or (
                _zero_variance(key, doc)):
            continue  # DIFFERENCES
        n += 1
        if not _close(key, ours, theirs[key], tol):
            failures.append(f"{label} {key}: ours {ours!r}, metafor {theirs[key]!r}")
    return failures, n
