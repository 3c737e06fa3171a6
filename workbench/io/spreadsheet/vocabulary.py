"""Recognises common extraction-form headers ("Author, year", "N control", "Mean (SD)")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from workbench.io.spreadsheet.fields import ALL_FIELDS

_PLAIN = {
    "study": r"study|study id|study name|study label|author,? \(?year\)?|first author|trial|"
             r"trial id|reference|citation|author|(?:first )?author,? (?:and |& )?year|"
             r"study \((?:first )?author,? (?:and |& )?year\)|study \(author\)",
    "year": r"year|publication year|year of publication|pub year|yr|year published|"
            r"study year",
    "comparison": r"comparison|comparison name",
    "outcome": r"outcome|outcome name|outcome measure",
    "subgroup": r"subgroup|sub-group|sub group|subgroup label|subgroup name|subgroups?:? .+|"
                r".+ \(?subgroups?\)?",
    "timepoint": r"timepoint|time point|time-point|follow-up|follow up|time",
    "notes": r"notes?|comments?|remarks?",
    "data_type": r"data type|data_type|type of data",
}
# Arm-level measures, most specific first so "Mean (SD)" is not read as a plain mean.
_KINDS = (
    ("events_total", r"(?:events?|n events)\s*/\s*(?:n|total)|n\s*/\s*n"),
    ("mean_sd", r"(?:mean|m)\s*(?:\(\s*sd\s*\)|±\s*sd|\+/-\s*sd|,\s*sd|/\s*sd|and sd)"),
    ("events", r"events?|responders?|cases|no\. events|n events"),
    ("total", r"n|total|no\.|number|randomi[sz]ed|participants|sample size|n randomi[sz]ed"),
    ("mean", r"mean"),
    ("sd", r"sd|s\.d\.|standard deviation"),
    ("estimate", r"estimate|effect|effect estimate|effect size"),
    ("se", r"se|s\.e\.|standard error"),
)
_SIDE_1 = r"intervention|experimental|treatment|treated|active|exp|group 1|arm 1|e|1"
_SIDE_2 = r"control|placebo|comparator|usual care|ctrl|group 2|arm 2|c|2"
_REMARK = re.compile(r"\s*\([^()]*\)\s*$")
_NOISE = re.compile(r"[()\[\],:;_]|\bin\b|\bof\b|\bgroup\b|\barm\b")


@dataclass(frozen=True)
class Guess:
    """One reading of a header: field (or arm kind with an unknown side) and confidence."""

    field: str
    confidence: float
    kind: str = ""
    residual: str = ""  # the header minus the measure words: a group label ("ketamine")


def _fits(pattern: str, text: str) -> bool:
    return re.fullmatch(f"(?:{pattern})", text) is not None


def classify(name: str) -> Guess | None:
    """The best guess for one header name (already cleaned), or None."""
    key = name.casefold()
    if key in ALL_FIELDS:
        return Guess(field=key, confidence=1.0)
    for field, pattern in _PLAIN.items():
        if _fits(pattern, key):
            return Guess(field=field, confidence=0.9)
    arm = _arm_guess(key)
    bare = _REMARK.sub("", key).strip()  # "Outcome (primary)": the remark says which one
    if arm is None and bare != key:
        found = classify(bare)
        return Guess(field=found.field, confidence=0.8) if found and found.field in _PLAIN \
            else None
    return arm


def _arm_guess(key: str) -> Guess | None:
    for kind, pattern in _KINDS:
        match = re.search(rf"(?:^|[\s(,_])(?:{pattern})(?=$|[\s),_])", key)
        if not match:
            continue
        residual = " ".join(_NOISE.sub(" ", key[: match.start()] + " " + key[match.end():])
                            .split())
        if kind in ("estimate", "se"):
            return Guess(field=kind, confidence=0.6 if residual else 0.9, kind=kind)
        if not residual:
            return Guess(field="", confidence=0.5, kind=kind)
        if _fits(_SIDE_1, residual):
            return Guess(field=f"{kind}_1", confidence=0.9, kind=kind, residual=residual)
        if _fits(_SIDE_2, residual):
            return Guess(field=f"{kind}_2", confidence=0.9, kind=kind, residual=residual)
        return Guess(field="", confidence=0.6, kind=kind, residual=residual)
    return None


def _side_labels(guesses: dict[int, Guess]) -> dict[str, int]:
    """Group label -> side: named sides (placebo = 2) first, then the order labels appear."""
    sides: dict[str, int] = {}
    for guess in guesses.values():
        if guess.residual and guess.field:
            sides.setdefault(guess.residual, int(guess.field[-1]))
    free = []
    for guess in guesses.values():
        if guess.residual and not guess.field and guess.residual not in sides:
            free.append(guess.residual) if guess.residual not in free else None
    taken = set(sides.values())
    for label in free:
        open_sides = [s for s in (1, 2) if s not in taken]
        if len(free) > 2 or not open_sides:
            break
        sides[label] = open_sides[0]
        taken.add(open_sides[0])
    return sides


def resolve_sides(guesses: dict[int, Guess]) -> tuple[dict[int, Guess], tuple[str, str] | None]:
    """Give side-less arm columns ("Ketamine events") a side from their group label."""
    sides = _side_labels(guesses)
    out = {}
    for col, guess in guesses.items():
        side = sides.get(guess.residual)
        if guess.residual and not guess.field and side:
            guess = Guess(field=f"{guess.kind}_{side}", confidence=0.6, kind=guess.kind,
                          residual=guess.residual)
        out[col] = guess
    by_side = {side: label for label, side in sides.items()}
    if len(sides) == 2 and set(by_side) == {1, 2}:
        return out, (by_side[1], by_side[2])
    return out, None
