"""RoB 1 items of an .rm5 file (QUALITY_ITEMS) read as judgements with their support text."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from workbench.io.rm5.ids import clean_lines, paragraph_text, unescape
from workbench.io.rm5.model import RmRob, RmStudy

# RESULT codes: YES is low risk, NO high risk, UNKNOWN unclear. Checked on the shared
# antibiotics file: "allocated ... on alternate days" is NO, "random bottle dispensing" YES.
RESULTS = {"YES": "low", "NO": "high", "UNKNOWN": "unclear"}
RESULT_CODES = {v: k for k, v in RESULTS.items()}


def read_quality_items(root: ET.Element, studies: dict[str, RmStudy],
                       skipped: list[str]) -> list[RmRob]:
    """Every judged entry of every item; entries of several outcome groups of one item are
    kept per group (`group`), entries of unknown studies are listed in `skipped`."""
    found: list[RmRob] = []
    for item in root.iterfind("QUALITY_ITEMS/QUALITY_ITEM"):
        name = " ".join((item.findtext("NAME") or "").split())
        groups = {g.get("ID", ""): " ".join((g.findtext("NAME") or "").split())
                  for g in item.iter("QUALITY_ITEM_DATA_ENTRY_GROUP")}
        for entry in item.iter("QUALITY_ITEM_DATA_ENTRY"):
            study_id = unescape(entry.get("STUDY_ID", ""))
            result = RESULTS.get(entry.get("RESULT", ""))
            if study_id not in studies or result is None:
                skipped.append(f"risk of bias {name!r}: entry for {study_id!r} with result "
                               f"{entry.get('RESULT')!r} (not an included study or judgement)")
                continue
            description = entry.find("DESCRIPTION")
            support = "" if description is None else _text(description)
            found.append(RmRob(study_id=study_id, item=name, judgement=result,
                               support=support, group=groups.get(entry.get("GROUP_ID", ""), "")))
    return found


def _text(element: ET.Element) -> str:
    paragraphs = element.findall("P") or [element]
    return clean_lines("\n".join(paragraph_text(p) for p in paragraphs))
