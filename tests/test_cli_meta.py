"""`workbench meta`: bad input exits 2 naming row and column, with nothing partial on stdout."""

from __future__ import annotations

import json

import pytest

from workbench.cli import main

GOOD = "Study,Events_1,Total_1,Events_2,Total_2\nA,4,123,11,139\nB,6,306,29,303\nC,3,231,11,220\n"


def _run(tmp_path, text, *args, capsys):
    path = tmp_path / "data.csv"
    path.write_text(text, encoding="utf-8")
    code = main(["meta", str(path), *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_good_file_json(tmp_path, capsys):
    code, out, _ = _run(tmp_path, GOOD, "--measure", "RR", "--method", "REML", "--json",
                        capsys=capsys)
    doc = json.loads(out)
    assert code == 0 and doc["k"] == 3 and doc["scale"] == "log"
    assert [s["study"] for s in doc["studies"]] == ["A", "B", "C"]


def test_table_output(tmp_path, capsys):
    code, out, _ = _run(tmp_path, GOOD, "--measure", "OR", "--method", "MH", capsys=capsys)
    assert code == 0 and "Total (k = 3)" in out and "Heterogeneity" in out


def test_blank_and_na_cells_are_not_estimable(tmp_path, capsys):
    text = GOOD + "D,NA,100,,90\n"
    code, out, _ = _run(tmp_path, text, "--measure", "RR", "--method", "DL", "--json",
                        capsys=capsys)
    doc = json.loads(out)
    assert code == 0 and doc["k"] == 3
    assert doc["studies"][3]["included"] is False and doc["studies"][3]["weight"] is None


BAD = [
    ("missing column", "Study,events_1,total_1,events_2\nA,1,10,2\n", ("RR", "FE"), "total_2",
     None),
    ("non-numeric", GOOD + "D,x,10,2,10\n", ("RR", "FE"), "Events_1", 5),
    ("events > total", GOOD + "D,12,10,2,10\n", ("RR", "FE"), "Events_1", 5),
    ("negative SD", "study,mean_1,sd_1,total_1,mean_2,sd_2,total_2\nA,1,1,10,2,1,10\n"
     "B,1,-2,10,2,1,10\n", ("MD", "REML"), "sd_1", 3),
]


@pytest.mark.parametrize(("label", "text", "model", "column", "row"), BAD,
                         ids=[b[0] for b in BAD])
def test_bad_input_exit_2(tmp_path, capsys, label, text, model, column, row):
    args = ("--measure", model[0], "--method", model[1])
    code, out, err = _run(tmp_path, text, *args, capsys=capsys)
    assert code == 2 and out == ""
    assert column in err and (row is None or f"row {row}" in err)
    code, out, _ = _run(tmp_path, text, *args, "--json", capsys=capsys)
    doc = json.loads(out)
    assert code == 2 and set(doc) == {"error", "problems"}
    assert any(p["column"] == column and (row is None or p["row"] == row)
               for p in doc["problems"])


@pytest.mark.parametrize("args", [("--measure", "MD", "--method", "PETO"),
                                  ("--measure", "RR", "--method", "MH", "--hksj"),
                                  ("--measure", "RR", "--method", "MH", "--hksj-adhoc"),
                                  ("--measure", "RR", "--method", "PM", "--compat",
                                   "revman-web"),
                                  ("--measure", "RR", "--method", "DL", "--pi-df", "k-3"),
                                  ("--measure", "RR", "--method", "NOPE")])
def test_bad_settings_exit_2(tmp_path, capsys, args):
    code, out, err = _run(tmp_path, GOOD, *args, capsys=capsys)
    assert code == 2 and out == "" and err
    code, out, _ = _run(tmp_path, GOOD, *args, "--json", capsys=capsys)
    assert code == 2 and "error" in json.loads(out)


def test_peto_with_md_is_refused(tmp_path, capsys):
    text = "study,mean_1,sd_1,total_1,mean_2,sd_2,total_2\nA,1,1,10,2,1,10\n"
    code, out, err = _run(tmp_path, text, "--measure", "MD", "--method", "PETO", capsys=capsys)
    assert code == 2 and out == "" and "PETO" in err
    code, out, _ = _run(tmp_path, text, "--measure", "MD", "--method", "PETO", "--json",
                        capsys=capsys)
    doc = json.loads(out)
    assert code == 2 and "PETO" in doc["error"] and doc["problems"]


def test_single_study_q_is_exactly_zero(tmp_path, capsys):
    """cli.md: k = 1 gives q = 0 and q_df = 0 (review finding: MH left 9.5e-33)."""
    import json as _json

    from workbench.cli import main as _main

    data = tmp_path / "k1.csv"
    data.write_text("study,events_1,total_1,events_2,total_2\nA,3,20,5,21\n")
    for method in ("MH", "REML", "FE"):
        assert _main(["meta", str(data), "--measure", "RR", "--method", method, "--json"]) == 0
        doc = _json.loads(capsys.readouterr().out)
        assert doc["q"] == 0.0 and doc["q_df"] == 0 and doc["i2"] is None


def test_revman_web_adds_q_profile_keys_and_a_t_prediction_interval(tmp_path, capsys):
    """docs/cli-additions/engine.md: the preset turns on HKSJ, --tau2-ci and --pi-df k-2."""
    code, out, _ = _run(tmp_path, GOOD, "--measure", "RR", "--method", "REML", "--compat",
                        "revman-web", "--json", capsys=capsys)
    doc = json.loads(out)
    assert code == 0 and doc["statistic_type"] == "t" and doc["pi_df"] == 1
    for key in ("tau2", "tau", "i2", "h2"):
        assert doc[f"{key}_ci_lower"] <= doc[f"{key}_ci_upper"]
    plain = json.loads(_run(tmp_path, GOOD, "--measure", "RR", "--method", "REML", "--json",
                            capsys=capsys)[1])
    assert "tau2_ci_lower" not in plain and plain["pi_df"] is None


def test_the_table_shows_the_q_profile_interval(tmp_path, capsys):
    code, out, _ = _run(tmp_path, GOOD, "--measure", "RR", "--method", "DL", "--tau2-ci",
                        "--pi-df", "k-2", capsys=capsys)
    assert code == 0 and "Q-profile 95% CI: Tau²" in out and "(t, 1 df)" in out
