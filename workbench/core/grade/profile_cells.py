"""The cells of a GRADE evidence profile (every domain per outcome) from `grade` and `sof`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from workbench.core.grade.sof_cells import (
    DASH,
    Footnote,
    FootnoteLetters,
    certainty_text,
    participants_text,
    relative_text,
)

DOWN = ("risk_of_bias", "inconsistency", "indirectness", "imprecision", "publication_bias")
UP = ("large_effect", "dose_response", "confounding")
DOMAIN_NAMES = {
    "risk_of_bias": "Risk of bias", "inconsistency": "Inconsistency",
    "indirectness": "Indirectness", "imprecision": "Imprecision",
    "publication_bias": "Publication bias", "large_effect": "Large effect",
    "dose_response": "Dose-response gradient", "confounding": "Plausible residual confounding",
}
DOWN_WORDS = {0: "not serious", -1: "serious", -2: "very serious", -3: "extremely serious"}
PUBLICATION_WORDS = {0: "none detected", -1: "strongly suspected", -2: "very strongly suspected"}
UP_WORDS = {"large_effect": {1: "large effect", 2: "very large effect"},
            "dose_response": {1: "dose-response gradient"},
            "confounding": {1: "residual confounding would reduce the effect"}}
HEADERS = ("Outcome", "Studies", "Design", "Risk of bias", "Inconsistency", "Indirectness",
           "Imprecision", "Publication bias", "Other considerations", "Participants",
           "Relative effect (95% CI)", "Absolute effect (95% CI)", "Certainty", "Importance")


@dataclass(frozen=True)
class ProfileRow:
    cells: list[str]  # in the order of HEADERS
    provisional: bool
    marks: dict[int, list[str]] = field(default_factory=dict)  # column -> footnote letters
    symbols: str = ""
    certainty: str = ""


def importance_text(importance: int | None) -> str:
    """GRADE's 1-9 scale in words: 7-9 critical, 4-6 important, 1-3 of limited importance."""
    if importance is None:
        return "Not rated"
    word = ("Critical" if importance >= 7 else "Important" if importance >= 4
            else "Limited importance")
    return f"{word} ({importance})"


def level_of(domain: dict[str, Any]) -> tuple[int | None, bool]:
    """(the level that counts, whether a reviewer judged it): a judgement, else the suggestion."""
    if domain.get("judged") is not None:
        return domain["judged"], True
    return domain.get("suggested"), False


def domain_cell(name: str, domain: dict[str, Any] | None,
                letters: FootnoteLetters) -> tuple[str, list[str]]:
    """('serious', ['a']): the level in words and the footnote mark of its reason; unjudged
    suggestions and stale judgements say so."""
    if domain is None:
        return DASH, []
    level, judged = level_of(domain)
    words = PUBLICATION_WORDS if name == "publication_bias" else DOWN_WORDS
    text = DASH if level is None else words.get(level, str(level))
    reason = domain.get("reason") if judged else domain.get("rule")
    marks = [letters.mark(f"{DOMAIN_NAMES[name]}: {reason}")] if level and reason else []
    if not judged:
        text += " (suggested)"
    if domain.get("stale"):
        text += " (stale)"
    return text, marks


def upgrades_cell(domains: dict[str, Any], letters: FootnoteLetters) -> tuple[str, list[str]]:
    """Rating up counts only where judged (grade.md section 4)."""
    parts, marks = [], []
    for name in UP:
        domain = domains.get(name) or {}
        level = domain.get("judged")
        if level:
            parts.append(UP_WORDS[name].get(level, f"{DOMAIN_NAMES[name]} +{level}"))
            if domain.get("reason"):
                marks.append(letters.mark(f"{DOMAIN_NAMES[name]}: {domain['reason']}"))
    return "; ".join(parts) or "none", marks


def absolute_text(sof_row: dict[str, Any] | None) -> str:
    """The difference per 1,000 for each baseline, or the mean difference in natural units."""
    if not sof_row:
        return DASH
    if sof_row.get("absolute"):
        return "\n".join(f"{entry.get('text') or DASH} ({entry['baseline'].lower()})"
                         for entry in sof_row["absolute"])
    difference = sof_row.get("difference")
    return (difference or {}).get("text") or DASH


def profile_row(outcome: dict[str, Any], sof_row: dict[str, Any] | None,
                letters: FootnoteLetters) -> ProfileRow:
    domains = outcome.get("domains") or {}
    sof_row = sof_row or {}
    symbols, word = certainty_text(outcome.get("certainty"), bool(outcome.get("provisional")))
    judged = [domain_cell(name, domains.get(name), letters) for name in DOWN]
    judged.append(upgrades_cell(domains, letters))
    cells = [
        outcome["outcome"],
        str(sof_row.get("studies", DASH)),
        {"randomised": "Randomised trials"}.get(outcome.get("design"), "Non-randomised studies"),
        *(text for text, _ in judged),
        participants_text(sof_row, outcome.get("design")).split(" (")[0] if sof_row else DASH,
        relative_text(sof_row) if sof_row else DASH,
        absolute_text(sof_row),
        f"{symbols} {word}".strip(),
        importance_text(outcome.get("importance")),
    ]
    marks = {3 + index: m for index, (_, m) in enumerate(judged) if m}
    return ProfileRow(cells=cells, provisional=bool(outcome.get("provisional")), marks=marks,
                      symbols=symbols, certainty=word)


def profile_layout(grade: dict[str, Any], sof: dict[str, Any] | None
                   ) -> tuple[list[ProfileRow], list[Footnote]]:
    """Rows in the SoF's order where the outcome is in the SoF, then the others."""
    sof_rows = {r["outcome"]: r for r in (sof or {}).get("rows") or []}
    order = {name: i for i, name in enumerate(sof_rows)}
    outcomes = sorted(grade.get("outcomes") or [],
                      key=lambda o: order.get(o["outcome"], len(order)))
    letters = FootnoteLetters()
    rows = [profile_row(o, sof_rows.get(o["outcome"]), letters) for o in outcomes]
    return rows, letters.footnotes()
