"""The dual-extraction fixture: both reviewers' sheets imported, exactly the 8 listed conflicts.

Expected disagreements come from ../shared/fixtures/expected.json ("dual_extraction.xlsx").
"""

import json
from pathlib import Path

import pytest

from workbench.cli import main

FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "fixtures"
pytestmark = pytest.mark.skipif(not (FIXTURES / "expected.json").exists(),
                                reason="../shared/fixtures is not beside the repository")


def _entry() -> dict:
    workbooks = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))["workbooks"]
    return next(w for w in workbooks if w["file"] == "dual_extraction.xlsx")


def _run(capsys, *argv) -> dict:
    code = main([*map(str, argv), "--json"])
    out = capsys.readouterr().out
    assert code == 0, out
    return json.loads(out)


def _import(capsys, project: Path, reviewer: str) -> None:
    args = next(i["args"] for i in _entry()["imports"] if i["args"]["reviewer"] == reviewer)
    _run(capsys, "import", project, FIXTURES / args["source"], "--mapping",
         FIXTURES / args["mapping"], "--reviewer", reviewer)


def _as_expected(conflicts: list[dict]) -> list[tuple]:
    return sorted((c["study"], c["comparison"], c["outcome"], c["field"],
                   c["values"]["Reviewer A"], c["values"]["Reviewer B"]) for c in conflicts)


def _expected() -> list[tuple]:
    return sorted((d["study"], d["comparison"], d["outcome"], d["field"], d["reviewer_a"],
                   d["reviewer_b"]) for d in _entry()["disagreements"])


def test_both_sheets_in_one_project_give_exactly_the_listed_disagreements(tmp_path, capsys):
    project = tmp_path / "dual.wbproj"
    _import(capsys, project, "Reviewer A")
    _import(capsys, project, "Reviewer B")
    conflicts = _run(capsys, "conflicts", project)["conflicts"]
    assert len(_expected()) == 8
    assert _as_expected(conflicts) == _expected()
    assert all(c["resolved"] is False and set(c["values"]) == {"Reviewer A", "Reviewer B"}
               for c in conflicts)


def test_each_side_names_its_cell(tmp_path, capsys):
    project = tmp_path / "dual.wbproj"
    _import(capsys, project, "Reviewer A")
    _import(capsys, project, "Reviewer B")
    conflicts = {(c["study"], c["field"]): c for c in _run(capsys, "conflicts", project)
                 ["conflicts"]}
    # Study-level fields (the year) carry no cell reference from import yet.
    for d in (d for d in _entry()["disagreements"] if d["comparison"] is not None):
        sources = conflicts[(d["study"], d["field"])]["sources"]
        for side, reviewer in (("cell_a", "Reviewer A"), ("cell_b", "Reviewer B")):
            cell = d[side]
            assert f"{cell['column']}{cell['row']}" in sources[reviewer]


def test_separate_copies_merged_give_the_same_disagreements(tmp_path, capsys):
    first, second = tmp_path / "a.wbproj", tmp_path / "b.wbproj"
    _import(capsys, first, "Reviewer A")
    _import(capsys, second, "Reviewer B")
    counts = _run(capsys, "merge", first, second)
    assert counts["conflicts_added"] == 8
    assert _as_expected(_run(capsys, "conflicts", first)["conflicts"]) == _expected()
    assert _run(capsys, "merge", first, second)["values_added"] == 0


def test_agreement_counts_every_cell_both_extracted(tmp_path, capsys):
    project = tmp_path / "dual.wbproj"
    _import(capsys, project, "Reviewer A")
    _import(capsys, project, "Reviewer B")
    doc = _run(capsys, "agreement", project)
    # expected.json: 20 rows each with events_1, total_1, events_2, total_2 (80 cells) and
    # a year for each of 10 studies: 90 cells, of which the 8 disagreements differ.
    entry = _entry()
    rows = entry["imports"][0]["rows_imported"]
    studies = entry["imports"][0]["n_studies"]
    assert doc["extraction"]["cells_compared"] == rows * 4 + studies == 90
    assert doc["extraction"]["cells_agreed"] == 90 - len(entry["disagreements"])
