"""The R side of the differential test: one script that runs every case through metafor."""

from __future__ import annotations

from _cases import RMA, TYPE_OF, Case

from workbench.io.export_metafor_results import HEADER

PRELUDE = [
    "suppressMessages(library(metafor))", *HEADER,
    ".wb_try <- function(id, what, expr) tryCatch(expr, error = function(e)",
    "  message(id, \" \", what, \": \", conditionMessage(e)))",
    ".wb_bias <- function(id, base, ...) {",
    "  .wb_try(id, \"egger\", {rt <- regtest(base, model = \"lm\")",
    "    co <- coef(summary(rt$fit))",
    "    for (kv in list(c(\"intercept\", co[2, 1]), c(\"se\", co[2, 2]),",
    "                    c(\"statistic\", rt$zval),",
    "                    c(\"df\", rt$dfs), c(\"p\", rt$pval)))",
    "      .wb_add(id, paste0(\"egger:\", kv[1]), kv[2])})",
    "  .wb_try(id, \"rank\", {rk <- suppressWarnings(ranktest(base))",
    "    .wb_add(id, \"rank:tau\", rk$tau); .wb_add(id, \"rank:p\", rk$pval)})",
    "  .wb_try(id, \"trimfill\", {tf <- trimfill(base, ...)",
    "    .wb_add(id, \"trimfill:k0\", tf$k0); .wb_add(id, \"trimfill:side\", tf$side == \"right\")",
    "    .wb_add(id, \"trimfill:estimate\", tf$beta); .wb_add(id, \"trimfill:ci_lower\", tf$ci.lb)",
    "    .wb_add(id, \"trimfill:ci_upper\", tf$ci.ub)})",
    "}",
    ".wb_loo <- function(id, res) {",
    "  l <- leave1out(res)",
    "  for (i in seq_along(l$estimate)) for (kv in list(c(\"estimate\", \"estimate\"),",
    "      c(\"ci.lb\", \"ci_lower\"), c(\"ci.ub\", \"ci_upper\"), c(\"tau2\", \"tau2\"),",
    "      c(\"I2\", \"i2\")))",
    "    if (!is.null(l[[kv[1]]])) .wb_add(id, paste0(\"loo:\", l$slab[i], \":\", kv[2]),",
    "                                      l[[kv[1]]][i])",
    "}",
    ".wb_qp <- function(id, res) {",
    "  ci <- confint(res, control = list(tol = 1e-12))$random",
    "  rows <- c(tau2 = \"tau^2\", tau = \"tau\", i2 = \"I^2(%)\", h2 = \"H^2\")",
    "  for (n in names(rows)) {",
    "    .wb_add(id, paste0(n, \"_ci_lower\"), ci[rows[[n]], \"ci.lb\"])",
    "    .wb_add(id, paste0(n, \"_ci_upper\"), ci[rows[[n]], \"ci.ub\"])",
    "  }",
    "}",
]


def _fit(case: Case) -> list[str]:
    """`e` (the data with study yi/vi) and `fit(x)`: the case's model on rows x of `e`."""
    level = repr(round(case.ci_level * 100, 6))
    kind = TYPE_OF[case.measure]
    tables = "ai = events_1, n1i = total_1, ci = events_2, n2i = total_2"
    if case.method in ("MH", "PETO"):
        d00 = "TRUE" if case.drop00 is not False else "FALSE"
        corr = f'add = c(0.5, 0), to = c("{case.cc_to}", "none"), drop00 = c({d00}, FALSE)'
        call = (f'rma.mh({tables}, data = x, slab = study, measure = "{case.measure}", '
                if case.method == "MH" else f"rma.peto({tables}, data = x, slab = study, ")
        return ["e <- d", f"fit <- function(x) {call}{corr}, level = {level})"]
    if kind == "dichotomous":
        d00 = "TRUE" if case.drop00 else "FALSE"
        es = (f'e <- escalc("{case.measure}", {tables}, data = d, add = 0.5, '
              f'to = "{case.cc_to}", drop00 = {d00})')
    elif kind == "continuous":
        es = (f'e <- escalc("{case.measure}", m1i = mean_1, sd1i = sd_1, n1i = total_1, '
              "m2i = mean_2, sd2i = sd_2, n2i = total_2, data = d)")
    else:
        es = "e <- d; e$yi <- e$estimate; e$vi <- e$se^2"
    test = '"adhoc"' if case.hksj_adhoc else '"knha"' if case.hksj else '"z"'
    return [es, f'fit <- function(x) rma(yi, vi, data = x, slab = study, '
                f'method = "{RMA[case.method]}", level = {level}, test = {test}, '
                "control = list(threshold = 1e-10, tol = 1e-12, maxiter = 1000, tau2.max = 1e8))"]


def _extras(case: Case) -> list[str]:
    lines = []
    level = case.ci_level
    if case.pi_k2:
        lines += ["if (res$k >= 3) { pr <- predict(res)",
                  f"  crit <- qt(1 - (1 - {level!r}) / 2, res$k - 2)",
                  "  half <- crit * sqrt(res$se^2 + res$tau2)",
                  "  .wb_add(id, \"pi_lower\", pr$pred - half); .wb_add(id, \"pi_upper\", "
                  "pr$pred + half) }"]
    if case.tau2_ci:
        lines.append(".wb_try(id, \"confint\", .wb_qp(id, res))")
    if case.subgroups:
        lines += ["subs <- list()",
                  "for (g in unique(e$grp)) .wb_try(id, paste(\"subgroup\", g), {",
                  "  r <- fit(e[e$grp == g, ]); if (g != \"\") subs[[g]] <- r",
                  "  .wb_model(id, r, paste0(\"subgroup:\", g, \":\"))})",
                  "if (length(subs) >= 2) .wb_try(id, \"subgroup test\", .wb_model(id, rma(",
                  "  yi = sapply(subs, function(r) r$beta[1]), sei = sapply(subs, function(r)"
                  " r$se), method = \"EE\"), \"subgroup_test:\"))"]
    if case.bias:
        base = ("rma(yi = res$yi, vi = res$vi, method = \"EE\", "
                f"level = {round(level * 100, 6)!r})" if case.method in ("MH", "PETO")
                else "res")
        # metafor 3.8-1 refits the filled data at level 95, z test and default control unless
        # told: pass the case's own, as cli.md refits "with the original method".
        test = '"adhoc"' if case.hksj_adhoc else '"knha"' if case.hksj else '"z"'
        refit = (f"level = {round(level * 100, 6)!r}, test = {test}, control = "
                 "list(threshold = 1e-10, tol = 1e-12, maxiter = 1000, tau2.max = 1e8)")
        lines.append(f".wb_try(id, \"bias\", .wb_bias(id, {base}, {refit}))")
    if case.loo:
        lines.append(".wb_try(id, \"loo\", .wb_loo(id, res))")
    return lines


def case_code(case: Case) -> list[str]:
    body = [f'd <- read.csv("{case.name}.csv", colClasses = c(grp = "character"))',
            'd$grp[is.na(d$grp)] <- ""', *_fit(case), "res <- fit(e)",
            ".wb_model(id, res)", ".wb_studies(id, res)", *_extras(case)]
    return [f'.wb_try("{case.name}", "model", local({{id <- "{case.name}"',
            *("  " + line for line in body), "}))"]


def script(cases: list[Case], out_csv: str) -> str:
    lines = [*PRELUDE, f'.wb_csv <- "{out_csv}"']
    for case in cases:
        lines += case_code(case)
    lines.append("write.csv(do.call(rbind, .wb_rows), .wb_csv, row.names = FALSE)")
    return "\n".join(lines) + "\n"
