"""Validation datasets as StudyRows, and the comparison of our output with metafor's numbers."""

from __future__ import annotations

import math
import re
from typing import Any

from _shared import VALIDATION, dataset

from workbench.core.meta import run_meta
from workbench.core.model import AnalysisSettings, DataType, StudyRow


def num(text: str | None) -> float | None:
    return None if text in (None, "", "NA") else float(text)


def binary_rows(records, a="ai", n1="n1i", c="ci", n2="n2i", label="study") -> list[StudyRow]:
    return [StudyRow(str(r.get(label, i)), {"events_1": num(r[a]), "total_1": num(r[n1]),
                                           "events_2": num(r[c]), "total_2": num(r[n2])})
            for i, r in enumerate(records)]


def bcg_rows() -> list[StudyRow]:
    rows = []
    for r in dataset("dat.bcg"):
        tpos, tneg, cpos, cneg = (float(r[k]) for k in ("tpos", "tneg", "cpos", "cneg"))
        rows.append(StudyRow(f"{r['author']} {r['year']}",
                             {"events_1": tpos, "total_1": tpos + tneg,
                              "events_2": cpos, "total_2": cpos + cneg}, subgroup=r["alloc"]))
    return rows


def continuous_rows(records, sd1="sd1i", sd2="sd2i") -> list[StudyRow]:
    return [StudyRow(str(i), {"mean_1": num(r["m1i"]), "sd_1": num(r[sd1]),
                              "total_1": num(r["n1i"]), "mean_2": num(r["m2i"]),
                              "sd_2": num(r[sd2]), "total_2": num(r["n2i"])})
            for i, r in enumerate(records)]


def generic_rows(records) -> list[StudyRow]:
    return [StudyRow(str(i), {"estimate": num(r["yi"]), "se": None, "variance": num(r["vi"])})
            for i, r in enumerate(records)]


def meta(rows, data_type: DataType, **settings: Any) -> dict[str, Any]:
    """run_meta's JSON document (cli.md keys)."""
    flags = {k: settings.pop(k) for k in ("subgroups", "bias", "leave_one_out") if k in settings}
    result = run_meta(rows, data_type, AnalysisSettings(**settings), **flags)
    return result.to_dict()


# metafor key -> path into our JSON document
KEYS = {
    "est": ("estimate",), "mu": ("estimate",), "pred": ("estimate",), "se": ("se",),
    "z": ("statistic",), "p": ("p",), "ci.lb": ("ci_lower",), "ci.ub": ("ci_upper",),
    "pi.lb": ("pi_lower",), "pi.ub": ("pi_upper",), "tau2": ("tau2",), "tau": ("tau",),
    "I2": ("i2",), "H2": ("h2",), "Q": ("q",), "Q_df": ("q_df",), "Q_p": ("q_p",), "k": ("k",),
    "exp_est": ("exp", "estimate"), "exp_ci.lb": ("exp", "ci_lower"),
    "exp_ci.ub": ("exp", "ci_upper"), "exp_pi.lb": ("exp", "pi_lower"),
    "exp_pi.ub": ("exp", "pi_upper"),
    **{f"{name}.ci.{end}": (f"{key}_ci_{side}",)
       for name, key in (("tau2", "tau2"), ("tau", "tau"), ("I2", "i2"), ("H2", "h2"))
       for end, side in (("lb", "lower"), ("ub", "upper"))},
}
LISTS = {"exp": ("estimate", "ci_lower", "ci_upper"), "exp_digits2": (
    "estimate", "ci_lower", "ci_upper"), "exp_pi": ("pi_lower", "pi_upper")}


DIGITS: dict[str, int] = {}  # analysis id -> options["digits"] where the source printed fewer


def decimals(value: float, default: int = 4) -> int:
    """Digits printed after the decimal point (as stored in expected.json)."""
    text = repr(float(value))
    if "e" in text:
        return 10
    # An integer-looking value (k, df, metafor's exact 0 and 1): the analysis' digits, or 4.
    return len(text.split(".")[1]) if not text.endswith(".0") else default


def exact_optima() -> dict[str, list[tuple[float, float]]]:
    """README's 'exact vs 1e-5 stop' pairs per analysis id (the exact value is to be produced)."""
    text = (VALIDATION / "README.md").read_text(encoding="utf-8")
    pairs: dict[str, list[tuple[float, float]]] = {}
    for line in text.splitlines():
        match = re.match(r"- `([^`]+)`: (.*)", line)
        if match and "1e-5 stop" in match.group(2):
            found = re.findall(r"exact (-?[\d.]+) vs the 1e-5 stop (-?[\d.]+)", match.group(2))
            pairs[match.group(1)] = [(float(a), float(b)) for a, b in found]
    return pairs


EXACT = exact_optima()


def close(ours: float | None, printed: Any, analysis_id: str) -> bool:
    """Within half a unit of the printed digit; README's exact optimum where it applies."""
    if isinstance(printed, str):  # "<.0001", "<.01"
        return ours is not None and ours < float(printed.lstrip("<"))
    if ours is None:
        return False
    places = decimals(printed, DIGITS.get(analysis_id, 4))
    for exact, stop in EXACT.get(analysis_id, []):
        if abs(stop - printed) <= 0.5 * 10 ** -places:
            return abs(ours - exact) <= 1e-6 * max(abs(exact), 1e-3)
    return abs(ours - printed) <= 0.5 * 10 ** -places + 1e-12 * abs(printed)


def compare(doc: dict[str, Any], expected: dict[str, Any], analysis_id: str,
            skip: tuple[str, ...] = ()) -> tuple[list[str], int]:
    """(failures, number checked) for the keys we can map; others must be listed in `skip`."""
    failures, checked = [], 0
    for key, printed in expected.items():
        if key in skip:
            continue
        if key in LISTS:
            paths = [("exp", k) for k in LISTS[key]]
            values = list(zip(paths, printed, strict=True))
        elif key in KEYS:
            values = [(KEYS[key], printed)]
        else:
            raise AssertionError(f"{analysis_id}: unmapped key {key} (add it to skip)")
        for path, value in values:
            ours = doc
            for step in path:
                ours = ours[step] if ours is not None else None
            checked += 1
            if not close(ours, value, analysis_id):
                failures.append(f"{analysis_id} {key}{path}: ours {ours}, metafor {value}")
    return failures, checked


def check(doc, expected, analysis_id, skip=()) -> int:
    failures, checked = compare(doc, expected, analysis_id, skip)
    assert not failures, "\n".join(failures)
    return checked


def assert_list(ours: list[float | None], printed: list[float], analysis_id: str,
                scale: float = 1.0) -> None:
    assert len(ours) == len(printed)
    bad = [(i, o, e) for i, (o, e) in enumerate(zip(ours, printed, strict=True))
           if not close(None if o is None else o * scale, e, analysis_id)]
    assert not bad, f"{analysis_id}: {bad}"


def finite(x: float | None) -> bool:
    return x is not None and math.isfinite(x)
