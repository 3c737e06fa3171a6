"""Evidence-to-Decision criteria and scales (resources/etd) and the proposals of grade.md §7."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from workbench.paths import resources_dir

CRITERIA_FILE = resources_dir() / "etd" / "criteria.json"
CERTAINTY_LABELS = {1: "Very low", 2: "Low", 3: "Moderate", 4: "High"}
CRITICAL, IMPORTANT = 7, 4  # GRADE's 1-9 scale: 7-9 critical, 4-6 important
LARGE_RATIO = 2.0  # grade.md §4, large effect: a ratio > 2 or < 0.5 with a CI excluding 1


class FrameworkError(ValueError):
    """The criteria file is malformed, or a judgement is not on its criterion's scale."""


@dataclass(frozen=True)
class Criterion:
    """One EtD criterion: its question and the judgements its scale allows, in order."""

    id: str
    name: str
    question: str
    scale: tuple[str, ...]  # the criterion's own options
    options: tuple[str, ...]  # the scale plus "Varies" / "Don't know" where allowed
    from_sof: str | None = None  # desirable | undesirable | certainty: proposed from the SoF


@dataclass(frozen=True)
class Framework:
    """Every criterion, the recommendation's types, its qualifier and its written parts."""

    criteria: tuple[Criterion, ...]
    recommendation_types: tuple[str, ...]
    qualifier: str
    parts: tuple[tuple[str, str], ...]  # (id, name)

    def criterion(self, criterion_id: str) -> Criterion:
        for criterion in self.criteria:
            if criterion.id == criterion_id:
                return criterion
        known = ", ".join(c.id for c in self.criteria)
        raise FrameworkError(f"unknown criterion {criterion_id!r}; criteria are: {known}")

    def check_judgement(self, criterion_id: str, judgement: str | None) -> None:
        criterion = self.criterion(criterion_id)
        if judgement is not None and judgement not in criterion.options:
            raise FrameworkError(f"{criterion.name}: {judgement!r} is not on its scale "
                                 f"({' · '.join(criterion.options)})")

    def check_type(self, kind: str | None) -> None:
        if kind is not None and kind not in self.recommendation_types:
            raise FrameworkError(f"recommendation: {kind!r} is not a type of recommendation "
                                 f"({' · '.join(self.recommendation_types)})")


def parse_framework(data: dict[str, Any]) -> Framework:
    """Build the Framework from the criteria file's JSON; FrameworkError names the place."""
    try:
        extra = tuple(data["extra_options"])
        criteria = tuple(_criterion(c, extra) for c in data["criteria"])
        rec = data["recommendation"]
        parts = tuple((p["id"], p["name"]) for p in rec["parts"])
        framework = Framework(criteria, tuple(rec["types"]), rec["qualifier"], parts)
    except (KeyError, TypeError) as err:
        raise FrameworkError(f"EtD criteria file: missing or malformed entry {err}") from err
    ids = [c.id for c in criteria]
    if len(set(ids)) != len(ids):
        raise FrameworkError("EtD criteria file: a criterion id appears twice")
    return framework


def _criterion(entry: dict[str, Any], extra: tuple[str, ...]) -> Criterion:
    scale = tuple(entry["options"])
    options = scale + (extra if entry.get("extra_options", True) else ())
    return Criterion(entry["id"], entry["name"], entry["question"], scale, options,
                     entry.get("from_sof"))


@lru_cache(maxsize=4)
def _load(path: str) -> Framework:
    with open(path, encoding="utf-8") as handle:
        return parse_framework(json.load(handle))


def load_framework(path: Path | None = None) -> Framework:
    """The installed framework (resources/etd/criteria.json), read once."""
    return _load(str(path or CRITERIA_FILE))


@dataclass(frozen=True)
class EffectRow:
    """What the proposals read from one SoF row: importance, direction and the effect."""

    outcome: str
    importance: int | None
    higher_is_better: bool | None  # None: read as a harm, as the SoF does
    ratio: bool  # relative effect on a ratio scale (null 1), else a difference (null 0)
    estimate: float | None
    ci_lower: float | None
    ci_upper: float | None
    certainty: int | None  # 1-4; None: no studies or not assessed
    studies: int = 0


@dataclass(frozen=True)
class Proposal:
    """A judgement proposed for the panel, with the rule that fired (the panel decides)."""

    judgement: str | None
    rule: str
    outcomes: tuple[str, ...] = ()


def favours_intervention(row: EffectRow) -> bool | None:
    """True when the point estimate favours the intervention, False the comparison, None
    when there is no estimate or it sits on the null."""
    null = 1.0 if row.ratio else 0.0
    if row.estimate is None or row.estimate == null:
        return None
    return (row.estimate > null) == bool(row.higher_is_better)


def effect_size_class(row: EffectRow) -> str:
    """Large: a ratio beyond 2 or 0.5 whose CI excludes 1 (grade.md §4, large effect);
    Moderate: a CI that excludes the null; else Small."""
    null = 1.0 if row.ratio else 0.0
    excludes = (row.ci_lower is not None and row.ci_upper is not None
                and (row.ci_lower > null or row.ci_upper < null))
    if row.ratio and excludes and (row.estimate > LARGE_RATIO or row.estimate < 1 / LARGE_RATIO):
        return "Large"
    return "Moderate" if excludes else "Small"


_SIZES = ("Trivial", "Small", "Moderate", "Large")


def propose_effects(rows: list[EffectRow], desirable: bool) -> Proposal:
    """Desirable (or undesirable) effects from the critical and important outcomes whose
    estimate favours the intervention (or the comparison): the largest class among them."""
    rated = [r for r in rows if r.importance is not None and r.importance >= IMPORTANT]
    if not rated:
        return Proposal(None, "no outcome is rated critical or important (importance 4–9)")
    side = [r for r in rated if favours_intervention(r) is desirable]
    who = "the intervention" if desirable else "the comparison"
    if not side:
        return Proposal("Trivial", f"no critical or important outcome favours {who}")
    classes = {r.outcome: effect_size_class(r) for r in side}
    size = max(classes.values(), key=_SIZES.index)
    listed = "; ".join(f"{name}: {cls.lower()}" for name, cls in classes.items())
    return Proposal(size, f"{len(side)} critical or important outcome(s) favour {who} "
                          f"({listed}); the largest is proposed", tuple(classes))


def propose_certainty(rows: list[EffectRow]) -> Proposal:
    """The lowest certainty among the critical outcomes (grade.md §7)."""
    if not rows or all(r.studies == 0 for r in rows):
        return Proposal("No included studies", "no outcome has an included study")
    critical = [r for r in rows if r.importance is not None and r.importance >= CRITICAL]
    if not critical:
        return Proposal(None, "no outcome is rated critical (importance 7–9)")
    rated = [r for r in critical if r.certainty is not None]
    if not rated:
        if all(r.studies == 0 for r in critical):
            return Proposal("No included studies", "no critical outcome has an included study")
        return Proposal(None, "no critical outcome has a certainty yet")
    lowest = min(rated, key=lambda r: r.certainty)
    return Proposal(CERTAINTY_LABELS[lowest.certainty],
                    f"lowest certainty among {len(critical)} critical outcome(s): "
                    f"{lowest.outcome}", (lowest.outcome,))


def propose(rows: list[EffectRow]) -> dict[str, Proposal]:
    """Proposals keyed by criterion id, for the criteria filled from the SoF."""
    return {"desirable_effects": propose_effects(rows, True),
            "undesirable_effects": propose_effects(rows, False),
            "certainty": propose_certainty(rows)}
