"""Read an .rm5 file into an RmReview (revman.md section b; checked on the shared files)."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from pathlib import Path

from workbench.io.rm5.ids import clean_lines, clean_text, paragraph_text, unescape
from workbench.io.rm5.model import (
    CHARACTERISTICS,
    DATA_FIELDS,
    KINDS,
    RevManError,
    RmComparison,
    RmOutcome,
    RmReview,
    RmRow,
    RmStudy,
    RmSubgroup,
)
from workbench.io.rm5.quality import read_quality_items
from workbench.io.rm5.xmlsafe import Parsed, parse

SETTING_ATTRIBUTES = ("METHOD", "EFFECT_MEASURE", "RANDOM", "CI_STUDY", "CI_TOTAL", "TOTALS",
                      "SUBGROUPS", "SUBGROUP_TEST", "SWAP_EVENTS", "SORT_BY", "SCALE",
                      "LOG_DATA", "UNITS")
# Outcome elements that carry no numbers to analyse ("other data" tables): read past, listed.
TEXT_OUTCOMES = ("OTHER_OUTCOME",)


def read_rm5(path: Path, data: bytes | None = None) -> RmReview:
    """The review in `path`; RevManError names the file, element and line of what is wrong."""
    parsed = parse(path, data)
    root = parsed.root
    if root.tag != "COCHRANE_REVIEW":
        raise RevManError(f"{path}: line {parsed.line(root)}: <{root.tag}> is not a RevMan "
                          "review (expected <COCHRANE_REVIEW>)")
    reader = _Reader(path, parsed)
    review = RmReview(title=clean_text(root.findtext("COVER_SHEET/TITLE")))
    review.studies = reader.studies()
    review.comparisons = reader.comparisons(review)
    review.rob = read_quality_items(root, review.studies, review.skipped)
    return review


class _Reader:
    def __init__(self, path: Path, parsed: Parsed):
        self.path, self.parsed, self.root = path, parsed, parsed.root

    def where(self, element: ET.Element) -> str:
        return f"{self.path}: line {self.parsed.line(element)}: <{element.tag}>"

    def studies(self) -> dict[str, RmStudy]:
        found: dict[str, RmStudy] = {}
        for element in self.root.iterfind("STUDIES_AND_REFERENCES/STUDIES/INCLUDED_STUDIES/STUDY"):
            raw = element.get("ID", "")
            if not raw:
                raise RevManError(f"{self.where(element)} has no ID")
            year = (element.get("YEAR") or "").strip()
            found[unescape(raw)] = RmStudy(id=unescape(raw), raw_id=raw,
                                           name=clean_text(unescape(element.get("NAME", raw))),
                                           year=int(year) if year.isdigit() else None)
        for char in self.root.iterfind(
                "CHARACTERISTICS_OF_STUDIES/CHARACTERISTICS_OF_INCLUDED_STUDIES/INCLUDED_CHAR"):
            study = found.get(unescape(char.get("STUDY_ID", "")))
            if study is not None:
                study.characteristics = _characteristics(char)
        return found

    def comparisons(self, review: RmReview) -> list[RmComparison]:
        found = []
        for element in self.root.iterfind("ANALYSES_AND_DATA/COMPARISON"):
            comparison = RmComparison(id=element.get("ID", ""),
                                      name=clean_text(element.findtext("NAME")))
            for child in element:
                if child.tag in ("NAME", "COMPARISON"):
                    continue  # nested comparisons are read by their own iteration
                if child.tag in TEXT_OUTCOMES:
                    review.skipped.append(f"{comparison.name}: 'other data' outcome "
                                          f"{clean_text(child.findtext('NAME'))!r} (text only)")
                    continue
                comparison.outcomes.append(self.outcome(child, review))
            found.append(comparison)
        return found

    def outcome(self, element: ET.Element, review: RmReview) -> RmOutcome:
        kind = element.tag.removesuffix("_OUTCOME")
        if not element.tag.endswith("_OUTCOME") or kind not in KINDS:
            raise RevManError(f"{self.where(element)}: unknown data type (expected "
                              f"{', '.join(k + '_OUTCOME' for k in KINDS)})")
        attrs = element.attrib
        outcome = RmOutcome(
            kind=kind, id=attrs.get("ID", ""), name=clean_text(element.findtext("NAME")),
            settings={a: attrs[a] for a in SETTING_ATTRIBUTES if a in attrs},
            group_labels=(clean_text(element.findtext("GROUP_LABEL_1")) or "Experimental",
                          clean_text(element.findtext("GROUP_LABEL_2")) or "Control"),
            graph_labels=(clean_text(element.findtext("GRAPH_LABEL_1")),
                          clean_text(element.findtext("GRAPH_LABEL_2"))),
            effect_label=clean_text(element.findtext("EFFECT_MEASURE")),
            cached=_results(attrs), line=self.parsed.line(element))
        for child in element:
            if child.tag == f"{kind}_DATA":
                outcome.rows.append(self.row(child, kind, review))
            elif child.tag == f"{kind}_SUBGROUP":
                outcome.subgroups.append(self.subgroup(child, kind, review))
        return outcome

    def subgroup(self, element: ET.Element, kind: str, review: RmReview) -> RmSubgroup:
        subgroup = RmSubgroup(id=element.get("ID", ""),
                              name=clean_text(element.findtext("NAME")),
                              cached=_results(element.attrib))
        subgroup.rows = [self.row(child, kind, review)
                         for child in element.iterfind(f"{kind}_DATA")]
        return subgroup

    def row(self, element: ET.Element, kind: str, review: RmReview) -> RmRow:
        study_id = unescape(element.get("STUDY_ID", ""))
        if study_id not in review.studies:
            raise RevManError(f"{self.where(element)}: STUDY_ID {element.get('STUDY_ID')!r} "
                              "is not an included study of the review")
        values = {name: self.number(element, attr)
                  for attr, name in DATA_FIELDS[kind].items()}
        order = self.number(element, "ORDER")
        return RmRow(study_id=study_id, values=values, cached=_results(element.attrib),
                     order=None if order is None else int(order),
                     footnote=clean_text(element.findtext("FOOTNOTE")),
                     line=self.parsed.line(element))

    def number(self, element: ET.Element, attr: str) -> float | None:
        text = (element.get(attr) or "").strip()
        if not text:
            return None
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        if not math.isfinite(value):
            raise RevManError(f"{self.where(element)}: {attr}={text!r} is not a number")
        return value


def _results(attrs: dict[str, str]) -> dict[str, str]:
    """Every attribute but the settings: RevMan's cached results and bookkeeping."""
    return {k: v for k, v in attrs.items() if k not in SETTING_ATTRIBUTES}


def _characteristics(element: ET.Element) -> dict[str, str]:
    found = {}
    for tag, name in CHARACTERISTICS.items():
        child = element.find(tag)
        if child is not None:
            text = rich_text(child)
            if text:
                found[name] = text
    return found


def rich_text(element: ET.Element) -> str:
    """RevMan's rich text (P, B, I, BR ...) as plain text, one line per paragraph."""
    paragraphs = element.findall("P") or [element]
    return clean_lines("\n".join(paragraph_text(p) for p in paragraphs))
