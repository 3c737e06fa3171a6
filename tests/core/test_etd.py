"""EtD criteria and scales (grade.md sections 3 and 7) and the proposals of section 7."""

from __future__ import annotations

import pytest

from workbench.core.etd import (
    EffectRow,
    FrameworkError,
    load_framework,
    parse_framework,
    propose,
    propose_certainty,
    propose_effects,
)

# grade.md section 3, in its order.
CRITERIA = ["Priority of the problem", "Desirable effects", "Undesirable effects",
            "Certainty of the evidence", "Values", "Balance of effects", "Resources required",
            "Certainty of the evidence on resources", "Cost-effectiveness", "Equity",
            "Acceptability", "Feasibility"]
EXTRA = ("Varies", "Don't know")


def test_every_criterion_of_grade_md_section_3_in_order():
    assert [c.name for c in load_framework().criteria] == CRITERIA


@pytest.mark.parametrize(("name", "scale", "extra"), [
    # grade.md section 7, each line.
    ("Priority of the problem", ("No", "Probably no", "Probably yes", "Yes"), True),
    ("Acceptability", ("No", "Probably no", "Probably yes", "Yes"), True),
    ("Desirable effects", ("Trivial", "Small", "Moderate", "Large"), True),
    ("Undesirable effects", ("Large", "Moderate", "Small", "Trivial"), True),
    ("Certainty of the evidence",
     ("Very low", "Low", "Moderate", "High", "No included studies"), False),
    ("Certainty of the evidence on resources",
     ("Very low", "Low", "Moderate", "High", "No included studies"), False),
    ("Values", ("Important uncertainty or variability",
                "Possibly important uncertainty or variability",
                "Probably no important uncertainty or variability",
                "No important uncertainty or variability"), False),
    ("Cost-effectiveness", ("Favours the comparison", "Probably favours the comparison",
                            "Favours neither", "Probably favours the intervention",
                            "Favours the intervention", "No included studies"), True),
    ("Resources required", ("Large costs", "Moderate costs", "Negligible costs and savings",
                            "Moderate savings", "Large savings"), True),
    ("Equity", ("Reduced", "Probably reduced", "Probably no impact", "Probably increased",
                "Increased"), True),
])
def test_scales_of_grade_md_section_7(name, scale, extra):
    criterion = next(c for c in load_framework().criteria if c.name == name)
    assert criterion.scale == scale
    assert criterion.options == scale + (EXTRA if extra else ())


def test_recommendation_types_and_qualifier():
    framework = load_framework()
    assert framework.recommendation_types == ("Strong against", "Conditional against",
                                              "Conditional for either", "Conditional for",
                                              "Strong for")
    assert framework.qualifier == "Only in the context of research"


def test_a_judgement_off_the_scale_is_refused_naming_the_criterion():
    with pytest.raises(FrameworkError, match="Values: 'Varies' is not on its scale"):
        load_framework().check_judgement("values", "Varies")
    with pytest.raises(FrameworkError, match="unknown criterion 'cost'"):
        load_framework().check_judgement("cost", "Yes")


def test_a_malformed_criteria_file_names_the_missing_entry():
    with pytest.raises(FrameworkError, match="'recommendation'"):
        parse_framework({"extra_options": [], "criteria": []})


def _row(name, importance, estimate, lo, hi, *, good_up=False, ratio=True, certainty=3,
         studies=3):
    return EffectRow(name, importance, good_up, ratio, estimate, lo, hi, certainty, studies)


def test_certainty_proposed_is_the_lowest_among_critical_outcomes_only():
    rows = [_row("A", 9, 0.5, 0.4, 0.6, certainty=3), _row("B", 7, 0.5, 0.4, 0.6, certainty=2),
            _row("C", 5, 0.5, 0.4, 0.6, certainty=1)]  # C is important, not critical
    proposal = propose_certainty(rows)
    assert proposal.judgement == "Low" and proposal.outcomes == ("B",)


def test_certainty_without_critical_outcomes_or_studies():
    assert propose_certainty([_row("A", 5, 1, 1, 1)]).judgement is None
    assert propose_certainty([_row("A", 9, None, None, None, certainty=None, studies=0)]
                             ).judgement == "No included studies"


def test_effects_by_direction_and_size():
    # Pain relief: higher is better, RR 1.88 (1.52-2.32) favours the intervention, CI
    # excludes 1 but the ratio is below 2: moderate. Adverse events RR 2.78 (1.36-5.69),
    # higher is worse: favours the comparison, ratio > 2 with CI excluding 1: large
    # (grade.md section 4's large-effect bounds).
    rows = [_row("Relief", 9, 1.88, 1.52, 2.32, good_up=True),
            _row("Adverse", 7, 2.78, 1.36, 5.69),
            _row("Limited", 2, 0.1, 0.05, 0.2)]  # importance 1-3: not considered
    proposals = propose(rows)
    assert proposals["desirable_effects"].judgement == "Moderate"
    assert proposals["desirable_effects"].outcomes == ("Relief",)
    assert proposals["undesirable_effects"].judgement == "Large"


def test_effects_with_nothing_on_a_side_are_trivial_and_unrated_gives_none():
    rows = [_row("Relief", 9, 1.2, 0.9, 1.5, good_up=True)]
    assert propose_effects(rows, desirable=False).judgement == "Trivial"
    assert propose_effects(rows, desirable=True).judgement == "Small"  # CI includes 1
    assert propose_effects([_row("X", None, 2.0, 1.5, 3.0)], True).judgement is None
