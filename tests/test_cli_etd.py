"""`workbench etd --json` and `export --to etd-docx|etd-html|handout-pdf` (docs/cli-additions)."""

from __future__ import annotations

import json
import re
import subprocess

import docx
import pytest

from workbench.cli import main
from workbench.core.etd import load_framework
from workbench.session.commands.etd import AddDissent, SetEtdJudgement, SetRecommendation
from workbench.session.commands.panel import AddPanelMember
from workbench.session.project import Project

COMPARISON = "Ketamine versus placebo"  # resources/demo/ketamine.json


def _run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def decided(demo_path):
    """The demo with a judgement, a recommendation, dissent and a panel member."""
    project = Project.open(demo_path)
    project.execute(SetEtdJudgement(1, "feasibility", judgement="Probably yes"))
    project.execute(SetRecommendation(1, "type", "Conditional for"))
    project.execute(SetRecommendation(1, "research_only", True))
    project.execute(SetRecommendation(1, "research_priorities", "Trials beyond 12 weeks"))
    project.execute(AddDissent(1, "recommendation", "Dr Ng", "too few long trials"))
    project.execute(AddPanelMember("Ann Lee", "Chair", coi_declared=True, coi_text="Grant X"))
    project.close()
    return demo_path


def test_etd_json_holds_every_criterion_and_the_recommendation(capsys, decided):
    code, out, _ = _run(capsys, "etd", decided, "--json")
    assert code == 0
    doc = json.loads(out)
    assert doc["comparison"] == COMPARISON
    assert [c["id"] for c in doc["criteria"]] == [c.id for c in load_framework().criteria]
    feasibility = next(c for c in doc["criteria"] if c["id"] == "feasibility")
    assert feasibility["judgement"] == "Probably yes"
    rec = doc["recommendation"]
    assert rec["type"] == "Conditional for" and rec["research_only"] is True
    assert rec["text"] == "Conditional for (only in the context of research)"
    assert rec["research_priorities"] == "Trials beyond 12 weeks"
    assert rec["dissent"] == [{"member": "Dr Ng", "note": "too few long trials"}]
    assert doc["panel"][0] == {"name": "Ann Lee", "role": "Chair", "present": True,
                               "coi_declared": True, "coi_text": "Grant X"}
    # The demo's five outcomes are in the SoF lines the framework shows.
    assert len(doc["summary_of_findings"]) == 5


def test_etd_unknown_comparison_is_exit_2_naming_it(capsys, demo_path):
    code, out, err = _run(capsys, "etd", demo_path, "--comparison", "Nope", "--json")
    assert code == 2
    assert "no comparison 'Nope'" in json.loads(out)["error"] and "Nope" in err


def test_etd_never_writes_the_project(capsys, demo_path):
    before = demo_path.read_bytes()
    assert _run(capsys, "etd", demo_path)[0] == 0
    assert demo_path.read_bytes() == before


def test_etd_docx_holds_every_criterion_and_the_recommendation(capsys, decided, tmp_path):
    out = tmp_path / "etd.docx"
    code, printed, _ = _run(capsys, "export", decided, "--to", "etd-docx", "--out", out,
                            "--json")
    assert code == 0 and json.loads(printed) == {"out": str(out), "comparisons": 1}
    document = docx.Document(str(out))
    text = "\n".join([p.text for p in document.paragraphs] + [
        cell.text for table in document.tables for row in table.rows for cell in row.cells])
    for criterion in load_framework().criteria:
        assert criterion.name in text
    assert "Type: Conditional for (only in the context of research)" in text
    assert "Trials beyond 12 weeks" in text and "Dr Ng: too few long trials" in text
    assert "declared: Grant X" in text


def test_etd_html_holds_every_criterion_and_the_recommendation(capsys, decided, tmp_path):
    out = tmp_path / "etd.html"
    assert _run(capsys, "export", decided, "--to", "etd-html", "--out", out)[0] == 0
    html = out.read_text(encoding="utf-8")
    for criterion in load_framework().criteria:
        assert f"<b>{criterion.name}</b>" in html
    assert '<li class="chosen">Probably yes</li>' in html
    assert "Conditional for (only in the context of research)" in html


def test_handout_pdf_has_the_sof_page_and_one_page_per_outcome(capsys, demo_path, tmp_path):
    out = tmp_path / "handout.pdf"
    code, printed, _ = _run(capsys, "export", demo_path, "--to", "handout-pdf", "--out", out,
                            "--comparison", COMPARISON, "--json")
    assert code == 0 and json.loads(printed)["pages"] == 6  # SoF + the demo's 5 outcomes
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
    assert re.search(r"^Pages:\s+6$", info, re.M)
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    assert "Panel handout: Ketamine versus placebo" in text
    assert "Withdrawals" in text and "Participants (studies):" in text


def test_handout_must_be_a_pdf(capsys, demo_path, tmp_path):
    code, _, err = _run(capsys, "export", demo_path, "--to", "handout-pdf",
                        "--out", tmp_path / "h.png")
    assert code == 2 and "h.png: the handout is a PDF" in err
    assert not (tmp_path / "h.png").exists()
