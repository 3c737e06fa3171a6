"""The cells of a Summary of Findings table, as text, from one `sof --json` document."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

SYMBOLS = {4: "⊕⊕⊕⊕", 3: "⊕⊕⊕◯", 2: "⊕⊕◯◯", 1: "⊕◯◯◯"}
LABELS = {4: "High", 3: "Moderate", 2: "Low", 1: "Very low"}
MEASURE_NAMES = {"RR": "risk ratio", "OR": "odds ratio", "Peto OR": "Peto odds ratio",
                 "RD": "risk difference", "MD": "mean difference",
                 "SMD": "standardised mean difference", "GEN": "estimate"}
DASH = "—"
PROVISIONAL_MARK = "†"  # "*" is the absolute-effects note, as in Cochrane's tables


@dataclass(frozen=True)
class Footnote:
    mark: str
    text: str


@dataclass(frozen=True)
class SofRowCells:
    """One outcome's row: every cell as plain lines (a cell may hold several lines)."""

    outcome: str
    outcome_detail: str
    comparator: list[str]  # one cell per baseline risk (sub-rows), lines split by "\n"
    intervention: list[str]
    relative: str
    participants: str
    symbols: str
    certainty: str
    marks: list[str]
    comments: list[str]
    provisional: bool
    statement_edited: bool = False
    statement_stale: bool = False


@dataclass(frozen=True)
class SofLayout:
    """A whole table: title lines, rows, footnotes (lettered once for the table) and notes."""

    title: str
    population: list[str]
    rows: list[SofRowCells]
    footnotes: list[Footnote]
    warnings: list[str] = field(default_factory=list)
    abbreviations: str = ""


def number(value: float | None, digits: int = 2) -> str:
    """'1.88'; a minus sign, not a hyphen; '—' when there is no number."""
    if value is None or not math.isfinite(value):
        return DASH
    text = f"{value:.{digits}f}"
    return text.replace("-", "−")


def per_1000(value: float | None) -> str:
    return DASH if value is None else f"{round(value):,}"


def certainty_text(level: int | None, provisional: bool) -> tuple[str, str]:
    """('⊕⊕◯◯', 'Low') — provisional certainty says so, it is never shown as final."""
    if level is None:
        return "", "No evidence"
    word = LABELS.get(level, str(level))
    return SYMBOLS.get(level, ""), f"{word} (provisional)" if provisional else word


class FootnoteLetters:
    """Letters a, b, c … in order of first use; the same text always gets the same letter."""

    def __init__(self) -> None:
        self.by_text: dict[str, str] = {}

    def mark(self, text: str) -> str:
        if text not in self.by_text:
            self.by_text[text] = _letter(len(self.by_text))
        return self.by_text[text]

    def footnotes(self) -> list[Footnote]:
        return [Footnote(mark, text) for text, mark in self.by_text.items()]


def _letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def relative_text(row: dict[str, Any]) -> str:
    relative = row.get("relative")
    if not relative or relative.get("estimate") is None:
        return DASH
    return (f"{row.get('measure', '')} {number(relative['estimate'])} "
            f"({number(relative['ci_lower'])} to {number(relative['ci_upper'])})").strip()


def participants_text(row: dict[str, Any], design: str | None) -> str:
    """'850 (12 RCTs)' as GRADEpro writes it; the design word only when it is known."""
    studies, people = row.get("studies") or 0, row.get("participants")
    noun = {"randomised": "RCT", "non-randomised": "non-randomised stud"}.get(design or "")
    if noun == "RCT":
        what = f"{studies} RCT{'s' if studies != 1 else ''}"
    elif noun:
        what = f"{studies} {noun}{'ies' if studies != 1 else 'y'}"
    else:
        what = f"{studies} stud{'ies' if studies != 1 else 'y'}"
    if not studies:
        return DASH
    head = f"{people:,}" if isinstance(people, int | float) else DASH
    return f"{head} ({what})"


def absolute_cells(row: dict[str, Any], units: str = "") -> tuple[list[str], list[str]]:
    """Comparator and intervention cells, one pair per baseline risk (dichotomous; each pair is
    a sub-row of the outcome's row), or the comparator mean and the difference (continuous)."""
    if row.get("absolute"):
        comparator, intervention = [], []
        for entry in row["absolute"]:
            lo, hi = entry.get("risk_intervention_ci_per_1000") or (None, None)
            comparator.append(f"{entry['baseline']}\n"
                              f"{per_1000(entry.get('risk_comparator_per_1000'))} per 1,000")
            ci = f" ({per_1000(lo)} to {per_1000(hi)})" if lo is not None else ""
            clamped = " [risk limited to 0–1,000]" if entry.get("clamped") else ""
            intervention.append(f"{per_1000(entry.get('risk_intervention_per_1000'))} per "
                                f"1,000{ci}\n{entry.get('text') or ''}{clamped}".rstrip())
        return comparator, intervention
    difference = row.get("difference")
    if difference is None:
        return [DASH], [DASH]
    mean = row.get("comparator_mean")
    suffix = f" {units}" if units else ""
    comparator = ([f"The mean {row['outcome'].lower()} was {number(mean)}{suffix}"]
                  if mean is not None else [DASH])
    return comparator, [difference.get("text") or DASH]


def row_cells(row: dict[str, Any], letters: FootnoteLetters, design: str | None = None,
              units: str = "") -> SofRowCells:
    """One SoF row; its footnotes are lettered through `letters`, shared by the table."""
    detail = [MEASURE_NAMES.get(row.get("measure") or "", row.get("measure") or "")]
    if row.get("follow_up"):
        detail.append(f"follow-up: {row['follow_up']}")
    symbols, word = certainty_text(row.get("certainty"), bool(row.get("provisional")))
    marks = [letters.mark(f["text"]) for f in row.get("footnotes") or [] if f.get("text")]
    comment = row.get("comment")
    if row.get("narrative"):  # the reviewer's text replaces the effects (grade.md section 4)
        comparator, intervention, comment = [row["narrative"]], [DASH], None
    elif not row.get("studies"):
        comparator, intervention = ["No studies"], [DASH]
    else:
        comparator, intervention = absolute_cells(row, units)
    comments = [text for text in (row.get("statement"), comment) if text]
    return SofRowCells(
        outcome=row["outcome"], outcome_detail="; ".join(d for d in detail if d).capitalize(),
        comparator=comparator, intervention=intervention, relative=relative_text(row),
        participants=participants_text(row, design), symbols=symbols, certainty=word,
        marks=list(dict.fromkeys(marks)), comments=comments,
        provisional=bool(row.get("provisional")),
        statement_edited=bool(row.get("statement_edited")),
        statement_stale=bool(row.get("statement_stale")))


def sof_layout(sof: dict[str, Any], designs: dict[str, str] | None = None,
               units: dict[str, str] | None = None) -> SofLayout:
    """The table of one comparison. `designs`/`units`: per outcome name, where known."""
    designs, units = designs or {}, units or {}
    letters = FootnoteLetters()
    rows = [row_cells(r, letters, designs.get(r["outcome"]), units.get(r["outcome"], ""))
            for r in sof.get("rows") or []]
    intervention = sof.get("intervention") or "the intervention"
    comparator = sof.get("comparator") or "the comparator"
    footnotes = letters.footnotes()
    if any(r.provisional for r in rows):
        footnotes.append(Footnote(PROVISIONAL_MARK, "Provisional: not every reason to rate "
                                  "down has been judged yet; the certainty may change."))
    return SofLayout(
        title=f"Summary of findings: {intervention} compared with {comparator}",
        population=[f"Comparison: {sof.get('comparison', '')}",
                    f"Intervention: {intervention}", f"Comparator: {comparator}"],
        rows=rows, footnotes=footnotes, warnings=list(sof.get("warnings") or []),
        abbreviations=_abbreviations(sof.get("rows") or []))


def _abbreviations(rows: list[dict[str, Any]]) -> str:
    used = dict.fromkeys(r.get("measure") for r in rows if r.get("measure") in MEASURE_NAMES)
    names = [f"{m}: {MEASURE_NAMES[m]}" for m in used]
    return "; ".join(["CI: confidence interval", *names]) + "."


EXPLANATION = (
    "The risk in the intervention group (and its 95% confidence interval) is based on the "
    "assumed risk in the comparison group and the relative effect of the intervention (and "
    "its 95% CI).")
GRADE_DEFINITIONS = (
    "Certainty of the evidence (GRADE). High: the true effect is very likely close to the "
    "estimate. Moderate: the true effect is likely close to the estimate, but may be "
    "substantially different. Low: the true effect may be substantially different from the "
    "estimate. Very low: the true effect is likely to be substantially different from the "
    "estimate.")
