"""Field names as a reviewer reads them: "Ketamine events", "D3: missing outcome data"."""

from __future__ import annotations

import re

from workbench.core.rob.tools import UnknownToolError, get_tool

_ARM = {"events": "events", "total": "N", "mean": "mean", "sd": "SD"}
_PLAIN = {"estimate": "Effect estimate", "se": "Standard error", "variance": "Variance",
          "year": "Year", "subgroup": "Subgroup", "timepoint": "Timepoint", "notes": "Notes",
          "overall": "Overall judgement"}
_BIAS = re.compile(r"^bias (?:due to|arising from|in) (?:the )?", re.IGNORECASE)


def readable_field(name: str, groups: tuple[str, str] = ("Experimental", "Control")) -> str:
    """"events_1" with groups (Ketamine, Placebo) -> "Ketamine events"; RoB items by name."""
    if name.startswith("grade:"):  # a certainty judgement: "grade:risk_of_bias"
        return "Certainty: " + name.split(":", 1)[1].replace("_", " ")
    if ":" in name:
        tool, item = name.split(":", 1)
        return readable_rob_item(tool, item)
    kind, _, side = name.rpartition("_")
    if kind in _ARM and side in ("1", "2"):
        return f"{groups[int(side) - 1]} {_ARM[kind]}"
    return _PLAIN.get(name, name.replace("_", " ").capitalize())


def readable_rob_item(tool_id: str, item: str) -> str:
    """"D3:judgement" -> "D3: missing outcome data"; "3.1" -> "3.1: Were outcome data …"."""
    try:
        tool = get_tool(tool_id)
    except (UnknownToolError, KeyError):
        return item
    if item == "overall":
        return "Overall judgement"
    if item.endswith(":judgement"):
        domain_id = item.split(":")[0]
        try:
            name = tool.domain(domain_id).name
        except KeyError:
            return item
        return f"{domain_id}: {_BIAS.sub('', name)}"
    question_id = item.rsplit(":", 1)[-1]  # answers may be keyed "D3:3.1"
    for domain in tool.domains:
        for variant in domain.variants:
            for question in variant.questions:
                if question.id == question_id:
                    return f"{question_id}: {question.text}"
    return item


def readable_source(source: str) -> str:
    """"trial.xlsx!Dichotomous!G7" -> "trial.xlsx, sheet Dichotomous, cell G7" (as recorded)."""
    if not source or "!" not in source:
        return source
    head, _, rest = source.partition(", ")  # a note after the cell (a correction) stays
    parts = head.split("!")
    place = f"{parts[0]}, sheet {parts[1]}, cell {parts[2]}" if len(parts) == 3 else \
        f"{parts[0]}, cell {parts[-1]}"
    return f"{place}, {rest}" if rest else place
