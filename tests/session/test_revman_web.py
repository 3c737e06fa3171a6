"""RevMan Web's data package: round trip, RoB 2 judgements with support, refused packages."""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "io"))
from rm5_canonical import SHARED_RM5  # noqa: E402
from test_revman_roundtrip import content  # noqa: E402

from workbench.io.revman_web import read_package, write_package  # noqa: E402
from workbench.io.rm5.model import RevManError  # noqa: E402
from workbench.session.project import Project  # noqa: E402
from workbench.session.revman_export import review_for_export  # noqa: E402
from workbench.session.revman_import import import_review  # noqa: E402

SETTINGS = ("Analysis group,Analysis number,Analysis group name,Analysis name,Data type,"
            "Statistical method,Effect measure,Study CI,Estimate CI,Analysis model\n"
            "1,1,Drug versus placebo,Death,Dichotomous,MH,Risk Ratio,95%,95%,Fixed effect\n")
ROWS = ("Analysis group,Analysis number,Analysis name,Subgroup,Study,Study year,"
        "Experimental cases,Experimental N,Control cases,Control N\n"
        "1,1,Death,,Ames 2001,2001,3,50,6,50\n1,1,Death,,Bell 2003,2003,2,40,5,41\n")
ROB2 = ('Study,"Domain (judgement): Bias arising from the randomization process",'
        '"Domain (support): Bias arising from the randomization process",'
        '"Domain (judgement): Overall","Domain (support): Overall"\n'
        'Ames 2001,Low,"<p>Central <b>web</b> randomisation</p>",Some concerns,Open label\n'
        'Bell 2003,Some concerns,Not described,High,Missing data\n')


def package(folder: Path, settings=SETTINGS, rows=ROWS, rob=ROB2) -> Path:
    analysis, study = folder / "CD000001-analysis-data", folder / "CD000001-study-data"
    analysis.mkdir(parents=True)
    study.mkdir()
    (analysis / "CD000001-overall-estimates-and-settings.csv").write_text(settings)
    (analysis / "CD000001-data-rows.csv").write_text(rows)
    (analysis / "CD000001-subgroup-estimates.csv").write_text("Analysis group\n")
    (study / "CD000001-risk-of-bias.csv").write_text(rob)
    return folder


def outcomes_and_rob(project) -> dict:
    """content() without what the package does not carry (title, characteristics, years of
    studies without data, the outcome's RevMan ID where the file numbered it)."""
    found = content(project)
    return {k: v for k, v in found.items()
            if k not in ("title", "characteristics", "years")}


@pytest.mark.parametrize("path", SHARED_RM5, ids=[p.name for p in SHARED_RM5])
@pytest.mark.parametrize("suffix", [".zip", ""])
def test_package_round_trip(path, suffix, tmp_path):
    first = Project.create(tmp_path / "first.wbproj")
    import_review(first, path, reviewer="Ann")
    review, _notes = review_for_export(first.store)
    out = tmp_path / f"CD000123-dataPackage{suffix}"
    write_package(review, out)
    second = Project.create(tmp_path / "second.wbproj")
    report = import_review(second, out, reviewer="Ann")
    assert report.check.differences == [] and report.check.checks > 30
    assert outcomes_and_rob(second) == outcomes_and_rob(first)
    first.close()
    second.close()


def test_rob2_judgements_and_support(tmp_path):
    project = Project.create(tmp_path / "p.wbproj")
    report = import_review(project, package(tmp_path / "pkg"))
    rows = sorted(project.store.execute(
        "SELECT s.label, j.domain, j.judgement, j.override_reason FROM rob_judgements j JOIN "
        "rob_assessments a ON a.id = j.assessment_id JOIN studies s ON s.id = a.study_id "
        "WHERE a.tool_id = 'rob2'"))
    overall = sorted(project.store.execute(
        "SELECT s.label, a.overall_judgement, a.overall_override_reason FROM rob_assessments a "
        "JOIN studies s ON s.id = a.study_id"))
    project.close()
    assert rows == [("Ames 2001", "D1", "Low", "Central web randomisation"),
                    ("Bell 2003", "D1", "Some concerns", "Not described")]
    assert overall == [("Ames 2001", "Some concerns", "Open label"),
                       ("Bell 2003", "High", "Missing data")]
    assert report.counts["outcomes_added"] == 1


@pytest.mark.parametrize(("settings", "rows", "words"), [
    (SETTINGS.replace("Dichotomous", "Survival"), ROWS, ["line 2", "'Data type'", "Survival"]),
    (SETTINGS, ROWS.replace(",3,50,", ",three,50,"),
     ["data-rows.csv", "line 2", "'Experimental cases'", "'three'"]),
    (SETTINGS.replace("Data type,", "Kind,"), ROWS, ["line 1", "'Data type'"]),
])
def test_refused_packages_name_file_line_and_column(tmp_path, settings, rows, words):
    folder = package(tmp_path / "pkg", settings, rows)
    with pytest.raises(RevManError) as err:
        read_package(folder)
    for word in [str(folder), *words]:
        assert word in str(err.value)


def test_zip_bomb_is_refused_before_reading(tmp_path):
    bomb = tmp_path / "CD000001-dataPackage.zip"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("CD000001-analysis-data/CD000001-data-rows.csv", b"0" * (8 << 20))
    with pytest.raises(RevManError, match="compressed .*:1"):
        read_package(bomb)
