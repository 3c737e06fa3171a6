"""`workbench rob tools|judge` against the contract of cli.md, section "Risk of bias"."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from workbench.cli import main

ALL_LOW = {"1.1": "Y", "1.2": "Y", "1.3": "N", "2.1": "N", "2.2": "N", "2.6": "Y", "3.1": "Y",
           "4.1": "N", "4.2": "N", "4.3": "N", "5.1": "Y", "5.2": "N", "5.3": "N"}


def write(tmp_path: Path, document: object, name: str = "answers.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(document), encoding="utf-8")
    return str(path)


def run_json(capsys, argv: list[str]) -> tuple[int, dict]:
    code = main(argv)
    out = capsys.readouterr().out
    return code, json.loads(out)


def test_tools_json_shape(capsys):
    code, doc = run_json(capsys, ["rob", "tools", "--json"])
    assert code == 0
    assert [t["id"] for t in doc["tools"]] == ["rob2", "rob2-cluster", "robins-i", "quadas-2",
                                               "rob1"]
    for tool in doc["tools"]:
        assert set(tool) == {"id", "name", "version", "domains"}
        assert all(set(d) == {"id", "name"} for d in tool["domains"])
    assert [d["id"] for d in doc["tools"][0]["domains"]] == ["D1", "D2", "D3", "D4", "D5"]


def test_tools_text_lists_every_tool(capsys):
    assert main(["rob", "tools"]) == 0
    out = capsys.readouterr().out
    assert all(tool_id in out for tool_id in ("rob2", "robins-i", "quadas-2", "rob1"))


def test_judge_all_low(tmp_path, capsys):
    path = write(tmp_path, {"effect": "assignment", "answers": ALL_LOW})
    code, doc = run_json(capsys, ["rob", "judge", "--tool", "rob2", path, "--json"])
    assert code == 0
    assert set(doc) == {"tool", "domains", "overall"}
    assert doc["tool"] == "rob2" and doc["overall"] == "Low"
    assert list(doc["domains"]) == ["D1", "D2", "D3", "D4", "D5"]
    for domain in doc["domains"].values():
        assert set(domain) == {"judgement", "rule"}
        assert domain["judgement"] == "Low" and domain["rule"]


def test_judge_incomplete_when_an_applicable_question_is_unanswered(tmp_path, capsys):
    answers = {k: v for k, v in ALL_LOW.items() if k != "4.3"}
    path = write(tmp_path, {"effect": "assignment", "answers": answers})
    code, doc = run_json(capsys, ["rob", "judge", "--tool", "rob2", path, "--json"])
    assert code == 0
    assert doc["domains"]["D4"]["judgement"] == "incomplete"
    assert "4.3" in doc["domains"]["D4"]["rule"]
    assert doc["overall"] == "incomplete"


def test_judge_adherence_with_deviations(tmp_path, capsys):
    answers = {**ALL_LOW, "2.4": "PY", "2.6": "N"}
    path = write(tmp_path, {"effect": "adherence", "deviations": ["implementation"],
                            "answers": answers})
    code, doc = run_json(capsys, ["rob", "judge", "--tool", "rob2", path, "--json"])
    assert code == 0
    assert doc["domains"]["D2"]["judgement"] == "High" and doc["overall"] == "High"


def test_judge_text_output(tmp_path, capsys):
    path = write(tmp_path, {"effect": "assignment", "answers": ALL_LOW})
    assert main(["rob", "judge", "--tool", "rob2", path]) == 0
    assert "D1#6" in capsys.readouterr().out


@pytest.mark.parametrize(("document", "field"), [
    ({"effect": "assignment", "answers": {**ALL_LOW, "1.2": "Yes"}}, "answers.1.2"),
    ({"effect": "assignment", "answers": {**ALL_LOW, "3.2": "NI"}}, "answers.3.2"),
    ({"effect": "itt", "answers": ALL_LOW}, "effect"),
    ({"effect": "adherence", "answers": ALL_LOW}, "deviations"),
    ({"effect": "adherence", "deviations": [], "answers": ALL_LOW}, "deviations"),
    ({"effect": "adherence", "deviations": ["cointervention"], "answers": ALL_LOW},
     "deviations"),
    ({"effect": "assignment", "answers": ["1.1", "Y"]}, "answers"),
])
def test_judge_bad_input_exits_2_naming_the_field(tmp_path, capsys, document, field):
    path = write(tmp_path, document)
    code = main(["rob", "judge", "--tool", "rob2", path, "--json"])
    captured = capsys.readouterr()
    assert code == 2
    assert field in captured.err
    doc = json.loads(captured.out)
    assert any(p["field"] == field for p in doc["problems"])


def test_judge_unknown_tool_and_missing_file_exit_2(tmp_path, capsys):
    path = write(tmp_path, {"effect": "assignment", "answers": ALL_LOW})
    assert main(["rob", "judge", "--tool", "rob3", path]) == 2
    assert "rob3" in capsys.readouterr().err
    assert main(["rob", "judge", "--tool", "rob2", str(tmp_path / "none.json")]) == 2
    assert "none.json" in capsys.readouterr().err
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    assert main(["rob", "judge", "--tool", "rob2", str(tmp_path / "bad.json")]) == 2


def test_judge_missing_tool_option_is_a_usage_error(tmp_path, capsys):
    path = write(tmp_path, {"answers": {}})
    assert main(["rob", "judge", path]) == 2
    assert "--tool" in capsys.readouterr().err


def test_judge_tool_without_algorithm_gives_null_proposals(tmp_path, capsys):
    answers = {"1.1": "Y", "1.2": "Y", "1.3": "Y", "2.1": "Y", "2.2": "NA", "3.1": "Y",
               "3.2": "N", "4.1": "Y", "4.2": "Y", "4.3": "NI", "4.4": "Y"}
    path = write(tmp_path, {"answers": answers})
    code, doc = run_json(capsys, ["rob", "judge", "--tool", "quadas-2", path, "--json"])
    assert code == 0
    assert [d["judgement"] for d in doc["domains"].values()] == [None] * 4
    assert doc["overall"] is None


def test_entry_point_dispatches_rob(tmp_path):
    # One end-to-end run through `python -m workbench`, as a user would call it.
    path = write(tmp_path, {"effect": "assignment", "answers": ALL_LOW})
    done = subprocess.run([sys.executable, "-m", "workbench", "rob", "judge", "--tool", "rob2",
                           path, "--json"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["overall"] == "Low"
