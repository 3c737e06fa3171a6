"""The graphic column's x scale: symmetric range and RevMan-like ticks from the data range."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

LN10 = math.log(10.0)

# Ratio axes RevMan offers: upper limit -> tick values (the lower limit is its reciprocal).
_RATIO_TICKS: tuple[tuple[float, tuple[float, ...]], ...] = (
    (2.0, (0.5, 0.7, 1, 1.5, 2)),
    (5.0, (0.2, 0.5, 1, 2, 5)),
    (10.0, (0.1, 0.2, 0.5, 1, 2, 5, 10)),
    (100.0, (0.01, 0.1, 1, 10, 100)),
    (1000.0, (0.001, 0.1, 1, 10, 1000)),
)


@dataclass(frozen=True)
class Scale:
    """Plot x coordinates: log10 of the ratio for ratio measures, the value itself otherwise."""

    log: bool
    x_min: float
    x_max: float
    ticks: tuple[tuple[float, str], ...]

    @property
    def null(self) -> float:
        return 0.0

    def to_plot(self, value: float) -> float:
        """From the analysis scale (natural log for ratios) to plot x."""
        return value / LN10 if self.log else value


def choose_scale(values: Iterable[float], log: bool) -> Scale:
    """The smallest symmetric axis that holds every value given (analysis scale)."""
    finite = [abs(v) for v in values if v is not None and math.isfinite(v)]
    extent = max(finite, default=0.0)
    return _ratio_scale(extent) if log else _linear_scale(extent)


def _ratio_scale(extent_ln: float) -> Scale:
    upper = math.exp(extent_ln) if extent_ln < 700 else math.inf
    limit, ticks = _RATIO_TICKS[-1]
    for candidate, candidate_ticks in _RATIO_TICKS:
        if upper <= candidate * 1.0000001:
            limit, ticks = candidate, candidate_ticks
            break
    labels = tuple((math.log10(t), _tick_label(t)) for t in ticks)
    edge = math.log10(limit)
    return Scale(True, -edge, edge, labels)


def _linear_scale(extent: float) -> Scale:
    limit = _nice_ceiling(extent) if extent > 0 else 1.0
    half = limit / 2
    values = (-limit, -half, 0.0, half, limit)
    return Scale(False, -limit, limit, tuple((v, _tick_label(v)) for v in values))


def _nice_ceiling(value: float) -> float:
    """1, 2, 5 or 10 times a power of ten, at least `value`."""
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if step * power >= value * 0.9999999:
            return step * power
    return 10 * power


def _tick_label(value: float) -> str:
    if value == 0:
        return "0"
    text = f"{value:g}"
    return text.replace("-", "−") if value < 0 else text
