"""Statements of grade.md section 6 for every certainty x size x direction, and {I}/{O}."""

from __future__ import annotations

import pytest

from workbench.core.grade import statements as st

INTERVENTION, OUTCOME = "Ketamine", "pain intensity"

# grade.md section 6 gives the "reduce" and "little to no difference" sentences; the
# "increase" ones follow the same pattern (increases / likely increases / may increase).
CASES = [
    (4, "important", "reduce", "Ketamine reduces pain intensity."),
    (4, "important", "increase", "Ketamine increases pain intensity."),
    (4, "trivial", "reduce", "Ketamine results in little to no difference in pain intensity."),
    (4, "trivial", "increase",
     "Ketamine results in little to no difference in pain intensity."),
    (3, "important", "reduce", "Ketamine likely reduces pain intensity."),
    (3, "important", "increase", "Ketamine likely increases pain intensity."),
    (3, "trivial", "reduce",
     "Ketamine likely results in little to no difference in pain intensity."),
    (3, "trivial", "increase",
     "Ketamine likely results in little to no difference in pain intensity."),
    (2, "important", "reduce", "Ketamine may reduce pain intensity."),
    (2, "important", "increase", "Ketamine may increase pain intensity."),
    (2, "trivial", "reduce", "Ketamine may result in little to no difference in pain intensity."),
    (2, "trivial", "increase",
     "Ketamine may result in little to no difference in pain intensity."),
]
VERY_LOW = "The evidence is very uncertain about the effect of Ketamine on pain intensity."
CASES += [(1, size, direction, VERY_LOW) for size in ("important", "trivial")
          for direction in ("reduce", "increase")]


@pytest.mark.parametrize("certainty, size, direction, expected", CASES)
def test_statement_wording(certainty, size, direction, expected):
    assert st.statement(certainty, size, direction, INTERVENTION, OUTCOME) == expected


def test_no_studies_and_capital_first_letter():
    assert st.statement(None, None, None, INTERVENTION, OUTCOME) == \
        "No studies reported pain intensity."
    assert st.statement(4, "important", "reduce", "ketamine", OUTCOME) == \
        "Ketamine reduces pain intensity."


@pytest.mark.parametrize("estimate, thresholds, null, size, direction", [
    (0.6, (0.75, 1.25), 1.0, "important", "reduce"),
    (0.75, (0.75, 1.25), 1.0, "trivial", "reduce"),    # on the threshold: trivial zone
    (1.25, (0.75, 1.25), 1.0, "trivial", "increase"),
    (1.26, (0.75, 1.25), 1.0, "important", "increase"),
    (0.1, None, 0.0, "important", "increase"),          # no thresholds: no trivial zone
])
def test_size_and_direction(estimate, thresholds, null, size, direction):
    assert st.size(estimate, thresholds, null) == size
    assert st.direction(estimate, null) == direction


@pytest.mark.parametrize("comparison, group, expected", [
    ("Ketamine versus placebo", "Ketamine IV", "Ketamine IV"),
    ("Ketamine versus placebo", "Experimental", "Ketamine"),  # the schema's placeholder
    ("Ketamine vs placebo", "", "Ketamine"),
    ("Ketamine vs. placebo", "", "Ketamine"),
    ("Exercise", "", "Exercise"),
])
def test_intervention_name(comparison, group, expected):
    assert st.intervention_name(comparison, group) == expected


@pytest.mark.parametrize("label, expected", [
    ("Pain intensity", "pain intensity"),
    ("Serious Adverse Events", "serious adverse events"),
    ("HbA1c at 12 months", "HbA1c at 12 months"),   # starts with an acronym: as written
    ("VAS pain", "VAS pain"),
    ("Pain (VAS)", "pain (VAS)"),
])
def test_outcome_name(label, expected):
    assert st.outcome_name(label) == expected
