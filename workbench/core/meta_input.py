"""Turning StudyRow values into checked arrays and study-level estimates for the engine."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from workbench.core import effects
from workbench.core.model import (
    COMPAT_MODES,
    FIELDS_BY_TYPE,
    MEASURES_BY_TYPE,
    RANDOM_METHODS,
    AnalysisSettings,
    DataType,
    StudyRow,
    revman_web_settings,
)

KNOWN_METHODS = ("FE", "EE", "MH", "PETO", *RANDOM_METHODS)


class MetaInputError(ValueError):
    """Invalid input: names the 0-based row (None for settings) and the field at fault.

    `problems` lists every invalid cell found as (row_index, field, message).
    """

    def __init__(self, message: str, row_index: int | None = None, field: str | None = None,
                 problems: list[tuple[int | None, str | None, str]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.row_index = row_index
        self.field = field
        self.problems = problems or [(row_index, field, message)]


@dataclass(frozen=True)
class Prepared:
    """Everything the fits need: estimates, raw and corrected 2x2 tables, flags."""

    measure: str
    method: str
    settings: AnalysisSettings
    est: effects.StudyEstimates
    complete: np.ndarray  # bool: all data present and both groups non-empty
    cells: effects.Cells | None  # raw counts (dichotomous only)
    fixed: effects.Cells | None  # continuity-corrected counts
    revman: bool


def check_settings(data_type: DataType, s: AnalysisSettings) -> str:
    """Validate measure/method pairs; returns the canonical method name (EE -> FE)."""
    method = s.method.upper()
    measure = s.measure.upper()
    if measure not in MEASURES_BY_TYPE[data_type]:
        raise MetaInputError(f"measure {s.measure} does not fit {data_type.value} data",
                             None, "measure")
    if method not in KNOWN_METHODS:
        raise MetaInputError(f"unknown method {s.method}", None, "method")
    if method == "MH" and measure not in ("RR", "OR", "RD"):
        raise MetaInputError(f"MH needs RR, OR or RD, not {measure}", None, "method")
    if method == "PETO" and measure != "OR":
        raise MetaInputError(f"PETO needs --measure OR, not {measure}", None, "method")
    if s.hksj and method in ("MH", "PETO"):
        raise MetaInputError(f"--hksj cannot be used with {method}", None, "hksj")
    _check_modes(s, method)
    if s.het_from.upper() == "MH" and (method != "DL" or measure not in ("RR", "OR", "RD")):
        raise MetaInputError("--het-from MH needs dichotomous data and --method DL",
                             None, "het_from")
    if not 0 < s.ci_level < 1:
        raise MetaInputError("--ci-level must be between 0 and 1", None, "ci_level")
    return "FE" if method == "EE" else method


def _check_modes(s: AnalysisSettings, method: str) -> None:
    """Compatibility modes, their estimators, and the prediction interval's df."""
    if s.compat is not None and s.compat not in COMPAT_MODES:
        raise MetaInputError(f"unknown --compat {s.compat}", None, "compat")
    if s.compat == "revman5" and method in RANDOM_METHODS and method != "DL":
        raise MetaInputError("--compat revman5 supports DL only", None, "method")
    if s.compat == "revman-web" and method in RANDOM_METHODS and method not in ("DL", "REML"):
        raise MetaInputError("--compat revman-web supports DL and REML only", None, "method")
    if s.pi_df not in ("default", "k-2"):
        raise MetaInputError(f"--pi-df must be default or k-2, not {s.pi_df}", None, "pi_df")
    if s.hksj_adhoc and method in ("MH", "PETO"):
        raise MetaInputError(f"--hksj-adhoc cannot be used with {method}", None, "hksj_adhoc")


def columns(rows: Sequence[StudyRow], data_type: DataType) -> dict[str, np.ndarray]:
    """One float array per field (NaN for missing), validated cell by cell."""
    names = FIELDS_BY_TYPE[data_type]
    if data_type is DataType.GENERIC:
        names = (*names, "variance")
    cols = {name: np.array([_number(r.values.get(name)) for r in rows], dtype=float)
            for name in names}
    problems = _problems(cols, data_type)
    if problems:
        row, field, message = min(problems, key=lambda p: (p[0], p[1]))
        raise MetaInputError(f"row {row + 1}, {field}: {message}", row, field, problems)
    return cols


def _number(value) -> float:
    return np.nan if value is None else float(value)


def _problems(cols: dict[str, np.ndarray], data_type: DataType) -> list[tuple[int, str, str]]:
    """Every invalid cell: negative counts or SDs, events > total, negative SE or variance."""
    checks: list[tuple[str, np.ndarray, str]] = []
    if data_type is DataType.DICHOTOMOUS:
        for g in ("1", "2"):
            ev, tot = cols[f"events_{g}"], cols[f"total_{g}"]
            checks += [(f"events_{g}", ev < 0, "events must not be negative"),
                       (f"total_{g}", tot < 0, "total must not be negative"),
                       (f"events_{g}", ev > tot, "events exceed the group total")]
    elif data_type is DataType.CONTINUOUS:
        for g in ("1", "2"):
            checks += [(f"sd_{g}", cols[f"sd_{g}"] < 0, "SD must not be negative"),
                       (f"total_{g}", cols[f"total_{g}"] < 0, "total must not be negative")]
    else:
        checks += [("se", cols["se"] < 0, "SE must not be negative"),
                   ("variance", cols["variance"] < 0, "variance must not be negative")]
    return [(int(i), field, msg) for field, bad, msg in checks for i in np.flatnonzero(bad)]


def prepare(rows: Sequence[StudyRow], data_type: DataType, s: AnalysisSettings) -> Prepared:
    """Check settings and rows, then compute the study-level estimates once."""
    method = check_settings(data_type, s)
    if s.compat == "revman-web":
        s = revman_web_settings(s)
    measure = s.measure.upper()
    cols = columns(rows, data_type)
    revman = s.compat in COMPAT_MODES  # RevMan's conventions for study data and MH/Peto
    if data_type is DataType.DICHOTOMOUS:
        cells = effects.cells_from_counts(cols["events_1"], cols["total_1"],
                                          cols["events_2"], cols["total_2"])
        drop00 = s.drop00 if s.drop00 is not None else method in ("MH", "PETO")
        est, fixed = effects.binary_estimates(measure, cells, cc=s.cc, cc_to=s.cc_to,
                                              drop00=drop00, revman=revman)
        if method == "PETO":
            est = effects.peto_estimates(est, cells if revman else fixed, revman)
        complete = np.isfinite(cells.a + cells.b + cells.c + cells.d) & (cells.n1 > 0) & (
            cells.n2 > 0)
        return Prepared(measure, method, s, est, complete, cells, fixed, revman)
    if data_type is DataType.CONTINUOUS:
        est = effects.continuous_estimates(
            measure, *(cols[f] for f in FIELDS_BY_TYPE[data_type]), revman=revman)
    else:
        est = effects.generic_estimates(cols["estimate"], cols["se"], cols["variance"])
    return Prepared(measure, method, s, est, est.ok, None, None, revman)
