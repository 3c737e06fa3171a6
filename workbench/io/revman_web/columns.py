"""Column names and codes of RevMan Web's data package (meta's read.cdir; Cochrane's
"Data package specification")."""

from __future__ import annotations

SETTINGS_FILE = "overall-estimates-and-settings.csv"
DATA_ROWS_FILE = "data-rows.csv"
SUBGROUPS_FILE = "subgroup-estimates.csv"
ROB_FILE = "risk-of-bias.csv"
DTA_FILE = "parameters.csv"  # only diagnostic test accuracy packages have it

DATA_TYPES = {"Dichotomous": "DICH", "Continuous": "CONT", "Contrast level": "IV",
              "O-E and variance": "IPD"}
MEASURES = {"Risk Ratio": "RR", "Odds Ratio": "OR", "Risk Difference": "RD",
            "Peto Odds Ratio": "PETO_OR", "Mean Difference": "MD",
            "Std. Mean Difference": "SMD", "Standardized Mean Difference": "SMD"}
MEASURE_NAMES = {"RR": "Risk Ratio", "OR": "Odds Ratio", "RD": "Risk Difference",
                 "PETO_OR": "Peto Odds Ratio", "MD": "Mean Difference",
                 "SMD": "Std. Mean Difference"}
METHODS = {"MH": "MH", "IV": "IV", "Peto": "PETO", "EXP_O_E_VAR": "EXP_O_E_VAR",
           "Inverse variance": "IV", "Mantel-Haenszel": "MH"}
METHOD_NAMES = {"MH": "MH", "IV": "IV", "PETO": "Peto", "EXP_O_E_VAR": "EXP_O_E_VAR"}

SETTINGS_COLUMNS = (
    "Analysis group", "Analysis number", "Analysis group name", "Analysis name", "Data type",
    "Statistical method", "Effect measure", "Study CI", "Estimate CI", "Unit of effect measure",
    "Analysis model", "Log-scale data", "Experimental group label", "Control group label",
    "Graph label (left)", "Graph label (right)", "Graph scale", "Overall estimates",
    "Test for subgroup differences", "Subgroup estimates", "Swap event and non-event",
    "Sort by")
# Our field -> column of the data rows file.
ROW_FIELDS = {"events_1": "Experimental cases", "total_1": "Experimental N",
              "mean_1": "Experimental mean", "sd_1": "Experimental SD",
              "events_2": "Control cases", "total_2": "Control N", "mean_2": "Control mean",
              "sd_2": "Control SD", "estimate": "GIV Mean", "se": "GIV SE", "o_e": "O-E",
              "var": "Variance"}
ROW_COLUMNS = ("Analysis group", "Analysis number", "Analysis name", "Subgroup", "Study",
               "Study year", *ROW_FIELDS.values(), "CI start", "CI end", "Weight", "Footnotes")
SUBGROUP_COLUMNS = ("Analysis group", "Analysis number", "Subgroup number", "Subgroup",
                    "Estimate", "CI start", "CI end", "Weight")
JUDGEMENT = "Domain (judgement): "
SUPPORT = "Domain (support): "

TRUE_WORDS = frozenset({"true", "yes", "1", "y"})
