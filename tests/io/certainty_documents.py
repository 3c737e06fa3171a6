"""`sof --json` and `grade --json` documents of the shape cli.md gives, for the export tests.

The absolute effects of "Withdrawals" are worked by hand with grade.md section 5's formulas
(RR -> r·RR; per 1,000 rounded half away from zero): r = 0.219, RR 1.88 (1.52 to 2.32) gives
219 and 412 (333 to 508) per 1,000, 193 more (from 114 more to 289 more). The continuous row's
wording is grade.md section 5's own example ("MD 1.19 lower (1.53 lower to 0.85 lower)").
"""

from __future__ import annotations

import copy

from workbench.core.grade.document import CertaintyDocument

WITHDRAWALS = {
    "outcome": "Withdrawals", "data_type": "dichotomous", "measure": "RR", "importance": 8,
    "follow_up": "12 weeks", "studies": 12, "participants": 850,
    "relative": {"estimate": 1.88, "ci_lower": 1.52, "ci_upper": 2.32},
    "absolute": [{"baseline": "Study population", "kind": "study", "risk": 0.219,
                  "risk_comparator_per_1000": 219, "risk_intervention_per_1000": 412,
                  "risk_intervention_ci_per_1000": [333, 508], "difference_per_1000": 193,
                  "difference_ci_per_1000": [114, 289], "clamped": False,
                  "text": "193 more per 1,000 (from 114 more to 289 more)"},
                 {"baseline": "High risk", "kind": "typed", "risk": 0.3,
                  "risk_comparator_per_1000": 300, "risk_intervention_per_1000": 564,
                  "risk_intervention_ci_per_1000": [456, 696], "difference_per_1000": 264,
                  "difference_ci_per_1000": [156, 396], "clamped": False,
                  "text": "264 more per 1,000 (from 156 more to 396 more)"}],
    "comparator_mean": None, "difference": None, "certainty": 2, "certainty_label": "Low",
    "provisional": False,
    "footnotes": [{"mark": "a", "domain": "risk_of_bias",
                   "text": "Most of the weight comes from trials at high risk of bias."},
                  {"mark": "b", "domain": "imprecision",
                   "text": "Fewer than 300 events (optimal information size)."}],
    "comment": "", "statement": "Ketamine may increase withdrawals.",
    "statement_edited": False, "statement_stale": False,
}
PAIN = {
    "outcome": "Pain intensity", "data_type": "continuous", "measure": "MD", "importance": 9,
    "follow_up": "4 to 12 weeks", "studies": 5, "participants": 400, "relative": None,
    "absolute": None, "comparator_mean": 6.2,
    "difference": {"estimate": -1.19, "ci_lower": -1.53, "ci_upper": -0.85,
                   "text": "MD 1.19 lower (1.53 lower to 0.85 lower)"},
    "certainty": 3, "certainty_label": "Moderate", "provisional": True,
    "footnotes": [{"mark": "a", "domain": "risk_of_bias",
                   "text": "Most of the weight comes from trials at high risk of bias."}],
    "comment": "", "statement": "Ketamine likely reduces pain intensity.",
    "statement_edited": True, "statement_stale": True,
}
NONE = {
    "outcome": "Quality of life", "data_type": "continuous", "measure": "SMD", "importance": 6,
    "follow_up": "", "studies": 0, "participants": 0, "relative": None, "absolute": None,
    "comparator_mean": None, "difference": None, "certainty": None, "certainty_label": None,
    "provisional": False, "footnotes": [], "comment": "No studies",
    "statement": "No studies reported quality of life.", "statement_edited": False,
    "statement_stale": False,
}
SOF = {"comparison": "Ketamine versus placebo", "intervention": "Ketamine",
       "comparator": "Placebo", "rows": [WITHDRAWALS, PAIN, NONE], "warnings": []}


def _domain(suggested, judged=None, reason=None, rule="rule", stale=False, evidence=None):
    return {"suggested": suggested, "judged": judged, "reason": reason, "rule": rule,
            "stale": stale, "evidence": evidence or {}}


def _grade_outcome(name: str, certainty, provisional: bool, i2: float | None) -> dict:
    return {"comparison": "Ketamine versus placebo", "outcome": name, "design": "randomised",
            "start": 4, "importance": 8, "thresholds": [0.75, 1.25],
            "domains": {
                "risk_of_bias": _domain(-1, -1, "Most of the weight is at high risk of bias."),
                "inconsistency": _domain(0, None, None, "I² below 50%",
                                         evidence={"k": 12, "i2": i2, "tau2": 0.0}),
                "indirectness": _domain(0, 0, "Population, intervention and outcome as asked."),
                "imprecision": _domain(-1, -1, "Fewer than 300 events.", stale=True),
                "publication_bias": _domain(0, 0, "Egger's test p = 0.41."),
                "large_effect": _domain(0), "dose_response": _domain(0),
                "confounding": _domain(0)},
            "certainty": certainty, "certainty_label": {2: "Low", 3: "Moderate"}.get(certainty),
            "provisional": provisional}


GRADE = {"outcomes": [_grade_outcome("Withdrawals", 2, False, 0.0),
                      _grade_outcome("Pain intensity", 3, True, 31.4),
                      _grade_outcome("Quality of life", None, False, None)]}


def document(**changes) -> CertaintyDocument:
    values = {"sof": copy.deepcopy(SOF), "grade": copy.deepcopy(GRADE),
              "review_title": "Ketamine for chronic pain", "units": {"Pain intensity": "points"},
              "methods": "We pooled risk ratios (RR) with a random-effects model.",
              "results": ["Ketamine may increase withdrawals (RR 1.88, 95% CI 1.52 to 2.32)."]}
    values.update(changes)
    return CertaintyDocument(**values)
