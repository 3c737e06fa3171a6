"""Write an RmReview as RevMan Web's data package: a folder, or a zip when PATH ends in .zip."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

from workbench.io.atomic import write_atomically
from workbench.io.revman_web import columns as col
from workbench.io.rm5.model import DATA_FIELDS, RmOutcome, RmReview, RmRow

TOOL_DOMAINS = {"rob2": {"D1": "Bias arising from the randomization process",
                         "D2": "Bias due to deviations from intended interventions",
                         "D3": "Bias due to missing outcome data",
                         "D4": "Bias in measurement of the outcome",
                         "D5": "Bias in selection of the reported result",
                         "overall": "Overall"}}
JUDGEMENT_WORDS = {"rob1": {"low": "Low risk", "unclear": "Unclear risk", "high": "High risk"},
                   "rob2": {"low": "Low", "some": "Some concerns", "high": "High"}}


def review_code(out: Path) -> str:
    """'CD012345' when the file or folder is named so (meta's read.cdir reads the code from
    the name), else 'CD000000'."""
    found = re.match(r"(CD\d+)", out.name)
    return found.group(1) if found else "CD000000"


def package_files(review: RmReview, code: str) -> dict[str, str]:
    analysis, study = f"{code}-analysis-data", f"{code}-study-data"
    files = {f"{analysis}/{code}-{col.SETTINGS_FILE}": _settings(review),
             f"{analysis}/{code}-{col.DATA_ROWS_FILE}": _rows(review),
             f"{analysis}/{code}-{col.SUBGROUPS_FILE}": _subgroups(review)}
    if review.rob:
        files[f"{study}/{code}-{col.ROB_FILE}"] = _rob(review)
    return files


def write_package(review: RmReview, out: Path) -> list[str]:
    """Write atomically (the zip as one file, each CSV of a folder as one file)."""
    files = package_files(review, review_code(out))
    if out.suffix.lower() == ".zip":
        write_atomically(out, lambda target: _zip(target, files))
        return [str(out)]
    for name, text in files.items():
        target = out / name
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(target, lambda t, text=text: t.write_text(text, encoding="utf-8"))
    return [str(out / name) for name in files]


def _zip(target: Path, files: dict[str, str]) -> None:
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text.encode("utf-8"))


def _csv(header: tuple[str, ...], rows: list[list]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([_safe(v) for v in row] for row in rows)
    return buffer.getvalue()


def _safe(value) -> str:
    """No spreadsheet program evaluates a cell we write (cli.md's rule for CSV exports)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "@") else text


def _outcomes(review: RmReview):
    for group, comparison in enumerate(review.comparisons, start=1):
        for outcome in comparison.outcomes:
            yield group, comparison, outcome, int(outcome.id.rsplit(".", 1)[-1])


def _settings(review: RmReview) -> str:
    rows = []
    for group, comparison, o, number in _outcomes(review):
        s, kind_names = o.settings, {v: k for k, v in col.DATA_TYPES.items()}
        measure = o.effect_label if o.kind in ("IV", "IPD") else \
            col.MEASURE_NAMES.get(s.get("EFFECT_MEASURE", ""), "")
        rows.append([
            group, number, comparison.name, o.name, kind_names[o.kind],
            col.METHOD_NAMES.get(s.get("METHOD", "IV"), "IV"), measure,
            f"{s.get('CI_STUDY', '95')}%", f"{s.get('CI_TOTAL', '95')}%", "",
            "Random effect" if s.get("RANDOM") == "YES" else "Fixed effect",
            _bool(s.get("LOG_DATA") == "YES"), *o.group_labels, *o.graph_labels,
            s.get("SCALE", ""), _bool(s.get("TOTALS", "YES") == "YES"),
            _bool(s.get("SUBGROUP_TEST", "YES") == "YES"), _bool(s.get("TOTALS") != "NO"),
            _bool(s.get("SWAP_EVENTS") == "YES"), s.get("SORT_BY", "STUDY")])
    return _csv(col.SETTINGS_COLUMNS, rows)


def _bool(value: bool) -> str:
    return "TRUE" if value else "FALSE"


def _rows(review: RmReview) -> str:
    rows = []
    for group, _comparison, outcome, number in _outcomes(review):
        for row, subgroup in outcome.all_rows():
            rows.append(_row(review, group, number, outcome, row, subgroup))
    return _csv(col.ROW_COLUMNS, rows)


def _row(review: RmReview, group: int, number: int, outcome: RmOutcome, row: RmRow,
         subgroup: str | None) -> list:
    study = review.studies[row.study_id]
    fields = set(DATA_FIELDS[outcome.kind].values())
    values = [_number(row.values.get(f)) if f in fields else ""
              for f in col.ROW_FIELDS]
    return [group, number, outcome.name, subgroup or "", study.name,
            "" if study.year is None else study.year, *values,
            row.cached.get("CI_START", ""), row.cached.get("CI_END", ""),
            row.cached.get("WEIGHT", ""), row.footnote]


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _subgroups(review: RmReview) -> str:
    rows = []
    for group, _comparison, outcome, number in _outcomes(review):
        for index, sub in enumerate(outcome.subgroups, start=1):
            rows.append([group, number, index, sub.name, sub.cached.get("EFFECT_SIZE", ""),
                         sub.cached.get("CI_START", ""), sub.cached.get("CI_END", ""),
                         sub.cached.get("WEIGHT", "")])
    return _csv(col.SUBGROUP_COLUMNS, rows)


def _rob(review: RmReview) -> str:
    """One row per study; a judgement and a support column per domain, in first-seen order."""
    tool = review.rob[0].tool
    names = TOOL_DOMAINS.get(tool, {})
    domains = list(dict.fromkeys(
        names.get(e.item, e.item) + (f": {e.group}" if e.group else "")
        for e in review.rob if e.tool == tool))
    table: dict[str, dict[str, tuple[str, str]]] = {}
    for e in review.rob:
        if e.tool == tool:
            domain = names.get(e.item, e.item) + (f": {e.group}" if e.group else "")
            table.setdefault(e.study_id, {})[domain] = (
                JUDGEMENT_WORDS[tool][e.judgement], e.support)
    header = ("Study", *[c for d in domains for c in (col.JUDGEMENT + d, col.SUPPORT + d)])
    rows = [[review.studies[sid].name,
             *[v for d in domains for v in judged.get(d, ("", ""))]]
            for sid, judged in table.items()]
    return _csv(header, rows)
