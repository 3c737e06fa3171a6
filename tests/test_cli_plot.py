"""`workbench plot`: headless forest and funnel figures from a project, and its errors."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from workbench.cli import main  # noqa: E402
from workbench.core.model import AnalysisSettings, DataType  # noqa: E402
from workbench.session.project import Project  # noqa: E402


@pytest.fixture
def project(tmp_path):
    """A small project built through the Store API: one comparison, one RR outcome."""
    path = tmp_path / "review.wbproj"
    proj = Project.create(path, "Plot test")
    store = proj.store
    with store.db.atomic():
        reviewer = store.add_reviewer("ana")
        comparison = store.add_comparison("Drug vs placebo", "Drug", "Placebo")
        outcome = store.add_outcome(comparison, "Death", DataType.DICHOTOMOUS,
                                    AnalysisSettings(measure="RR", method="DL"))
        data = [("Alpha 2001", 4, 120, 10, 118, "adults"), ("Beta & Gamma 2005", 12, 300, 20, 290,
                "adults"), ("Delta 2010", 3, 60, 9, 61, "children"),
                ("Epsilon 2012", 7, 90, 8, 95, "children")]
        for label, e1, n1, e2, n2, group in data:
            result = store.add_result(store.add_study(label), outcome)
            for name, value in zip(("events_1", "total_1", "events_2", "total_2", "subgroup"),
                                   (e1, n1, e2, n2, group), strict=True):
                store.set_value(result, reviewer, name, value)
    proj.close()
    return path


@pytest.mark.parametrize("suffix", [".svg", ".pdf", ".png"])
def test_forest_plot_is_written(project, tmp_path, suffix, capsys):
    out = tmp_path / f"forest{suffix}"
    code = main(["plot", str(project), "--outcome", "Death", "--out", str(out), "--dpi", "150"])
    assert code == 0, capsys.readouterr().err
    assert out.stat().st_size > 2_000
    if suffix == ".svg":
        text = out.read_text(encoding="utf-8")
        for label in ("Alpha 2001", "Beta &amp; Gamma 2005", "Delta 2010", "Subtotal (95% CI)",
                      "Test for subgroup differences"):
            assert label in text


def test_funnel_plot_is_written(project, tmp_path):
    out = tmp_path / "funnel.svg"
    code = main(["plot", str(project), "--outcome", "Death", "--comparison", "Drug vs placebo",
                 "--kind", "funnel", "--out", str(out)])
    assert code == 0
    assert "Risk Ratio" in out.read_text(encoding="utf-8")


def test_unknown_outcome_lists_the_available_ones(project, tmp_path, capsys):
    code = main(["plot", str(project), "--outcome", "Deaths", "--out", str(tmp_path / "x.svg")])
    err = capsys.readouterr().err
    assert code == 2
    assert "'Deaths'" in err and "'Death' (Drug vs placebo)" in err
    assert not (tmp_path / "x.svg").exists()


def test_bad_suffix_and_missing_project(project, tmp_path, capsys):
    assert main(["plot", str(project), "--outcome", "Death", "--out",
                 str(tmp_path / "x.gif")]) == 2
    assert main(["plot", str(tmp_path / "none.wbproj"), "--outcome", "Death", "--out",
                 str(tmp_path / "x.svg")]) == 2
    assert "no such project" in capsys.readouterr().err


def test_project_is_not_modified(project, tmp_path):
    before = project.read_bytes()
    main(["plot", str(project), "--outcome", "Death", "--out", str(tmp_path / "x.png")])
    assert project.read_bytes() == before
