"""RevMan 5 cached results (shared/validation/revman/cases) reproduced by `workbench meta`."""

from __future__ import annotations

import json
import math

import pytest
from _shared import REVMAN_CASES

from workbench.cli import main

CASES = sorted(p for p in REVMAN_CASES.glob("*.json") if p.name != "skipped.json")


def _lookup(doc, path):
    """Follow a check's path: keys, list positions, or {"name": ...} selectors."""
    node = doc
    for step in path:
        if isinstance(step, dict):
            key, value = next(iter(step.items()))
            node = next(item for item in node if item.get(key) == value)
        else:
            node = node[step]
    return node


def _on_revman_scale(value, scale: str):
    mapping = {"id": lambda v: v, "exp": math.exp, "abs": abs, "sqrt": math.sqrt}
    return mapping[scale](value)


def _failures(doc, checks) -> tuple[list[str], int]:
    """Every check outside its tolerance; optional checks may be absent from the output."""
    failures, passed = [], 0
    for check in checks:
        try:
            ours = _lookup(doc, check["path"])
        except (KeyError, IndexError, StopIteration):
            if not check["optional"]:
                failures.append(f"{check['path']}: missing")
            continue
        if ours is None and check["optional"]:
            continue
        if check["scale"] == "text":
            ok = ours == check["stored"] or ours == check["expected"]
        elif check["scale"] == "bool":
            ok = ours == check["expected"]
        else:
            ok = ours is not None and abs(
                _on_revman_scale(ours, check["scale"]) - float(check["stored"])) <= check["tol"]
        if ok:
            passed += 1
        else:
            failures.append(f"{check['path']} ({check['attr']}): ours {ours!r}, "
                            f"RevMan {check['stored']} ±{check['tol']}")
    return failures, passed


@pytest.mark.parametrize("case_path", CASES, ids=[p.stem for p in CASES])
def test_revman_case(case_path, capsys):
    """Every check of the case, as shared/validation/revman/README.md describes them."""
    case = json.loads(case_path.read_text(encoding="utf-8"))
    code = main(["meta", str(REVMAN_CASES / case["csv"]), *case["args"], "--json"])
    out = capsys.readouterr().out
    assert code == 0, out
    failures, passed = _failures(json.loads(out), case["checks"])
    assert not failures, f"{case['id']}: {len(failures)} failed, {passed} passed\n" + "\n".join(
        failures[:20])


def test_all_46_cases_present():
    assert len(CASES) == 46
