"""robvis-style risk-of-bias tables: columns by id or name, judgements as robvis writes them."""

from __future__ import annotations

from workbench.core.rob.tools import get_tool
from workbench.io.rob_table import judgement_label, read_rob_table


def test_rob1_columns_by_domain_name_and_robvis_labels(tmp_path):
    tool = get_tool("rob1")
    header = ["Study", *[d.name for d in tool.domains], "Overall"]
    rows = ["Smith 2001", "Low", "Unclear", "High", "low", "UNCLEAR", "High", "Low", "High"]
    path = tmp_path / "rob1.csv"
    path.write_text(",".join(header) + "\n" + ",".join(rows) + "\n", encoding="utf-8")
    table = read_rob_table(path, tool)
    assert table.problems == [] and table.rows_read == 1
    row = table.rows[0]
    # RoB 1's labels are "Low risk", "Unclear risk", "High risk"; robvis writes the short ones.
    assert row.domains["D1"] == "Low risk" and row.domains["D2"] == "Unclear risk"
    assert row.overall == "High risk" and row.row == 2


def test_no_information_and_unknown_judgements():
    rob2, robins = get_tool("rob2"), get_tool("robins-i")
    assert judgement_label(rob2, "No information") == (None, True)
    assert judgement_label(robins, "no information") == ("No information", True)
    assert judgement_label(robins, "Serious") == ("Serious", True)
    assert judgement_label(rob2, "Serious") == (None, False)
    assert judgement_label(rob2, "") == (None, False)
