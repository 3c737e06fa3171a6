"""`workbench export --to sof-docx|sof-html|profile-docx|profile-html` on the demo review:
the documents hold what `workbench sof --json` reports, --baseline and --comparison work, and
bad input is exit 2 naming the place, with nothing written."""

from __future__ import annotations

import json

import docx
import pytest

from workbench.cli import main


def _run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def _sof(capsys, project, *extra) -> dict:
    code, out, _ = _run(capsys, "sof", project, "--json", *extra)
    assert code == 0
    return json.loads(out)


@pytest.mark.parametrize("kind", ["sof-docx", "sof-html", "profile-docx", "profile-html"])
def test_every_kind_writes_and_reports_json(capsys, demo_path, tmp_path, kind):
    out = tmp_path / f"out.{kind.split('-')[1]}"
    code, text, _ = _run(capsys, "export", demo_path, "--to", kind, "--out", out, "--json")
    assert code == 0, text
    assert json.loads(text) == {"out": str(out), "tables": 1, "rows": 5}  # 5 demo outcomes
    assert out.stat().st_size > 0


def test_docx_rows_are_the_sof_reports_rows(capsys, demo_path, tmp_path):
    """Each SoF row's absolute-effect text and relative effect, as `sof --json` gives them."""
    out = tmp_path / "sof.docx"
    sof = _sof(capsys, demo_path)
    assert _run(capsys, "export", demo_path, "--to", "sof-docx", "--out", out)[0] == 0
    text = "\n".join(c.text for row in docx.Document(str(out)).tables[0].rows
                     for c in row.cells)
    for row in sof["rows"]:
        assert row["outcome"] in text and row["statement"] in text
        for entry in row["absolute"] or []:
            assert entry["text"] in text
        if row["difference"]:
            assert row["difference"]["text"] in text


def test_baseline_option_adds_a_typed_risk(capsys, demo_path, tmp_path):
    out = tmp_path / "sof.html"
    args = ("--baseline", "study", "--baseline", "High risk=0.30")
    sof = _sof(capsys, demo_path, *args)
    code, _, _ = _run(capsys, "export", demo_path, "--to", "sof-html", "--out", out, *args)
    assert code == 0
    html = out.read_text("utf-8")
    high = [e for r in sof["rows"] for e in r["absolute"] or [] if e["baseline"] == "High risk"]
    assert high and all(e["text"] in html for e in high)
    assert "High risk" in html and "300 per 1,000" in html


def test_unknown_comparison_is_exit_2_naming_it_and_writes_nothing(capsys, demo_path,
                                                                   tmp_path):
    out = tmp_path / "sof.docx"
    code, _, err = _run(capsys, "export", demo_path, "--to", "sof-docx", "--out", out,
                        "--comparison", "Nope")
    assert code == 2 and "'Nope'" in err and "Ketamine versus placebo" in err
    assert not out.exists()


def test_bad_baseline_is_exit_2_naming_it_and_writes_nothing(capsys, demo_path, tmp_path):
    out = tmp_path / "sof.docx"
    code, _, err = _run(capsys, "export", demo_path, "--to", "sof-docx", "--out", out,
                        "--baseline", "High risk=1.5")
    assert code == 2 and "--baseline High risk=1.5" in err
    assert not out.exists()


def test_unwritable_folder_is_exit_2_naming_the_file(capsys, demo_path, tmp_path):
    out = tmp_path / "missing" / "sof.html"
    code, _, err = _run(capsys, "export", demo_path, "--to", "sof-html", "--out", out)
    assert code == 2 and str(out) in err
