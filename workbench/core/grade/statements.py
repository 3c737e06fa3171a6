"""Plain-language statements of grade.md section 6 (Santesso et al. 2020 pattern)."""

from __future__ import annotations

import json
import re

from workbench.core.grade.thresholds import zone

# The schema's placeholder group label: a comparison that still says "Experimental" has
# not named its intervention, so {I} comes from the comparison's name instead.
DEFAULT_GROUP_LABEL = "Experimental"
_VERSUS = re.compile(r"\s+(?:versus|vs\.?)\s+", re.IGNORECASE)


def intervention_name(comparison_label: str, group_label_1: str) -> str:
    """{I}: the intervention group's label, else the text before " versus " / " vs "."""
    label = (group_label_1 or "").strip()
    if label and label != DEFAULT_GROUP_LABEL:
        return label
    return _VERSUS.split(comparison_label.strip(), maxsplit=1)[0].strip()


def is_acronym(word: str) -> bool:
    """Two or more capitals make an acronym: VAS, HbA1c, QoL."""
    return sum(ch.isupper() for ch in word) >= 2


def outcome_name(label: str) -> str:
    """{O}: as written when it starts with an acronym; else in lower case, acronyms later in
    the name kept as written ("Pain (VAS)" -> "pain (VAS)")."""
    words = label.strip().split(" ")
    if words and is_acronym(words[0]):
        return label.strip()
    return " ".join(w if is_acronym(w) else w.lower() for w in words)


def size(estimate: float, thresholds: tuple[float, float] | None, null: float) -> str:
    """"trivial" when the point estimate lies in the trivial zone, else "important"."""
    return "trivial" if zone(estimate, thresholds, null) == "trivial" else "important"


def direction(estimate: float, null: float) -> str:
    """"reduce" when the intervention lowers the outcome's value or risk, else "increase"."""
    return "reduce" if estimate < null else "increase"


_VERBS = {("reduce", 4): "reduces", ("reduce", 3): "likely reduces",
          ("reduce", 2): "may reduce", ("increase", 4): "increases",
          ("increase", 3): "likely increases", ("increase", 2): "may increase"}
_TRIVIAL = {4: "results in", 3: "likely results in", 2: "may result in"}


def statement(certainty: int | None, size_: str | None, direction_: str | None,
              intervention: str, outcome: str) -> str:
    """The generated sentence, starting with a capital."""
    if certainty is None:
        text = f"No studies reported {outcome}."
    elif certainty == 1 or size_ is None:
        text = f"The evidence is very uncertain about the effect of {intervention} on {outcome}."
    elif size_ == "trivial":
        text = f"{intervention} {_TRIVIAL[certainty]} little to no difference in {outcome}."
    else:
        text = f"{intervention} {_VERBS[(direction_, certainty)]} {outcome}."
    return text[:1].upper() + text[1:]


def statement_snapshot(certainty: int | None, size_: str | None,
                       direction_: str | None) -> str:
    """What an edited statement was written against (it goes stale when any changes)."""
    return json.dumps({"certainty": certainty, "direction": direction_, "size": size_},
                      sort_keys=True)
