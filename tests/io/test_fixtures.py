"""Every shared fixture workbook imports exactly as expected.json says."""

import json
from pathlib import Path

import pytest

from workbench.io.spreadsheet import load_mapping, read_batch
from workbench.session.importing import import_file
from workbench.session.project import Project

SHARED = Path(__file__).resolve().parents[3] / "shared" / "fixtures"
EXPECTED = json.loads((SHARED / "expected.json").read_text()) if SHARED.exists() else {}
IMPORTS = [(w, i) for w in EXPECTED.get("workbooks", []) for i in w["imports"]]
pytestmark = pytest.mark.skipif(not SHARED.exists(), reason="shared fixtures not beside repo")
NUMBERS = ("events_1", "total_1", "events_2", "total_2", "mean_1", "sd_1", "total_1",
           "mean_2", "sd_2", "total_2")


def _batch(spec):
    args = spec["args"]
    return read_batch(SHARED / args["source"], load_mapping(SHARED / args["mapping"]),
                      args["sheet"])


@pytest.mark.parametrize(("workbook", "spec"), IMPORTS, ids=[i["id"] for _, i in IMPORTS])
def test_batch_matches_expected(workbook, spec):
    batch = _batch(spec)
    assert batch.rows_read == spec["rows_read"]
    assert [p.to_dict() for p in batch.problems] == spec["problems"]
    assert [m.to_dict() for m in batch.missing if m.row not in batch.invalid_rows] == \
        spec["missing"]
    assert [s.to_dict() for s in batch.skipped] == spec["skipped_rows"]


def _project_rows(project):
    from workbench.session.analysis import load_outcome

    found = []
    for comparison in project.store.comparisons():
        for outcome in project.store.outcomes(comparison.id):
            data = load_outcome(project.store, outcome.id)
            rows = [{"study": r.study, "year": r.year, "timepoint": r.timepoint or None,
                     **{f: r.value(f) for f in data.fields},
                     "subgroup": r.value("subgroup")} for r in data.rows]
            found.append({"comparison": comparison.label, "outcome": outcome.label,
                          "rows": rows})
    return found


def _expected_rows(spec):
    out = []
    for outcome in spec["outcomes"]:
        rows = [{k: (float(v) if k in NUMBERS and v is not None else v) for k, v in r.items()
                 if k not in ("sheet", "row")} for r in outcome["rows"]]
        out.append({"comparison": outcome["comparison"], "outcome": outcome["outcome"],
                    "rows": rows})
    return out


@pytest.mark.parametrize(("workbook", "spec"), IMPORTS, ids=[i["id"] for _, i in IMPORTS])
def test_import_lands_as_expected(tmp_path, workbook, spec):
    project = Project.create(tmp_path / "p.wbproj")
    earlier = [i for i in workbook["imports"] if i["id"].startswith("p3-reviewer-a")
               and spec["id"] == "p3-reviewer-b"]
    for prior in earlier:
        import_file(project, SHARED / prior["args"]["source"],
                    SHARED / prior["args"]["mapping"], reviewer=prior["args"]["reviewer"])
    args = spec["args"]
    report = import_file(project, SHARED / args["source"], SHARED / args["mapping"],
                         sheet=args["sheet"], reviewer=args["reviewer"],
                         skip_invalid=args["skip_invalid"])
    doc = report.to_json()
    assert report.exit_code == spec["exit_code"]
    for key in ("rows_read", "rows_imported", "studies_added", "outcomes_added"):
        assert doc[key] == spec[key], key
    if spec["exit_code"] == 0 and not earlier:
        assert _project_rows(project) == _expected_rows(spec)
    if spec["exit_code"] == 2:
        assert project.store.counts()["studies"] == 0
    project.close()


def test_dual_extraction_keeps_both_reviewers(tmp_path):
    from workbench.session.analysis import load_outcome

    project = Project.create(tmp_path / "p.wbproj")
    for who in ("a", "b"):
        import_file(project, SHARED / "dual_extraction.xlsx",
                    SHARED / f"dual_extraction.reviewer_{who}.MAP.json",
                    reviewer=f"Reviewer {who.upper()}")
    conflicts = set()
    for outcome in project.store.outcomes():
        data = load_outcome(project.store, outcome.id)
        conflicts |= {(r.study, outcome.label, f) for r in data.rows for f in r.conflicts()}
    expected = {(d["study"], d["outcome"], d["field"])
                for w in EXPECTED["workbooks"] for d in w.get("disagreements", [])
                if d["outcome"]}
    assert conflicts == expected
    project.close()
