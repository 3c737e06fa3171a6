"""Which value an analysis uses when reviewers differ: consensus, else agreement, else none."""

from __future__ import annotations

from dataclasses import dataclass

Value = float | str | None


@dataclass(frozen=True)
class CellState:
    """All that is known about one cell: each reviewer's value and any consensus."""

    values: dict[str, Value]  # reviewer name -> value (None: recorded as missing)
    consensus: Value = None
    has_consensus: bool = False

    @property
    def in_conflict(self) -> bool:
        """Two reviewers' values differ after parsing, and nobody has resolved it yet."""
        if len(self.values) < 2:  # the common case, checked for every cell on every edit
            return False
        return not self.has_consensus and differ(list(self.values.values()))

    def used_value(self) -> Value:
        """Consensus where it exists, else the value the reviewers share; None on conflict."""
        if self.has_consensus:
            return self.consensus
        if not self.values:
            return None
        if len(self.values) > 1 and differ(list(self.values.values())):
            return None
        return next(iter(self.values.values()))


def _norm(value: Value) -> Value:
    """Numbers compare as floats (45 and 45.0 agree); text with its spaces folded."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str):
        return " ".join(value.split())
    return value


def differ(values: list[Value]) -> bool:
    """True when reviewers' values are not all equal once parsed: 45 and 45.0 agree, and so do
    "Müller 2015" and " Müller  2015"; a number and a word never do."""
    normalised = {_norm(v) for v in values}
    return len(normalised) > 1


def value_for(state: CellState, reviewer: str | None) -> Value:
    """The value an analysis should use for `reviewer` (None or 'consensus': the agreed one)."""
    if reviewer in (None, "consensus"):
        return state.used_value()
    return state.values.get(reviewer)
