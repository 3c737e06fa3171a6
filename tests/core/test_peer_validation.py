"""All of ../shared/validation/peers: public reference results for `workbench meta`.

132 cases from statsmodels' and PyMARE's metafor outputs, metafor's own tests, metadat's
printed examples and meta's RevMan 5 file; each case's JSON names its source (repository,
commit, file). A check marked with a `convention` is one where the reference defines the
quantity differently from cli.md (metafor's Fisher scoring stops at |Δτ²| < 1e-5 where we
solve exactly; uniroot's loose tolerance for PM; meta's I² from Q; meta's k−2 PI): ours must
then lie within that convention's stated allowance (conv_rtol, conv_atol), and
peers/conventions.md recomputes each one both ways.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import re

import pytest
from _shared import VALIDATION

from workbench.cli import main

PEERS = VALIDATION / "peers" / "cases"
CASES = sorted(PEERS.glob("*.json"))
TOKEN = re.compile(r"([^.\[\]]+)|\[(\d+)\]|\[([^=\]]+)=([^\]]*)\]")


def _get(doc, path: str):
    """peers/README's paths: a.b, list[3], list[key=value]."""
    cur = doc
    for m in TOKEN.finditer(path):
        name, idx, key, val = m.groups()
        if cur is None:
            return None
        if name is not None:
            cur = cur[name]
        elif idx is not None:
            cur = cur[int(idx)]
        else:
            hits = [x for x in cur if str(x.get(key)) == val]
            assert len(hits) == 1, f"{path}: {len(hits)} matches"
            cur = hits[0]
    return cur


def _under_convention(chk: dict, doc: dict, case: dict):
    """Our value recomputed under the reference's convention, where cli.md offers it.

    meta's I² from Q: (Q − df)/Q from our own Q; meta's prediction interval with t(k−2):
    ours with `--pi-df k-2` (docs/cli-additions/engine.md). None: no such convention.
    """
    note = chk.get("convention") or ""
    if "I^2 from Q" in note:
        q, df = doc["q"], doc["q_df"]
        return 100 * max(0.0, (q - df) / q) if q > 0 else 0.0
    if "k-2" in note and chk["path"].startswith("pi_"):
        _code, again = _run(case, ["--pi-df", "k-2"])
        return _get(again, chk["path"])
    return None


def _ok(chk: dict, ours) -> bool:
    kind, exp = chk["kind"], chk.get("expected")
    if kind == "null":
        return ours is None
    if ours is None or (isinstance(ours, float) and math.isnan(ours)):
        return False
    if kind == "eq":
        return ours == exp
    if kind == "lt":
        return ours < exp
    tol = chk["tol"] if kind == "abs" else max(chk["atol"], chk["rtol"] * abs(exp))
    if abs(ours - exp) <= tol:
        return True
    # A convention explains a small difference only (peers/README, run.py's CONV).
    return bool(chk.get("convention")) and "conv_rtol" in chk and abs(ours - exp) <= (
        chk["conv_rtol"] * abs(exp) + chk.get("conv_atol", 0))


def _run(case: dict, more: tuple[str, ...] | list[str] = ()) -> tuple[int, dict | None]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = main(["meta", str(PEERS / case["csv"]), *case["args"], *more, "--json"])
    text = out.getvalue().strip()
    return code, json.loads(text) if text else None


def test_all_peer_cases_are_here():
    assert len(CASES) == 132  # peers/README: 132 analyses


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_peer_case(path):
    case = json.loads(path.read_text(encoding="utf-8"))
    code, doc = _run(case)
    assert code in case.get("expect_exit", [0]), f"exit {code}; source {case['source']}"
    failures = []
    for chk in case["checks"]:
        if code != 0 or doc is None or "error" in doc:
            assert chk["kind"] == "null", f"{chk['path']}: no result"
            continue
        ours = _get(doc, chk["path"])
        if chk.get("transform") == "exp" and isinstance(ours, (int, float)):
            ours = math.exp(ours)  # the reference printed exp() of our log-scale value
        if not _ok(chk, ours) and not _ok(dict(chk, convention=None),
                                          _under_convention(chk, doc, case)):
            failures.append(f"{chk['path']}: ours {ours!r}, reference "
                            f"{chk.get('printed', chk.get('expected'))!r}")
    assert not failures, "\n".join(failures) + f"\nsource: {json.dumps(case['source'])}"
