"""The panel's what-if toggles for one outcome, turned into a Scenario (nothing is written)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from workbench.core.grade.model import Baseline
from workbench.core.model import FIXED_METHODS, RANDOM_METHODS, AnalysisSettings, DataType
from workbench.session.scenario import Scenario

WHAT_IF_LABEL = "What if"  # the typed baseline's label in the SoF row


@dataclass(frozen=True)
class WhatIf:
    """Toggles over the stored analysis of one outcome. `settings` None: the stored ones."""

    outcome_id: int
    settings: AnalysisSettings | None = None
    without_high_rob: bool = False
    left_out: int | None = None  # one result id left out
    baseline_risk: float | None = None

    @property
    def is_empty(self) -> bool:
        return (self.settings is None and not self.without_high_rob and self.left_out is None
                and self.baseline_risk is None)

    def scenario(self, high_rob_results: frozenset[int] = frozenset()) -> Scenario:
        excluded = set(high_rob_results if self.without_high_rob else ())
        if self.left_out is not None:
            excluded.add(self.left_out)
        scenario = Scenario(excluded=frozenset(excluded))
        if self.settings is not None:
            scenario = scenario.with_settings(self.outcome_id, self.settings)
        if self.baseline_risk is not None:
            scenario = scenario.with_baselines(
                self.outcome_id, [Baseline.typed(WHAT_IF_LABEL, self.baseline_risk)])
        return scenario

    def describe(self, stored: AnalysisSettings, studies: dict[int, str]) -> list[str]:
        """What the toggles change, in words, for the screen and the audit log."""
        out = []
        now = self.settings or stored
        if now.method != stored.method:
            out.append(f"model {stored.method} → {now.method}")
        if now.hksj != stored.hksj:
            out.append("HKSJ " + ("on" if now.hksj else "off"))
        if self.without_high_rob:
            out.append("without high risk of bias")
        if self.left_out is not None:
            out.append(f"without {studies.get(self.left_out, self.left_out)}")
        if self.baseline_risk is not None:
            out.append(f"baseline risk {self.baseline_risk * 1000:.0f} per 1,000")
        return out


def _current(w: WhatIf, stored: AnalysisSettings) -> AnalysisSettings:
    return w.settings or stored


def _with(w: WhatIf, stored: AnalysisSettings, new: AnalysisSettings) -> WhatIf:
    return replace(w, settings=None if new == stored else new)


def toggle_model(w: WhatIf, stored: AnalysisSettings, data_type: DataType) -> WhatIf:
    """Fixed ↔ random: Mantel–Haenszel (dichotomous) or inverse variance, else REML."""
    now = _current(w, stored)
    if now.is_random:
        method = "MH" if data_type == DataType.DICHOTOMOUS and now.measure != "SMD" else "FE"
        if stored.method in FIXED_METHODS:
            method = stored.method
        return _with(w, stored, replace(now, method=method, hksj=False))
    method = stored.method if stored.is_random else "REML"
    return _with(w, stored, replace(now, method=method))


def next_tau2(w: WhatIf, stored: AnalysisSettings) -> WhatIf:
    """The next τ² estimator (a common-effect model becomes random-effects with the first)."""
    now = _current(w, stored)
    if not now.is_random:
        return _with(w, stored, replace(now, method=RANDOM_METHODS[0]))
    index = RANDOM_METHODS.index(now.method)
    return _with(w, stored, replace(now, method=RANDOM_METHODS[(index + 1) %
                                                               len(RANDOM_METHODS)]))


def toggle_hksj(w: WhatIf, stored: AnalysisSettings) -> WhatIf:
    """HKSJ on or off; Mantel–Haenszel and Peto have none (cli.md), so it does nothing there."""
    now = _current(w, stored)
    if now.method in ("MH", "PETO"):
        return w
    return _with(w, stored, replace(now, hksj=not now.hksj))


def next_left_out(w: WhatIf, result_ids: list[int]) -> WhatIf:
    """Leave out the next study in turn; after the last, none."""
    if not result_ids:
        return w
    if w.left_out not in result_ids:
        return replace(w, left_out=result_ids[0])
    index = result_ids.index(w.left_out) + 1
    return replace(w, left_out=result_ids[index] if index < len(result_ids) else None)
