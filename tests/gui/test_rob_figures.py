"""Traffic-light and summary figures: every study label in the SVG, PDF/PNG, plot CLI kinds."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from tests.io.test_robvis_export import LOW, assess  # noqa: E402
from workbench.cli import main  # noqa: E402
from workbench.session.project import Project  # noqa: E402
from workbench.session.rob import outcome_weights, rob_table  # noqa: E402

STUDIES = {1: LOW, 2: {**LOW, "1.2": "NI", "1.3": "PN"}, 4: {**LOW, "4.1": "Y"}}


@pytest.fixture
def assessed(demo_path):
    project = Project.open(demo_path)
    for study, answers in STUDIES.items():
        assess(project, study, answers)
    project.close()
    return demo_path


@pytest.mark.parametrize("kind", ["traffic-light", "rob-summary"])
@pytest.mark.parametrize("scheme", ["cochrane", "colourblind"])
def test_svg_export(qapp, assessed, tmp_path, kind, scheme):
    from workbench.gui.rob_figures import RobFigure

    project = Project.open(assessed)
    table = rob_table(project, "rob2", 1)
    weights = outcome_weights(project, 1)
    project.close()
    path = RobFigure(table, kind, scheme, weights).export(tmp_path / "rob.svg")
    svg = path.read_text(encoding="utf-8")
    colours = {"cochrane": "#02c100", "colourblind": "#fed98e"}  # Low in each scheme
    assert colours[scheme] in svg.lower()
    if kind == "traffic-light":
        for label in ("Adeyemi 2010", "Brandt 1994", "Dąbrowski 2004", "Overall"):
            assert label in svg
    else:
        assert "Overall risk of bias" in svg and "weighted" in svg


def test_pdf_png_and_cli(qapp, assessed, tmp_path):
    for kind in ("traffic-light", "rob-summary"):
        for suffix in (".pdf", ".png", ".svg"):
            out = tmp_path / f"{kind}{suffix}"
            assert main(["plot", str(assessed), "--outcome", "At least 30% pain relief",
                         "--kind", kind, "--out", str(out), "--dpi", "150"]) == 0
            assert out.stat().st_size > 500
    assert "Brandt 1994" in (tmp_path / "traffic-light.svg").read_text(encoding="utf-8")


def test_cli_without_assessments_fails_cleanly(qapp, demo_path, tmp_path, capsys):
    assert main(["plot", str(demo_path), "--outcome", "Withdrawals", "--kind",
                 "traffic-light", "--out", str(tmp_path / "x.svg")]) == 2
    assert "no rob2 assessments" in capsys.readouterr().err


def test_summary_explains_every_colour_and_shows_disputes_as_such(qapp, demo_path, tmp_path):
    """The demo's reviewers disagree on one D2 and one D3 judgement (resources/demo): the
    summary bars show those as "Reviewers disagree", never as No information, and the legend
    names every judgement a bar shows."""
    from workbench.gui.rob_figures import RobFigure, _summary_labels
    from workbench.session.rob import DISPUTED_LABEL, summary_proportions

    project = Project.open(demo_path)
    outcome = project.store.outcomes()[0]
    table = rob_table(project, "rob2", outcome.id)
    project.close()
    shares = dict(summary_proportions(table))
    assert any(DISPUTED_LABEL in s for s in shares.values())
    assert not any("No information" in s for s in shares.values())
    figure = RobFigure(table, "rob-summary")
    shown = {label for s in shares.values() for label, share in s.items() if share > 0}
    assert set(_summary_labels(figure)) == shown
    svg = figure.export(tmp_path / "summary.svg").read_text(encoding="utf-8")
    assert DISPUTED_LABEL in svg and "100%" in svg
