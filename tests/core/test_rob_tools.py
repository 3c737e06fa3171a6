"""Tool definition files: all load and validate; malformed ones are refused by file and key."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from workbench.core.rob.palette import COLOURS, colour_for, judgement_class, symbol_for
from workbench.core.rob.robvis import RobvisStudy, robvis_label, robvis_rows
from workbench.core.rob.tools import (
    RESOURCE_DIR,
    ToolDefinitionError,
    UnknownToolError,
    get_tool,
    load_tool_file,
    load_tools,
)

TOOL_IDS = ["rob2", "rob2-cluster", "robins-i", "quadas-2", "rob1"]


def test_all_five_tools_load_in_cli_order():
    assert list(load_tools()) == TOOL_IDS
    assert sorted(p.stem for p in RESOURCE_DIR.glob("*.json")) == sorted(TOOL_IDS)


@pytest.mark.parametrize("tool_id", TOOL_IDS)
def test_each_file_validates_on_its_own(tool_id):
    tool = load_tool_file(RESOURCE_DIR / f"{tool_id}.json")
    assert tool.id == tool_id and tool.version and tool.name
    assert len(tool.robvis_columns) == len(tool.domains) + 2


def test_rob2_structure_section_1_2():
    tool = get_tool("rob2")
    assert [d.id for d in tool.domains] == ["D1", "D2", "D3", "D4", "D5"]
    d2 = tool.domain("D2")
    assigned = d2.variant_for({"effect": "assignment"})
    adhering = d2.variant_for({"effect": "adherence", "deviations": frozenset()})
    assert [q.id for q in assigned.questions] == [f"2.{i}" for i in range(1, 8)]
    assert [q.id for q in adhering.questions] == [f"2.{i}" for i in range(1, 7)]
    q32 = tool.domain("D3").variants[0].questions[1]
    assert q32.id == "3.2" and "NI" not in q32.answers  # the 3.2-set has no NI
    assert tool.context[1].options == ("nonprotocol", "implementation", "nonadherence")
    assert tool.robvis_template == "ROB2" and tool.allow_escalation


def test_cluster_has_d1b_and_robvis_cluster_layout_section_1_6():
    tool = get_tool("rob2-cluster")
    assert [d.short for d in tool.domains] == ["D1", "D1b", "D2", "D3", "D4", "D5"]
    assert tool.domain("D1b").allow_not_applicable
    assert tool.robvis_columns == ("Study", "D1", "D1b", "D2", "D3", "D4", "D5", "Overall")


def test_quadas_has_applicability_for_first_three_domains_section_3():
    tool = get_tool("quadas-2")
    assert [d.applicability is not None for d in tool.domains] == [True, True, True, False]
    assert tool.answer_labels["NI"] == "Unclear"
    assert len(tool.domain("D4").question_ids) == 4


def test_robins_i_and_rob1_have_no_algorithm_sections_2_and_4():
    robins, rob1 = get_tool("robins-i"), get_tool("rob1")
    assert not robins.has_algorithm and not rob1.has_algorithm
    assert [lv.label for lv in robins.levels] == ["Low", "Moderate", "Serious", "Critical",
                                                  "No information"]
    assert [d.extra["bias"] for d in rob1.domains][:2] == ["selection", "selection"]
    assert get_tool("rob2").has_algorithm


def test_unknown_tool_lists_the_installed_ones():
    with pytest.raises(UnknownToolError, match="rob2-cluster"):
        get_tool("rob3")


# --- malformed definitions ------------------------------------------------------------------

def base() -> dict:
    return json.loads((RESOURCE_DIR / "rob2.json").read_text(encoding="utf-8"))


def _del(d: dict, key: str) -> None:
    del d[key]


MUTATIONS = [
    ("missing name", lambda t: _del(t, "name"), "name"),
    ("unknown top key", lambda t: t.update(nmae="x"), "nmae"),
    ("unknown answer set", lambda t: t["domains"][0]["questions"][1].update(answers="S9"),
     "domains[0].questions[1].answers"),
    ("unknown answer code in a set", lambda t: t["answer_sets"]["S"].append("MAYBE"),
     "answer_sets.S[5]"),
    ("rule on a question that does not exist",
     lambda t: t["domains"][0]["algorithm"]["rules"][0]["if"].update(q="1.9"),
     "domains[0].algorithm.rules[0].if.q"),
    ("no final else", lambda t: t["domains"][0]["algorithm"]["rules"].pop(),
     "domains[0].algorithm.rules[4]"),
    ("unknown level", lambda t: t["domains"][0]["algorithm"]["rules"][0].update(then="severe"),
     "domains[0].algorithm.rules[0].then"),
    ("condition on a later question",
     lambda t: t["domains"][2]["questions"][1].update(applicable_if={"q": "3.3", "in": "NO"}),
     "domains[2].questions[1].applicable_if.q"),
    ("typo in a question key",
     lambda t: t["domains"][2]["questions"][1].update(aplicable_if={}),
     "domains[2].questions[1].aplicable_if"),
    ("unknown context option",
     lambda t: t["domains"][1]["variants"][0]["when"].update(eq="per-protocol"),
     "domains[1].variants[0].when.eq"),
    ("duplicate question across domains",
     lambda t: t["domains"][4]["questions"][0].update(id="1.1"), "domains[4]"),
    ("robvis column count", lambda t: t["robvis"]["columns"].pop(), "robvis.columns"),
    ("rank is not a number", lambda t: t["scale"]["levels"][0].update(rank="0"),
     "scale.levels[0].rank"),
    ("id does not match file", lambda t: t.update(id="rob2-parallel"), "id"),
    ("unknown group",
     lambda t: t["domains"][0]["algorithm"]["rules"][0]["if"].update({"in": "MAYBE"}),
     "domains[0].algorithm.rules[0].if.in"),
]


@pytest.mark.parametrize(("mutate", "key"), [(m[1], m[2]) for m in MUTATIONS],
                         ids=[m[0] for m in MUTATIONS])
def test_malformed_definition_names_file_and_key(tmp_path: Path, mutate, key):
    data = copy.deepcopy(base())
    mutate(data)
    path = tmp_path / "rob2.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ToolDefinitionError) as err:
        load_tool_file(path)
    assert err.value.source == "rob2.json"
    assert err.value.key.startswith(key), str(err.value)
    assert str(err.value).startswith(f"rob2.json: {key}")


def test_invalid_json_is_refused_naming_the_file(tmp_path: Path):
    (tmp_path / "rob2.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ToolDefinitionError, match=r"^rob2\.json: \(file\): cannot read JSON"):
        load_tools(tmp_path)


def test_directory_with_one_bad_file_is_refused(tmp_path: Path):
    for tool_id in ("rob2", "rob1"):
        (tmp_path / f"{tool_id}.json").write_text(
            (RESOURCE_DIR / f"{tool_id}.json").read_text(encoding="utf-8"), encoding="utf-8")
    assert list(load_tools(tmp_path)) == ["rob2", "rob1"]
    broken = json.loads((tmp_path / "rob1.json").read_text(encoding="utf-8"))
    broken["overall"]["type"] = "average"
    (tmp_path / "quadas-2.json").write_text(json.dumps({**broken, "id": "quadas-2"}))
    with pytest.raises(ToolDefinitionError, match=r"quadas-2\.json: overall\.type"):
        load_tools(tmp_path)


# --- robvis labels and palette (section 6) ---------------------------------------------------

@pytest.mark.parametrize(("tool_id", "given", "expected"), [
    ("rob2", "Some concerns", "Some concerns"),
    ("rob2", "some", "Some concerns"),
    ("rob2", "NI", "No information"),        # never "NI": robvis reads it as Not applicable
    ("rob2", "incomplete", "No information"),
    ("rob2", None, "No information"),
    ("rob2-cluster", "Not applicable", "Not applicable"),
    ("quadas-2", "Unclear", "Some concerns"),  # the QUADAS-2 template has no Unclear
    ("robins-i", "Serious", "Serious"),
    ("robins-i", "NI", "No information"),
    ("rob1", "Unclear risk", "Unclear"),
])
def test_robvis_full_labels_section_6_4(tool_id, given, expected):
    assert robvis_label(get_tool(tool_id), given) == expected


def test_robvis_rows_rob2_layout_section_6_4():
    tool = get_tool("rob2")
    studies = [RobvisStudy("Study 1", dict.fromkeys(["D1", "D2", "D3", "D4", "D5"], "Low"), "Low",
                           12.5),
               RobvisStudy("Study 3", {"D1": None, "D2": "Low", "D3": "Some concerns",
                                       "D4": "Low", "D5": "Low"}, "Some concerns", 7.0)]
    rows = robvis_rows(tool, studies)
    assert rows[0] == ["Study", "D1", "D2", "D3", "D4", "D5", "Overall"]
    assert rows[2] == ["Study 3", "No information", "Low", "Some concerns", "Low", "Low",
                       "Some concerns"]
    weighted = robvis_rows(tool, studies, weighted=True)
    assert weighted[0][-1] == "Weight" and weighted[1][-1] == 12.5
    assert robvis_rows(tool, studies, overall=False)[0][-1] == "D5"
    with pytest.raises(ValueError, match="Study 1"):
        robvis_rows(tool, studies + [studies[0]])


def test_palette_section_6_2_and_symbols_6_3():
    assert colour_for("Low") == "#02C100"
    assert colour_for("Serious", "colourblind") == "#d95f0e"
    assert colour_for("Very high", "colorblind") == "#993404"
    assert colour_for("No information") == "#4EA1F7"
    assert colour_for("Unclear") == colour_for("Some concerns") == "#E2DF07"
    assert symbol_for("High") == "x" and symbol_for("Critical") == "!"
    assert symbol_for("Not applicable") == " " and judgement_class("NI") == "ni"
    assert all(set(scheme) == set(COLOURS["cochrane"]) for scheme in COLOURS.values())
    with pytest.raises(ValueError):
        colour_for("Low", "viridis")
