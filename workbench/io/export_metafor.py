"""Writes `export --to metafor`: an R script that redoes each outcome's analysis with metafor."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from workbench.core.model import FIELDS_BY_TYPE, AnalysisSettings, DataType, StudyRow
from workbench.io.atomic import write_atomically
from workbench.io.export_metafor_results import FOOTER, HEADER, record_lines

# Our method names -> rma(method=...). FE and EE are the same model; metafor >= 3 calls it EE.
RMA_METHODS = {"FE": "EE", "EE": "EE", "DL": "DL", "REML": "REML", "ML": "ML", "PM": "PM",
               "SJ": "SJ", "HE": "HE", "HS": "HS", "EB": "EB"}
# escalc() argument names of each data type's fields.
ESCALC_ARGS = {
    DataType.DICHOTOMOUS: (("ai", "events_1"), ("n1i", "total_1"), ("ci", "events_2"),
                           ("n2i", "total_2")),
    DataType.CONTINUOUS: (("m1i", "mean_1"), ("sd1i", "sd_1"), ("n1i", "total_1"),
                          ("m2i", "mean_2"), ("sd2i", "sd_2"), ("n2i", "total_2")),
}


@dataclass(frozen=True)
class MetaforOutcome:
    """One outcome as analysed: its labels, stored settings and the rows the engine used."""

    comparison: str
    outcome: str
    data_type: DataType
    settings: AnalysisSettings
    rows: tuple[StudyRow, ...]
    error: str | None = None  # why Evidence Workbench could not analyse it (no model written)


def r_string(text: str) -> str:
    """`text` as a double-quoted R string literal that no label can break out of.

    Backslash and quote are escaped; line breaks, other control and invisible characters
    become \\u{...} escapes (so a label cannot end a line or a comment); NUL, which R strings
    cannot hold, and lone surrogates, which UTF-8 cannot encode, become U+FFFD.
    """
    out = []
    for ch in text:
        if ch in ('"', "\\"):
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\0" or "\ud800" <= ch <= "\udfff":
            out.append("\\u{fffd}")
        elif not ch.isprintable():
            out.append(f"\\u{{{ord(ch):04x}}}" if ord(ch) <= 0xFFFF else f"\\U{{{ord(ch):x}}}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def r_number(value: float | int | None) -> str:
    """A number R reads back to the same double (shortest repr); missing is NA."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "NA"
    number = float(value)
    if math.isinf(number):
        return "Inf" if number > 0 else "-Inf"
    return str(int(number)) if number.is_integer() else repr(number)


def comment(text: str) -> str:
    """Text safe inside a # comment: anything that could end the line becomes a space."""
    return "".join(ch if ch.isprintable() else " " for ch in text)


def _vector(values: Sequence[str], indent: str) -> str:
    """c(...) wrapped at about 96 characters."""
    lines, line = [], ""
    for value in values:
        piece = value + ", "
        if line and len(indent) + len(line) + len(piece) > 96:
            lines.append(line.rstrip())
            line = ""
        line += piece
    lines.append(line.rstrip().rstrip(","))
    return "c(" + ("\n" + indent + "  ").join(lines) + ")"


def data_frame(name: str, item: MetaforOutcome) -> list[str]:
    """`name <- data.frame(study = c(...), [subgroup,] <fields> ...)` with the rows as analysed."""
    indent = "  "
    columns = [("study", [r_string(r.study) for r in item.rows])]
    if has_subgroups(item):
        columns.append(("subgroup", [r_string(r.subgroup or "") for r in item.rows]))
    for field in FIELDS_BY_TYPE[item.data_type]:
        columns.append((field, [r_number(r.values.get(field)) for r in item.rows]))
    body = [f"{indent}{col} = {_vector(values, indent)}," for col, values in columns]
    return [f"{name} <- data.frame(", *body, f"{indent}stringsAsFactors = FALSE", ")"]


def has_subgroups(item: MetaforOutcome) -> bool:
    return any(r.subgroup for r in item.rows)


def level(settings: AnalysisSettings) -> str:
    return r_number(round(settings.ci_level * 100, 10))


def drop00(settings: AnalysisSettings) -> bool:
    """Our default follows metafor's: drop double-zero tables for MH and Peto only."""
    if settings.drop00 is not None:
        return settings.drop00
    return settings.method.upper() in ("MH", "PETO")


def _bool(value: bool) -> str:
    return "TRUE" if value else "FALSE"


def escalc_call(name: str, item: MetaforOutcome) -> list[str]:
    """`name <- escalc(...)` for dichotomous and continuous data (none for generic)."""
    s = item.settings
    pairs = [f"{arg} = {field}" for arg, field in ESCALC_ARGS[item.data_type]]
    args = ",\n    ".join(", ".join(pairs[i:i + 4]) for i in range(0, len(pairs), 4))
    extra = ""
    if item.data_type is DataType.DICHOTOMOUS:
        extra = (f",\n    add = {r_number(s.cc)}, to = {r_string(s.cc_to)}, "
                 f"drop00 = {_bool(drop00(s))}")
    return [f"{name} <- escalc(measure = {r_string(s.measure.upper())}, {args},",
            f"    data = {name}, slab = study{extra})"]


def model_function(item: MetaforOutcome) -> str:
    """`function(d) <metafor call on d>` matching the stored settings."""
    s = item.settings
    method, lvl = s.method.upper(), level(s)
    if method in ("MH", "PETO"):
        args = ", ".join(f"{arg} = {field}" for arg, field in ESCALC_ARGS[DataType.DICHOTOMOUS])
        # First element: the study-level estimates shown; second: the pooling, on raw tables.
        corr = (f"add = c({r_number(s.cc)}, 0), to = c({r_string(s.cc_to)}, \"none\"), "
                f"drop00 = c({_bool(drop00(s))}, FALSE)")
        if method == "MH":
            return (f"function(d) rma.mh({args}, data = d, slab = study,\n"
                    f"    measure = {r_string(s.measure.upper())}, {corr}, level = {lvl})")
        return (f"function(d) rma.peto({args}, data = d, slab = study,\n"
                f"    {corr}, level = {lvl})")
    data = "yi = estimate, sei = se" if item.data_type is DataType.GENERIC else "yi, vi"
    test = ', test = "adhoc"' if s.hksj_adhoc else ', test = "knha"' if s.hksj else ""
    rma_method = RMA_METHODS.get(method, method)
    # Solved to the exact optimum, as Evidence Workbench does (metafor stops at 1e-5).
    control = "" if rma_method == "EE" else (
        ",\n    control = list(threshold = 1e-10, tol = 1e-12, maxiter = 1000, tau2.max = 1e8)")
    return (f"function(d) rma({data}, data = d, slab = study,\n"
            f"    method = {r_string(rma_method)}, level = {lvl}{test}{control})")


def natural_scale(item: MetaforOutcome) -> bool:
    s = item.settings
    return s.measure.upper() in ("RR", "OR") or (item.data_type is DataType.GENERIC
                                                  and s.log_scale)


def caveats(item: MetaforOutcome) -> list[str]:
    """Comments where metafor cannot do exactly what our engine did."""
    s, notes = item.settings, []
    if s.compat == "revman5":
        notes += ["RevMan 5 compatibility mode has no exact metafor equivalent: RevMan drops",
                  "double-zero tables for RR/OR, pools corrected counts in MH, uses the",
                  "approximate Hedges correction for SMD and takes Q and I² its own way, so",
                  "results may differ slightly from Evidence Workbench's."]
    if s.compat == "revman-web":
        notes += ["RevMan Web mode: RevMan's zero-cell, double-zero and Hedges' g conventions",
                  "have no exact metafor equivalent; HKSJ, the Q-profile CI and the t(k-2)",
                  "prediction interval below are RevMan Web's random-effects methods."]
    if s.het_from.upper() == "MH":
        notes += ["Heterogeneity was taken from the Mantel-Haenszel estimate (RevMan's DL); rma()",
                  "uses the inverse-variance Q, so tau² and I² may differ."]
    if item.data_type is DataType.GENERIC:
        scale = "natural logs of ratios" if s.log_scale else "on their own scale"
        notes.append(f"Generic inverse variance: estimates {scale}, standard errors as sei.")
    return [f"# {line}" for line in notes]


def settings_line(item: MetaforOutcome) -> str:
    s = item.settings
    parts = [f"measure {s.measure}", f"method {s.method}", f"CI level {level(s)}%",
             f"HKSJ {'yes' if s.hksj else 'no'}"]
    if item.data_type is DataType.DICHOTOMOUS:
        parts.append(f"continuity correction {r_number(s.cc)} to {s.cc_to}, "
                     f"drop00 {_bool(drop00(s))}")
    return comment("# Settings: " + "; ".join(parts))


def outcome_block(number: int, item: MetaforOutcome) -> list[str]:
    """Data, effect sizes, the model and (with subgroups) per-subgroup fits for one outcome."""
    dat, fit, res = f"dat{number}", f"fit{number}", f"res{number}"
    title = f"{item.comparison} / {item.outcome}"
    lines = [f"## ---- Outcome {number}: {comment(title)} ----",
             comment(f"# Comparison: {item.comparison}"),
             comment(f"# Outcome: {item.outcome} ({item.data_type.value}, "
                     f"{len(item.rows)} included rows)"),
             settings_line(item), *caveats(item), ""]
    lines += [*data_frame(dat, item), ""]
    if item.error:
        return [*lines, comment(f"# Not analysed: {item.error}"),
                "# No model is written: the stored settings do not fit these data."]
    method = item.settings.method.upper()
    if item.data_type is not DataType.GENERIC and method not in ("MH", "PETO"):
        lines += [*escalc_call(dat, item), ""]
    lines += [f"{fit} <- {model_function(item)}",
              f"cat(\"\\n==\", {r_string(title)}, \"==\\n\")",
              f"{res} <- {fit}({dat})", f"print({res})"]
    if natural_scale(item):
        lines.append(f"print(predict({res}, transf = exp))  # estimate and CI, natural scale")
    random = method not in ("FE", "EE", "MH", "PETO")
    if item.settings.tau2_ci and random:
        lines.append(f"print(confint({res}, control = list(tol = 1e-12)))  # Q-profile")
    pi_k2 = _pi_k2_lines(r_string(title), res, level(item.settings)) if (
        item.settings.pi_df == "k-2" and random) else []
    if has_subgroups(item):
        lines += subgroup_lines(number)
    sub = f"sub{number}" if has_subgroups(item) else None
    # The t(k-2) interval after the recorded model: its rows replace the default PI's.
    return [*lines, *record_lines(r_string(title), res, sub), *pi_k2]


def _pi_k2_lines(title: str, res: str, lvl: str) -> list[str]:
    """The prediction interval with t(k-2) (Higgins, Thompson & Spiegelhalter 2009)."""
    return [f"if ({res}$k >= 3) {{  # prediction interval with t(k - 2)",
            f"  .wb_pi <- {res}$beta[1] + c(-1, 1) * qt(1 - (1 - {lvl} / 100) / 2, {res}$k - 2) *",
            f"    sqrt({res}$se^2 + {res}$tau2)",
            "  print(c(pi.lb = .wb_pi[1], pi.ub = .wb_pi[2]))",
            f"  .wb_add({title}, \"pi_lower\", .wb_pi[1]); .wb_add({title}, \"pi_upper\", "
            ".wb_pi[2])",
            "}"]


def subgroup_lines(number: int) -> list[str]:
    dat, fit, sub = f"dat{number}", f"fit{number}", f"sub{number}"
    return ["",
            "# Subgroups, each pooled on its own; the test for subgroup differences is a",
            "# fixed-effect Q over the subgroup estimates, as Evidence Workbench reports it.",
            f"{sub} <- lapply(split({dat}, factor({dat}$subgroup, "
            f"levels = unique({dat}$subgroup))), {fit})",
            f"print({sub})",
            "# Studies without a subgroup are no subgroup: they stay out of the test.",
            f"{sub}_named <- {sub}[names({sub}) != \"\"]",
            f"{sub}_test <- rma(yi = sapply({sub}_named, function(r) r$beta[1]),",
            f"    sei = sapply({sub}_named, function(r) r$se), method = \"EE\")",
            f"print({sub}_test)"]


def render_script(project: str, title: str, outcomes: Sequence[MetaforOutcome],
                  generated: str, data_note: str) -> str:
    """The whole script as text: header comment, library(metafor), one block per outcome."""
    header = [f"# Generated by Evidence Workbench on {comment(generated)}.",
              comment(f"# Project: {project} ({title})"),
              "# Reproduces each outcome's meta-analysis with metafor, using the settings stored",
              "# in the project. Run with: Rscript <this file>  (install.packages(\"metafor\")).",
              comment(f"# Data: {data_note}"), "", "library(metafor)", "", *HEADER]
    lines = header
    for number, item in enumerate(outcomes, start=1):
        lines += ["", "", *outcome_block(number, item)]
    return "\n".join([*lines, *FOOTER]) + "\n"


def write_metafor(path: Path, project: str, title: str, outcomes: Sequence[MetaforOutcome],
                  generated: str, data_note: str) -> int:
    """Write the script as UTF-8; returns the number of outcomes written."""
    text = render_script(project, title, outcomes, generated, data_note)
    write_atomically(path, lambda tmp: tmp.write_text(text, encoding="utf-8", newline="\n"))
    return len(outcomes)
