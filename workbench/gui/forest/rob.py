"""Risk-of-bias judgements for the dot columns, normalised from whatever the caller passes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

# robvis "cochrane" palette and the symbol drawn inside each dot.
JUDGEMENT_STYLE: dict[str, tuple[str, str]] = {
    "low": ("#02C100", "+"),
    "some concerns": ("#E2DF07", "−"),
    "high": ("#BF0000", "×"),
}
# Reviewers disagree and nobody has resolved it: not a judgement, so not in the legend's
# three colours; drawn as a white dot with "!" (as on the risk-of-bias figures).
DISPUTED = "disputed"
DISPUTED_STYLE = ("#FFFFFF", "!")
_ALIASES = {
    "low": "low", "low risk": "low", "+": "low",
    "some concerns": "some concerns", "some": "some concerns", "unclear": "some concerns",
    "moderate": "some concerns", "-": "some concerns", "−": "some concerns", "?": "some concerns",
    "high": "high", "high risk": "high", "x": "high", "×": "high",
    "disputed": DISPUTED,
}


def normalise(judgement: str | None) -> str | None:
    """'Low', 'low risk', '+' -> 'low'; unknown or missing -> None (drawn as an empty cell)."""
    if judgement is None:
        return None
    return _ALIASES.get(str(judgement).strip().casefold())


@dataclass(frozen=True)
class RobBlock:
    """Domain titles (D1..D5, Overall) and each study's judgements in that order."""

    domains: tuple[str, ...]
    by_study: Mapping[str, tuple[str | None, ...]]

    def judgements(self, study: str) -> tuple[str | None, ...]:
        return self.by_study.get(study, (None,) * len(self.domains))


def rob_block(rob: Mapping | None) -> RobBlock | None:
    """Accept study -> {domain: judgement} (keys become titles, in first-seen order) or
    study -> [D1, ..., Dn, overall] (the last entry is the overall judgement)."""
    if not rob:
        return None
    first = next(iter(rob.values()))
    if isinstance(first, Mapping):
        domains = tuple(dict.fromkeys(k for v in rob.values() for k in v))
        by_study = {s: tuple(normalise(v.get(d)) for d in domains) for s, v in rob.items()}
        return RobBlock(domains, by_study)
    width = max(len(v) for v in rob.values())
    domains = (*(f"D{i + 1}" for i in range(width - 1)), "Overall")
    by_study = {s: _padded(v, width) for s, v in rob.items()}
    return RobBlock(domains, by_study)


def _padded(values: Sequence, width: int) -> tuple[str | None, ...]:
    out = [normalise(v) for v in values]
    # A short list misses its middle domains; keep its last entry as the overall judgement.
    if len(out) < width:
        out = out[:-1] + [None] * (width - len(out)) + out[-1:]
    return tuple(out)
