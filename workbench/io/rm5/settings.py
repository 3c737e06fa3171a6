"""RevMan's analysis settings <-> ours (shared/validation/revman/README.md, "Arguments")."""

from __future__ import annotations

from dataclasses import dataclass, field

from workbench.core.model import AnalysisSettings, DataType
from workbench.io.rm5.model import RevManError, RmOutcome

DATA_TYPES = {"DICH": DataType.DICHOTOMOUS, "CONT": DataType.CONTINUOUS,
              "IV": DataType.GENERIC, "IPD": DataType.GENERIC}
RATIO_MEASURES = frozenset({"RR", "OR", "PETO_OR"})


@dataclass
class OurSettings:
    """An outcome's settings on our side: engine settings, RevMan-only extras, sort, units."""

    data_type: DataType
    analysis: AnalysisSettings
    extras: dict = field(default_factory=dict)  # storage.revman_store.RevmanOutcome fields
    sort_by: str = "study"
    units: str = ""


def to_ours(outcome: RmOutcome, where: str) -> OurSettings:
    """Our settings for a RevMan outcome, always in RevMan 5 mode (its DL and conventions)."""
    s = outcome.settings
    random = s.get("RANDOM", "NO") == "YES"
    measure, method, het_from = _measure_method(outcome, random, where)
    analysis = AnalysisSettings(
        measure=measure, method=method, het_from=het_from, compat="revman5",
        ci_level=_percent(s.get("CI_TOTAL", "95"), where),
        log_scale=outcome.kind == "IPD" or (outcome.kind == "IV" and s.get("LOG_DATA") == "YES"))
    extras = {"ci_study": _percent(s["CI_STUDY"], where) if s.get("CI_STUDY") else None,
              "swap_events": s.get("SWAP_EVENTS") == "YES",
              "totals": s.get("TOTALS", "YES") if s.get("TOTALS") in ("YES", "SUB", "NO")
              else "YES",
              "subgroup_test": s.get("SUBGROUP_TEST", "YES") != "NO",
              "plot_scale": _number(s.get("SCALE")), "effect_label": outcome.effect_label,
              "data_form": "o_e" if outcome.kind == "IPD" else ""}
    return OurSettings(DATA_TYPES[outcome.kind], analysis, extras,
                       sort_by=(s.get("SORT_BY") or "STUDY").lower(), units=s.get("UNITS", ""))


def _measure_method(outcome: RmOutcome, random: bool, where: str) -> tuple[str, str, str]:
    s = outcome.settings
    fixed_or_dl = "DL" if random else "FE"
    if outcome.kind == "DICH":
        measure, method = s.get("EFFECT_MEASURE", ""), s.get("METHOD", "MH")
        if method == "PETO" or measure == "PETO_OR":
            return "OR", "PETO", "IV"
        if measure not in ("RR", "OR", "RD") or method not in ("MH", "IV"):
            raise RevManError(f"{where}: unknown dichotomous settings METHOD={method!r} "
                              f"EFFECT_MEASURE={measure!r}")
        if method == "MH":
            # "M-H, random" centres Q on the MH estimate (--het-from MH); MH fixed always does
            return (measure, "DL", "MH") if random else (measure, "MH", "IV")
        return measure, fixed_or_dl, "IV"
    if outcome.kind == "CONT":
        measure = s.get("EFFECT_MEASURE", "")
        if measure not in ("MD", "SMD"):
            raise RevManError(f"{where}: unknown continuous EFFECT_MEASURE={measure!r}")
        return measure, fixed_or_dl, "IV"
    return "GEN", fixed_or_dl, "IV"


def _percent(text: str, where: str) -> float:
    value = _number(text)
    if value is None or not 50 <= value < 100:
        raise RevManError(f"{where}: CI level {text!r} is not a percentage between 50 and 100")
    return value / 100


def _number(text: str | None) -> float | None:
    try:
        return float(text) if text not in (None, "") else None
    except ValueError:
        return None


def to_revman(ours: OurSettings) -> tuple[str, dict[str, str], list[str]]:
    """(kind, settings attributes, notes) for writing; notes say what RevMan 5 cannot hold."""
    a, extras, notes = ours.analysis, ours.extras, []
    kind = {DataType.DICHOTOMOUS: "DICH", DataType.CONTINUOUS: "CONT"}.get(
        ours.data_type, "IPD" if extras.get("data_form") == "o_e" else "IV")
    if a.method not in ("FE", "MH", "PETO", "DL"):
        notes.append(f"method {a.method} written as DerSimonian-Laird (RevMan 5 has no other)")
    random = a.is_random
    attrs = {"RANDOM": "YES" if random else "NO",
             "CI_TOTAL": _ci_text(a.ci_level),
             "CI_STUDY": _ci_text(extras.get("ci_study") or a.ci_level),
             "TOTALS": extras.get("totals", "YES"),
             "SUBGROUP_TEST": "YES" if extras.get("subgroup_test", True) else "NO",
             "SORT_BY": (ours.sort_by or "study").upper(),
             "SCALE": _scale_text(extras.get("plot_scale"))}
    attrs.update(_method_attrs(kind, a, extras))
    if kind == "CONT":
        attrs["UNITS"] = ours.units
    return kind, attrs, notes


def _method_attrs(kind: str, a: AnalysisSettings, extras: dict) -> dict[str, str]:
    if kind == "DICH":
        swap = {"SWAP_EVENTS": "YES" if extras.get("swap_events") else "NO"}
        if a.method == "PETO":
            return {"METHOD": "PETO", "EFFECT_MEASURE": "PETO_OR", "RANDOM": "NO", **swap}
        mh = a.method == "MH" or (a.is_random and a.het_from == "MH")
        return {"METHOD": "MH" if mh else "IV", "EFFECT_MEASURE": a.measure, **swap}
    if kind == "CONT":
        return {"EFFECT_MEASURE": a.measure}
    if kind == "IPD":
        return {"METHOD": "EXP_O_E_VAR"}
    return {"METHOD": "IV", "LOG_DATA": "YES" if a.log_scale else "NO"}


def _ci_text(level: float) -> str:
    return f"{level * 100:g}"


def _scale_text(scale: float | None) -> str:
    return repr(float(scale)) if scale is not None else "100.0"


def is_ratio(kind: str, attrs: dict[str, str]) -> bool:
    """Whether RevMan shows this outcome's effects as ratios (and stores LOG_* for them)."""
    if kind == "DICH":
        return attrs.get("EFFECT_MEASURE") in RATIO_MEASURES or attrs.get("METHOD") == "PETO"
    return kind == "IPD" or (kind == "IV" and attrs.get("LOG_DATA") == "YES")
