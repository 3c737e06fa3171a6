"""Shared test data for the forest and funnel plot tests: dat.bcg as StudyRows."""

from __future__ import annotations

import csv
from pathlib import Path

from workbench.core.model import AnalysisSettings, Comparison, DataType, Outcome, StudyRow

BCG = Path(__file__).resolve().parents[3] / "shared" / "validation" / "data" / "dat.bcg.csv"
SETTINGS = AnalysisSettings(measure="RR", method="DL")
OUTCOME = Outcome(1, 1, "Tuberculosis", DataType.DICHOTOMOUS, SETTINGS)
COMPARISON = Comparison(1, "BCG vs no vaccine", "experimental", "control")


def bcg_rows(subgroups: bool = True) -> list[StudyRow]:
    """events_1 = tpos, total_1 = tpos + tneg, events_2 = cpos, total_2 = cpos + cneg."""
    rows = []
    with BCG.open(newline="") as handle:
        for r in csv.DictReader(handle):
            values = {"events_1": float(r["tpos"]), "total_1": float(r["tpos"]) + float(r["tneg"]),
                      "events_2": float(r["cpos"]), "total_2": float(r["cpos"]) + float(r["cneg"])}
            rows.append(StudyRow(f"{r['author']} {r['year']}", values,
                                 subgroup=r["alloc"] if subgroups else None, year=int(r["year"])))
    return rows
