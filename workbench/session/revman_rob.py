"""RevMan's RoB 1 items <-> the rob1 tool's domains, and RoB 2 domain names <-> rob2's."""

from __future__ import annotations

from workbench.core.rob.tools import get_tool

# RevMan 5.1+ item names (and RevMan 5.0's questions) by the rob1 domains they judge. The
# combined blinding item of RevMan 5.1-5.3 judges both blinding domains.
ROB1_ITEMS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("sequence generation",), ("D1",)),
    (("allocation concealment",), ("D2",)),
    (("performance bias and detection bias",), ("D3", "D4")),
    (("blinding?",), ("D3", "D4")),
    (("blinding of participants", "performance bias"), ("D3",)),
    (("blinding of outcome assessment", "detection bias"), ("D4",)),
    (("incomplete outcome data",), ("D5",)),
    (("selective", "reporting bias"), ("D6",)),
    (("other bias",), ("D7",)),
)
ITEM_NAMES = {"D1": "Random sequence generation (selection bias)",
              "D2": "Allocation concealment (selection bias)",
              "D3": "Blinding of participants and personnel (performance bias)",
              "D4": "Blinding of outcome assessment (detection bias)",
              "D5": "Incomplete outcome data (attrition bias)",
              "D6": "Selective reporting (reporting bias)",
              "D7": "Other bias"}
COMBINED_BLINDING = "Blinding (performance bias and detection bias)"
GROUP_DOMAINS = frozenset({"D3", "D4", "D5"})  # RevMan judges these per outcome group
ALL_OUTCOMES = "All outcomes"


def rob1_domains(item: str) -> tuple[str, ...]:
    """The rob1 domains a RevMan item judges; () for a review's own extra items."""
    name = item.casefold()
    for needles, domains in ROB1_ITEMS:
        if any(n in name for n in needles):
            return domains
    return ()


def level_label(tool_id: str, code: str) -> str | None:
    """The tool's label for a judgement code or label ('low' -> 'Low risk')."""
    level = get_tool(tool_id).level(code)
    return None if level is None else level.label


def level_code(tool_id: str, label: str) -> str | None:
    level = get_tool(tool_id).level(label)
    return None if level is None else level.code


def rob1_items(judged: dict[str, tuple[str, str]]) -> list[tuple[str, str, str, str]]:
    """(item name, group, judgement code, support) to write for one study's rob1 domains
    {domain: (code, support)}; equal blinding domains are written as RevMan's combined item."""
    items = []
    blinding_same = "D3" in judged and judged.get("D3") == judged.get("D4")
    for domain in sorted(judged):
        code, support = judged[domain]
        if blinding_same and domain in ("D3", "D4"):
            if domain == "D3":
                items.append((COMBINED_BLINDING, ALL_OUTCOMES, code, support))
            continue
        group = ALL_OUTCOMES if domain in GROUP_DOMAINS else ""
        items.append((ITEM_NAMES[domain], group, code, support))
    return items
