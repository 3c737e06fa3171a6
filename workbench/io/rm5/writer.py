"""Write an RmReview as an .rm5 file RevMan 5 opens (the sections of a "data only" file)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path

from workbench.io.atomic import write_atomically
from workbench.io.rm5.model import CHARACTERISTICS, DATA_FIELDS, RmOutcome, RmReview, RmRow
from workbench.io.rm5.quality import RESULT_CODES
from workbench.io.rm5.results import count, num

MODIFIED_BY = "Evidence Workbench"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_EMPTY_SECTIONS = ("SOF_TABLES", "ADDITIONAL_TABLES")
_TAIL_SECTIONS = ("FIGURES", "FEEDBACK", "APPENDICES", "EXTENSIONS")
_COUNTS = frozenset({"events_1", "total_1", "events_2", "total_2"})


def write_rm5(review: RmReview, path: Path) -> None:
    """Write atomically: an error leaves any earlier file at `path` untouched."""
    data = rm5_bytes(review)
    write_atomically(path, lambda target: target.write_bytes(data))


def rm5_bytes(review: RmReview) -> bytes:
    stamp = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M:%S %z")
    root = ET.Element("COCHRANE_REVIEW", _sorted({
        "DESCRIPTION": "", "DOI": "", "GROUP_ID": "", "ID": "0", "MERGED_FROM": "",
        "MODIFIED": stamp, "MODIFIED_BY": MODIFIED_BY, "REVIEW_NO": "", "REVMAN_VERSION": "5",
        "REVMAN_SUB_VERSION": "5.4.1", "SPLIT_FROM": "", "STAGE": "R", "STATUS": "A",
        "TYPE": "INTERVENTION", "VERSION_NO": "0.1"}))
    cover = ET.SubElement(root, "COVER_SHEET")
    ET.SubElement(cover, "TITLE").text = review.title
    ET.SubElement(root, "MAIN_TEXT")
    _studies(ET.SubElement(root, "STUDIES_AND_REFERENCES"), review)
    _characteristics(ET.SubElement(root, "CHARACTERISTICS_OF_STUDIES"), review)
    _quality_items(ET.SubElement(root, "QUALITY_ITEMS"), review)
    for name in _EMPTY_SECTIONS:
        ET.SubElement(root, name)
    _analyses(ET.SubElement(root, "ANALYSES_AND_DATA", CALCULATED_DATA="YES",
                            MODIFIED=stamp, MODIFIED_BY=MODIFIED_BY), review, stamp)
    for name in _TAIL_SECTIONS:
        ET.SubElement(root, name)
    ET.indent(root, space="")
    # Characters XML 1.0 forbids (control characters pasted into a note) would make the file
    # unreadable; markup never contains them, so replacing them in the text is safe.
    body = _NOT_XML.sub(" ", ET.tostring(root, encoding="unicode"))
    return ('<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n' + body + "\n").encode()


def _sorted(attrs: dict[str, str]) -> dict[str, str]:
    return dict(sorted(attrs.items()))  # RevMan writes attributes in alphabetical order


def _studies(parent: ET.Element, review: RmReview) -> None:
    included = ET.SubElement(ET.SubElement(parent, "STUDIES"), "INCLUDED_STUDIES")
    for study in review.studies.values():
        element = ET.SubElement(included, "STUDY", _sorted({
            "DATA_SOURCE": "PUB", "ID": study.raw_id, "NAME": study.name,
            "YEAR": "" if study.year is None else str(study.year)}))
        ET.SubElement(element, "IDENTIFIERS")
    for name in ("EXCLUDED_STUDIES", "AWAITING_STUDIES", "ONGOING_STUDIES"):
        ET.SubElement(parent.find("STUDIES"), name)
    ET.SubElement(parent, "OTHER_REFERENCES")


def _paragraphs(parent: ET.Element, text: str) -> None:
    for line in text.split("\n") or [""]:
        ET.SubElement(parent, "P").text = line


def _characteristics(parent: ET.Element, review: RmReview) -> None:
    included = ET.SubElement(parent, "CHARACTERISTICS_OF_INCLUDED_STUDIES", SORT_BY="STUDY")
    for study in review.studies.values():
        if not study.characteristics:
            continue
        element = ET.SubElement(included, "INCLUDED_CHAR", STUDY_ID=study.raw_id)
        for tag, name in CHARACTERISTICS.items():
            _paragraphs(ET.SubElement(element, tag), study.characteristics.get(name, ""))
    for name in ("EXCLUDED", "AWAITING", "ONGOING"):
        ET.SubElement(parent, f"CHARACTERISTICS_OF_{name}_STUDIES")


def _quality_items(parent: ET.Element, review: RmReview) -> None:
    """One QUALITY_ITEM per item name, in first-seen order; group-level items get one entry
    group per outcome group named by the entries."""
    items: dict[str, list] = {}
    for entry in review.rob:
        if entry.tool == "rob1":
            items.setdefault(entry.item, []).append(entry)
    for number, (name, entries) in enumerate(items.items(), start=1):
        groups = list(dict.fromkeys(e.group for e in entries if e.group))
        item = ET.SubElement(parent, "QUALITY_ITEM", CORE_ITEM="YES", ID=f"QIT-{number:02d}",
                             LEVEL="GROUP" if groups else "STUDY", NO=str(number))
        ET.SubElement(item, "NAME").text = name
        ET.SubElement(item, "DESCRIPTION")
        group_ids = {g: f"QIG-{number:02d}.{i:02d}" for i, g in enumerate(groups, start=1)}
        for group, group_id in group_ids.items():
            element = ET.SubElement(item, "QUALITY_ITEM_DATA_ENTRY_GROUP", ID=group_id,
                                    NO=group_id[-2:].lstrip("0"))
            ET.SubElement(element, "NAME").text = group
        data = ET.SubElement(item, "QUALITY_ITEM_DATA")
        for entry in entries:
            attrs = {"RESULT": RESULT_CODES[entry.judgement],
                     "STUDY_ID": review.studies[entry.study_id].raw_id}
            if entry.group:
                attrs["GROUP_ID"] = group_ids[entry.group]
            row = ET.SubElement(data, "QUALITY_ITEM_DATA_ENTRY", _sorted(attrs))
            _paragraphs(ET.SubElement(row, "DESCRIPTION"), entry.support)


def _analyses(parent: ET.Element, review: RmReview, stamp: str) -> None:
    for number, comparison in enumerate(review.comparisons, start=1):
        element = ET.SubElement(parent, "COMPARISON", ID=comparison.id, MODIFIED=stamp,
                                MODIFIED_BY=MODIFIED_BY, NO=str(number))
        ET.SubElement(element, "NAME").text = comparison.name
        for position, outcome in enumerate(comparison.outcomes, start=1):
            _outcome(element, review, outcome, position, stamp)


def _outcome(parent: ET.Element, review: RmReview, outcome: RmOutcome, number: int,
             stamp: str) -> None:
    attrs = {**outcome.cached, **outcome.settings, "ID": outcome.id,
             "NO": outcome.id.rsplit(".", 1)[-1].lstrip("0") or str(number),
             "MODIFIED": stamp, "MODIFIED_BY": MODIFIED_BY}
    element = ET.SubElement(parent, f"{outcome.kind}_OUTCOME", _sorted(attrs))
    for tag, text in (("NAME", outcome.name), ("GROUP_LABEL_1", outcome.group_labels[0]),
                      ("GROUP_LABEL_2", outcome.group_labels[1]),
                      ("GRAPH_LABEL_1", outcome.graph_labels[0]),
                      ("GRAPH_LABEL_2", outcome.graph_labels[1])):
        ET.SubElement(element, tag).text = text
    if outcome.kind in ("IV", "IPD"):
        ET.SubElement(element, "EFFECT_MEASURE").text = outcome.effect_label
    for row in outcome.rows:
        _row(element, review, outcome.kind, row, stamp)
    for position, subgroup in enumerate(outcome.subgroups, start=1):
        sub = ET.SubElement(element, f"{outcome.kind}_SUBGROUP", _sorted({
            **subgroup.cached, "ID": subgroup.id, "NO": str(position), "MODIFIED": stamp,
            "MODIFIED_BY": MODIFIED_BY}))
        ET.SubElement(sub, "NAME").text = subgroup.name
        for row in subgroup.rows:
            _row(sub, review, outcome.kind, row, stamp)


def _row(parent: ET.Element, review: RmReview, kind: str, row: RmRow, stamp: str) -> None:
    attrs = dict(row.cached)
    for attr, name in DATA_FIELDS[kind].items():
        value = row.values.get(name)
        attrs[attr] = count(value) if name in _COUNTS else num(value)
    attrs.update(STUDY_ID=review.studies[row.study_id].raw_id, ORDER=str(row.order or 0),
                 MODIFIED=stamp, MODIFIED_BY=MODIFIED_BY)
    element = ET.SubElement(parent, f"{kind}_DATA", _sorted(attrs))
    if row.footnote:
        ET.SubElement(element, "FOOTNOTE").text = row.footnote
