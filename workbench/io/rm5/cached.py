"""Compare RevMan's cached results with ours, with the tolerances of
shared/validation/revman/README.md ("Precision"): stored digits, 1e-9 relative, p to 1e-6."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

P_VALUES = frozenset({"P_Z", "P_CHI2", "P_Q"})
POOLED = ("EFFECT_SIZE", "CI_START", "CI_END", "Z", "P_Z", "CHI2", "DF", "P_CHI2", "I2")
STUDY = ("ESTIMABLE", "EFFECT_SIZE", "SE", "CI_START", "CI_END", "WEIGHT")


@dataclass(frozen=True)
class Difference:
    place: str  # "Comparison > Outcome > Subgroup > Study"
    attribute: str
    stored: str
    ours: str

    def __str__(self) -> str:
        return f"{self.place}: {self.attribute} RevMan {self.stored}, ours {self.ours or '(none)'}"


@dataclass
class Comparison:
    """The checks of one import: how many values were compared and which differ."""

    checks: int = 0
    differences: list[Difference] = field(default_factory=list)
    outcomes_checked: int = 0
    outcomes_without_cache: list[str] = field(default_factory=list)

    def compare(self, place: str, stored: dict[str, str], ours: dict[str, str],
                names) -> None:
        for name in names:
            text = (stored.get(name) or "").strip()
            if not text:
                continue
            self.checks += 1
            if not agrees(name, text, ours.get(name, "")):
                self.differences.append(Difference(place, name, text, ours.get(name, "")))


def agrees(name: str, stored: str, ours: str) -> bool:
    if name == "ESTIMABLE" or name == "DF":
        return stored == ours
    try:
        a, b = float(stored), float(ours)
    except ValueError:
        return False
    if math.isnan(a) or math.isnan(b) or math.isinf(a) or math.isinf(b):
        return a == b or (math.isnan(a) and math.isnan(b))
    return abs(a - b) <= tolerance(name, stored)


def tolerance(name: str, stored: str) -> float:
    if name in P_VALUES:
        return 1e-6  # RevMan's own tail probabilities are only this accurate
    mantissa = stored.lower().split("e")[0]
    decimals = len(mantissa.split(".")[1]) if "." in mantissa else 0
    exponent = int(stored.lower().split("e")[1]) if "e" in stored.lower() else 0
    half_unit = 0.5 * 10.0 ** (exponent - decimals)
    return max(half_unit, 1e-9 * abs(float(stored)), 1e-12)


def pooled_names(stored: dict[str, str], random: bool, subgroup_test: bool) -> list[str]:
    """What to check of a pooled model: not P_CHI2 or I2 at k = 1 (the contract has no value
    there), TAU2 only in random-effects models."""
    names = [n for n in POOLED if not (stored.get("DF") == "0" and n in ("P_CHI2", "I2"))]
    if random:
        names.append("TAU2")
    if subgroup_test:
        names += ["Q", "P_Q", "I2_Q"]
    return names
