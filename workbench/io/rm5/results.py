"""Our engine's results as RevMan 5 writes them into an .rm5 file (cached results)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

from workbench.core.results import MetaResult, StudyResult, SubgroupResult

ZERO = "0.0"


def num(value: float | None) -> str:
    """A double as RevMan stores it (full precision); missing as ''."""
    if value is None:
        return ""
    value = float(value)
    return repr(value) if math.isfinite(value) else ("NaN" if math.isnan(value) else
                                                      ("Infinity" if value > 0 else "-Infinity"))


def count(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


@dataclass(frozen=True)
class Scale:
    """How an outcome's numbers are shown: ratios are exp() of the analysis scale."""

    ratio: bool
    log_attributes: bool  # the element carries LOG_* (base-10 logs of what is shown)

    def shown(self, value: float | None) -> float | None:
        return None if value is None else (math.exp(value) if self.ratio else value)

    def logs(self, attrs: dict[str, str], names=("EFFECT_SIZE", "CI_START", "CI_END")) -> None:
        if not self.log_attributes:
            return
        for name in names:
            text = attrs.get(name, "")
            value = float(text) if text not in ("", "NaN") else math.nan
            attrs[f"LOG_{name}"] = (num(math.log10(value)) if self.ratio and value > 0
                                    else (ZERO if value == 0 or not self.ratio else ""))


def study_attrs(study: StudyResult, weight: float | None, ci_study: float,
                scale: Scale, peto: tuple[float, float] | None = None) -> dict[str, str]:
    """EFFECT_SIZE, SE, CI, VAR, O_E, WEIGHT, ESTIMABLE of one data row (RevMan stores zeros
    for a study it cannot estimate)."""
    estimable = study.included and study.yi is not None and study.vi is not None
    if not estimable:
        attrs = dict.fromkeys(("EFFECT_SIZE", "SE", "CI_START", "CI_END", "VAR", "WEIGHT"),
                              ZERO)
        attrs.update(ESTIMABLE="NO", O_E=ZERO)
    else:
        se = math.sqrt(study.vi)
        z = NormalDist().inv_cdf(1 - (1 - ci_study) / 2)
        attrs = {"ESTIMABLE": "YES", "EFFECT_SIZE": num(scale.shown(study.yi)), "SE": num(se),
                 "CI_START": num(scale.shown(study.yi - z * se)),
                 "CI_END": num(scale.shown(study.yi + z * se)), "VAR": num(study.vi),
                 "WEIGHT": num(weight if weight is not None else 0.0),
                 "O_E": num(peto[0]) if peto else ZERO}
        if peto:
            attrs["VAR"] = num(peto[1])
    scale.logs(attrs)
    return attrs


def pooled_attrs(result: MetaResult | SubgroupResult, scale: Scale, random: bool) -> dict:
    """Effect, CI, Z, P_Z, CHI2, DF, P_CHI2, I2, TAU2 of an outcome or subgroup model."""
    if result.estimate is None:
        attrs = dict.fromkeys(("EFFECT_SIZE", "CI_START", "CI_END", "Z", "P_Z", "CHI2",
                               "P_CHI2", "I2", "TAU2"), ZERO)
        attrs.update(ESTIMABLE="NO", DF="0")
        if scale.log_attributes:  # log10(0), as RevMan stores it for a pooled result
            attrs.update(dict.fromkeys(("LOG_EFFECT_SIZE", "LOG_CI_START", "LOG_CI_END"),
                                       "-Infinity" if scale.ratio else ZERO))
        return attrs
    single = not result.q_df
    attrs = {"ESTIMABLE": "YES", "EFFECT_SIZE": num(scale.shown(result.estimate)),
             "CI_START": num(scale.shown(result.ci_lower)),
             "CI_END": num(scale.shown(result.ci_upper)),
             "Z": num(abs(result.estimate / result.se)), "P_Z": num(_p(result)),
             "CHI2": num(result.q or 0.0), "DF": str(result.q_df or 0),
             "P_CHI2": "1.0" if single else num(result.q_p),
             "I2": ZERO if single else num(result.i2),
             "TAU2": num(result.tau2) if random and result.tau2 is not None else ZERO}
    scale.logs(attrs)
    return attrs


def _p(result: MetaResult | SubgroupResult) -> float | None:
    if result.p is not None:
        return result.p
    return 2 * NormalDist().cdf(-abs(result.estimate / result.se))


def subgroup_test_attrs(result: MetaResult) -> dict[str, str]:
    test = result.subgroup_test
    if test is None or not test.df:
        # No test (fewer than two subgroups with a result): RevMan 5.2+ stores P_Q = 1
        # (5.0 stored 0, as Fleiss1993.rm5 shows).
        return {"Q": ZERO, "P_Q": "1.0", "I2_Q": ZERO}
    return {"Q": num(test.q), "P_Q": num(test.p if test.p is not None else 0.0),
            "I2_Q": num(test.i2 if test.i2 is not None else 0.0)}
