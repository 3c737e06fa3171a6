"""Certainty arithmetic of grade.md section 4: start, sum, clamp, provisional and stale."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from workbench.core.grade.model import DOWNGRADING, LABELS, NON_RANDOMISED, RANDOMISED


@dataclass(frozen=True)
class DomainState:
    """A domain as the report shows it: suggestion, judgement (None: unjudged) and staleness."""

    suggested: int | None
    judged: int | None
    reason: str | None
    rule: str
    stale: bool
    evidence: dict[str, Any]
    snapshot: str = ""


def significant(value: Any, digits: int = 4) -> Any:
    """Numbers to 4 significant digits (so refits' rounding noise is no change); others as
    they are."""
    if isinstance(value, bool) or not isinstance(value, float):
        return value
    if value == 0 or not math.isfinite(value):
        return value
    return float(f"{value:.{digits}g}")


def snapshot(evidence: Mapping[str, Any], studies: Iterable[int]) -> str:
    """The evidence a judgement was made on, as stable JSON: rounded values, study ids."""
    rounded = {key: significant(evidence[key]) for key in sorted(evidence)}
    return json.dumps({"evidence": rounded, "studies": sorted(set(studies))},
                      sort_keys=True, allow_nan=True)


def is_stale(stored: str, current: str) -> bool:
    """A judgement made on different evidence or studies; one with no snapshot is not."""
    return bool(stored) and stored != current


def design_of(setting: str | None, study_designs: Iterable[str]) -> str:
    """Randomised unless set to non-randomised or every included study is non-randomised."""
    designs = list(study_designs)
    if setting == NON_RANDOMISED or (designs and not any(map(is_randomised, designs))):
        return NON_RANDOMISED
    return RANDOMISED


def is_randomised(study_design: str) -> bool:
    """A study's design text ("RCT", "Randomised cross-over", "cluster RCT" ...)."""
    text = (study_design or "").lower()
    return ("rct" in text or "random" in text) and "non-random" not in text \
        and "nonrandom" not in text


def start_level(design: str, all_robins_i: bool) -> int:
    """4 for randomised trials; 2 for non-randomised studies, 4 when all used ROBINS-I."""
    return 4 if design == RANDOMISED or all_robins_i else 2


def counted(domain: str, state: DomainState) -> int:
    """The level that enters the sum: downgrading domains use the judgement, else the
    suggestion (0 when not even that); upgrading domains count only where judged."""
    if state.judged is not None:
        return state.judged
    if domain in DOWNGRADING and state.suggested is not None:
        return state.suggested
    return 0


def certainty(start: int, domains: Mapping[str, DomainState]) -> tuple[int, bool]:
    """(certainty 1-4, provisional): clamped sum; provisional while any downgrading domain
    is unjudged or stale."""
    total = start + sum(counted(d, s) for d, s in domains.items())
    provisional = any(domains[d].judged is None or domains[d].stale
                      for d in DOWNGRADING if d in domains)
    return max(1, min(4, total)), provisional


def label(level: int | None) -> str | None:
    return None if level is None else LABELS[level]
