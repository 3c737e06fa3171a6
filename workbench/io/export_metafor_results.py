"""R lines that make the metafor script also write its results as a machine-readable CSV."""

from __future__ import annotations

# Where the CSV goes: beside the script (`<script>-results.csv`), or the working directory
# when the script is sourced interactively. Values carry 17 significant digits, so a test can
# compare them with ours at full precision.
HEADER = [
    "# Results are also written, machine-readable, to <this script>-results.csv.",
    ".wb_file <- sub(\"^--file=\", \"\", grep(\"^--file=\", commandArgs(FALSE), "
    "value = TRUE)[1])",
    ".wb_csv <- if (is.na(.wb_file)) \"metafor-results.csv\" else",
    "  paste0(sub(\"\\\\.[Rr]$\", \"\", .wb_file), \"-results.csv\")",
    ".wb_rows <- list()",
    ".wb_add <- function(outcome, key, value) {",
    "  value <- if (is.null(value) || length(value) == 0) NA_real_ else as.numeric(value[1])",
    "  .wb_rows <<- c(.wb_rows, list(data.frame(outcome = outcome, key = key,",
    "    value = if (is.na(value)) \"NA\" else sprintf(\"%.17g\", value))))",
    "}",
    ".wb_model <- function(outcome, res, prefix = \"\") {",
    "  random <- !is.null(res$tau2) && !is.element(res$method, c(\"EE\", \"FE\", \"CE\", \"MH\",",
    "    \"PETO\"))",
    "  keys <- list(estimate = res$beta, se = res$se, ci_lower = res$ci.lb,",
    "    ci_upper = res$ci.ub, statistic = res$zval, p = res$pval, q = res$QE,",
    "    q_p = res$QEp, i2 = res$I2, h2 = res$H2,",
    "    tau2 = if (random) res$tau2 else NULL)",
    "  for (key in names(keys)) .wb_add(outcome, paste0(prefix, key), keys[[key]])",
    "  if (random && res$k > 1) {",
    "    pr <- predict(res)",
    "    .wb_add(outcome, paste0(prefix, \"pi_lower\"), pr$pi.lb)",
    "    .wb_add(outcome, paste0(prefix, \"pi_upper\"), pr$pi.ub)",
    "  }",
    "}",
    ".wb_studies <- function(outcome, res) {",
    "  w <- weights(res)",
    "  if (length(w) != length(res$yi.f)) {  # weights() leaves out studies not in the model",
    "    full <- rep(NA_real_, length(res$yi.f)); full[res$not.na] <- w; w <- full",
    "  }",
    "  for (i in seq_along(w)) {",
    "    .wb_add(outcome, paste0(\"study:\", i, \":yi\"), res$yi.f[i])",
    "    .wb_add(outcome, paste0(\"study:\", i, \":vi\"), res$vi.f[i])",
    "    .wb_add(outcome, paste0(\"study:\", i, \":weight\"), w[i])",
    "  }",
    "}",
]
FOOTER = [
    "",
    "write.csv(do.call(rbind, .wb_rows), .wb_csv, row.names = FALSE)",
    "cat(\"\\nResults written to\", .wb_csv, \"\\n\")",
]


def record_lines(title_literal: str, res: str, sub: str | None) -> list[str]:
    """Record one outcome's model, its studies and (with subgroups) each subgroup and the test."""
    lines = [f".wb_model({title_literal}, {res})", f".wb_studies({title_literal}, {res})"]
    if sub is not None:
        lines += [f"for (.wb_g in names({sub})) .wb_model({title_literal}, {sub}[[.wb_g]],",
                  "  paste0(\"subgroup:\", .wb_g, \":\"))",
                  f".wb_model({title_literal}, {sub}_test, \"subgroup_test:\")"]
    return lines
