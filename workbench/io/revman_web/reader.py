"""Read a RevMan Web data package into an RmReview, like an .rm5 file."""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

from workbench.io.revman_web import columns as col
from workbench.io.revman_web.package import Package, open_package
from workbench.io.revman_web.rob import read_rob
from workbench.io.rm5.ids import clean_text, study_id_for, unescape
from workbench.io.rm5.model import (
    DATA_FIELDS,
    RevManError,
    RmComparison,
    RmOutcome,
    RmReview,
    RmRow,
    RmStudy,
    RmSubgroup,
)


def read_package(path: Path) -> RmReview:
    package = open_package(path)
    if package.text(col.DTA_FILE) is not None:
        raise RevManError(f"{package.where(col.DTA_FILE)}: a diagnostic test accuracy "
                          "package; only intervention reviews can be imported")
    review = RmReview(title="")  # the package does not carry the review's title
    outcomes = _settings(package, review)
    _data_rows(package, review, outcomes)
    review.rob = read_rob(package, review)
    return review


def rows_of(package: Package, name: str, required: tuple[str, ...]) -> list[tuple[int, dict]]:
    """(line, row) of one CSV; a missing file or column is refused naming it."""
    text = package.text(name)
    if text is None:
        raise RevManError(f"{package.where(name)}: missing from the package")
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in required if c not in (reader.fieldnames or [])]
    if missing:
        raise RevManError(f"{package.where(name)}: line 1: missing column(s) "
                          f"{', '.join(repr(m) for m in missing)}")
    return [(reader.line_num, row) for row in reader]


def number(package: Package, name: str, line: int, row: dict, column: str) -> float | None:
    text = (row.get(column) or "").strip().removesuffix("%")
    if text in ("", "#N/A", "NA"):
        return None
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise RevManError(f"{package.where(name)}: line {line}, column {column!r}: "
                          f"{row.get(column)!r} is not a number")
    return value


def _flag(row: dict, column: str, default: bool) -> bool:
    text = (row.get(column) or "").strip().lower()
    return default if not text else text in col.TRUE_WORDS


def _settings(package: Package, review: RmReview) -> dict[tuple[int, int], RmOutcome]:
    name = col.SETTINGS_FILE
    found: dict[tuple[int, int], RmOutcome] = {}
    comparisons: dict[int, RmComparison] = {}
    for line, row in rows_of(package, name, ("Analysis group", "Analysis number", "Data type",
                                             "Effect measure", "Analysis model")):
        group = int(number(package, name, line, row, "Analysis group") or 0)
        analysis = int(number(package, name, line, row, "Analysis number") or 0)
        kind = col.DATA_TYPES.get((row.get("Data type") or "").strip())
        if kind is None:
            raise RevManError(f"{package.where(name)}: line {line}, column 'Data type': "
                              f"unknown data type {row.get('Data type')!r}")
        if group not in comparisons:
            comparisons[group] = RmComparison(id=f"CMP-{group:03d}", name=clean_text(
                row.get("Analysis group name")) or f"Comparison {group}")
            review.comparisons.append(comparisons[group])
        outcome = _outcome(package, line, row, kind, f"CMP-{group:03d}.{analysis:02d}")
        comparisons[group].outcomes.append(outcome)
        found[(group, analysis)] = outcome
    return found


def _outcome(package: Package, line: int, row: dict, kind: str, outcome_id: str) -> RmOutcome:
    measure_text = (row.get("Effect measure") or "").strip()
    method = col.METHODS.get((row.get("Statistical method") or "").strip(), "IV")
    level = row.get("Estimate CI") or row.get("CI/PI level") or "95"
    overall = _flag(row, "Overall estimates", True)
    settings = {
        "METHOD": "PETO" if measure_text == "Peto Odds Ratio" else method,
        "EFFECT_MEASURE": col.MEASURES.get(measure_text, ""),
        "RANDOM": "YES" if (row.get("Analysis model") or "").startswith("Random") else "NO",
        "CI_TOTAL": level.strip().removesuffix("%"),
        "CI_STUDY": (row.get("Study CI") or level).strip().removesuffix("%"),
        "TOTALS": "YES" if overall else ("SUB" if _flag(row, "Subgroup estimates", False)
                                         else "NO"),
        "SUBGROUP_TEST": "YES" if _flag(row, "Test for subgroup differences", True) else "NO",
        "SWAP_EVENTS": "YES" if _flag(row, "Swap event and non-event", False) else "NO",
        "LOG_DATA": "YES" if _flag(row, "Log-scale data", False) else "NO",
        "SORT_BY": (row.get("Sort by") or "STUDY").strip().upper()}
    scale = number(package, col.SETTINGS_FILE, line, row, "Graph scale")
    if scale is not None:
        settings["SCALE"] = repr(scale)
    return RmOutcome(
        kind=kind, id=outcome_id, name=clean_text(row.get("Analysis name")) or outcome_id,
        settings=settings, line=line,
        group_labels=(clean_text(row.get("Experimental group label")) or "Experimental",
                      clean_text(row.get("Control group label")) or "Control"),
        graph_labels=(clean_text(row.get("Graph label (left)")),
                      clean_text(row.get("Graph label (right)"))),
        effect_label=measure_text if kind in ("IV", "IPD") else "")


def _data_rows(package: Package, review: RmReview,
               outcomes: dict[tuple[int, int], RmOutcome]) -> None:
    name = col.DATA_ROWS_FILE
    table = rows_of(package, name, ("Analysis group", "Analysis number", "Study"))
    for order, (line, row) in enumerate(table, start=1):
        key = (int(number(package, name, line, row, "Analysis group") or 0),
               int(number(package, name, line, row, "Analysis number") or 0))
        outcome = outcomes.get(key)
        if outcome is None:
            raise RevManError(f"{package.where(name)}: line {line}: analysis {key[0]}.{key[1]}"
                              f" is not in {package.code}-{col.SETTINGS_FILE}")
        study = _study(review, row, package, line)
        values = {field: number(package, name, line, row, col.ROW_FIELDS[field])
                  for field in DATA_FIELDS[outcome.kind].values()}
        cached = {attr: (row.get(column) or "").strip() for attr, column in
                  (("CI_START", "CI start"), ("CI_END", "CI end"), ("WEIGHT", "Weight"))}
        rm_row = RmRow(study_id=study.id, values=values, cached=cached, order=order,
                       footnote=clean_text(row.get("Footnotes")), line=line)
        _place(outcome, clean_text(row.get("Subgroup")), rm_row)


def _study(review: RmReview, row: dict, package: Package, line: int) -> RmStudy:
    label = clean_text(row.get("Study"))
    if not label:
        raise RevManError(f"{package.where(col.DATA_ROWS_FILE)}: line {line}, column 'Study': "
                          "blank study label")
    raw = study_id_for(label)
    study = review.studies.get(unescape(raw))
    if study is None:
        year = number(package, col.DATA_ROWS_FILE, line, row, "Study year")
        study = review.studies[unescape(raw)] = RmStudy(
            id=unescape(raw), raw_id=raw, name=label, year=None if year is None else int(year))
    return study


def _place(outcome: RmOutcome, subgroup: str, row: RmRow) -> None:
    if not subgroup:
        outcome.rows.append(row)
        return
    for existing in outcome.subgroups:
        if existing.name == subgroup:
            existing.rows.append(row)
            return
    outcome.subgroups.append(RmSubgroup(id=f"{outcome.id}.{len(outcome.subgroups) + 1:02d}",
                                        name=subgroup, rows=[row]))
