"""Wording of the SoF cells, the evidence profile, the methods paragraph and results sentences.

Documents come from tests/io/certainty_documents.py (cli.md's shapes; its numbers are worked
there). Expected wording: the issue's own example sentence ("RR 1.88, 95% CI 1.52 to 2.32; 12
studies, 850 participants; I² = 0%; low-certainty evidence"), GRADEpro's "850 (12 RCTs)" and
"⊕⊕◯◯" (grade.md section 1) and the settings' names in core.model.
"""

from __future__ import annotations

import sys
from pathlib import Path

from workbench.core.grade.evidence_text import evidence_text
from workbench.core.grade.methods_text import (
    OutcomeMethods,
    methods_paragraph,
    results_numbers,
    results_sentence,
)
from workbench.core.grade.profile_cells import profile_layout
from workbench.core.grade.sof_cells import (
    PROVISIONAL_MARK,
    certainty_text,
    participants_text,
    sof_layout,
)
from workbench.core.model import AnalysisSettings

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "io"))
from certainty_documents import GRADE, PAIN, SOF, WITHDRAWALS  # noqa: E402


def test_results_numbers_read_as_the_issue_example():
    assert results_numbers(WITHDRAWALS, GRADE["outcomes"][0]) == (
        "RR 1.88, 95% CI 1.52 to 2.32; 12 studies, 850 participants; I² = 0%; "
        "low-certainty evidence")


def test_results_sentence_of_a_provisional_continuous_row_says_so():
    sentence = results_sentence(PAIN, GRADE["outcomes"][1], 0.90)
    assert sentence == ("Ketamine likely reduces pain intensity (MD −1.19, 90% CI −1.53 to "
                        "−0.85; 5 studies, 400 participants; I² = 31%; moderate-certainty "
                        "evidence; certainty provisional).")


def test_results_sentence_without_studies_is_the_statement():
    assert results_sentence(SOF["rows"][2], None) == "No studies reported quality of life."


def test_methods_paragraph_names_model_estimator_ci_zero_cells_and_tool():
    rr = AnalysisSettings(measure="RR", method="REML", hksj=True, cc=0.5, cc_to="only0")
    md = AnalysisSettings(measure="MD", method="FE")
    text = methods_paragraph([OutcomeMethods("Withdrawals", "dichotomous", rr),
                              OutcomeMethods("Pain", "continuous", md)], ["RoB 2"])
    assert "risk ratios (RR) for Withdrawals with a random-effects model with the " \
           "restricted maximum-likelihood estimator" in text
    assert "Hartung–Knapp–Sidik–Jonkman" in text
    assert "0.5 was added to each cell of studies with a zero cell" in text
    assert "studies with no events in both arms were kept" in text  # drop00 default for IV
    assert "mean differences (MD) for Pain with a common-effect inverse-variance model" in text
    assert "95% Wald-type confidence intervals" in text
    assert "We assessed risk of bias with RoB 2." in text


def test_methods_paragraph_of_mantel_haenszel_leaves_double_zero_studies_out():
    mh = AnalysisSettings(measure="OR", method="MH", compat="revman5")
    text = methods_paragraph([OutcomeMethods("Deaths", "dichotomous", mh)], [])
    assert "the Mantel–Haenszel common-effect method, computed as RevMan 5" in text
    assert "left out" in text and " for Deaths" not in text  # one group: outcomes not named
    assert "risk of bias" not in text.split("GRADE")[0]


def test_certainty_symbols_and_provisional_word():
    assert certainty_text(2, False) == ("⊕⊕◯◯", "Low")
    assert certainty_text(4, True) == ("⊕⊕⊕⊕", "High (provisional)")
    assert certainty_text(None, False) == ("", "No evidence")


def test_participants_as_grade_pro_writes_them():
    assert participants_text(WITHDRAWALS, "randomised") == "850 (12 RCTs)"
    assert participants_text({"studies": 1, "participants": 40}, "non-randomised") == \
        "40 (1 non-randomised study)"
    assert participants_text(SOF["rows"][2], "randomised") == "—"


def test_sof_layout_has_a_sub_row_per_baseline_and_letters_each_reason_once():
    layout = sof_layout(SOF, {"Withdrawals": "randomised"}, {"Pain intensity": "points"})
    withdrawals, pain, none = layout.rows
    assert withdrawals.comparator == ["Study population\n219 per 1,000",
                                      "High risk\n300 per 1,000"]
    assert withdrawals.intervention[0] == ("412 per 1,000 (333 to 508)\n"
                                           "193 more per 1,000 (from 114 more to 289 more)")
    assert withdrawals.relative == "RR 1.88 (1.52 to 2.32)"
    assert pain.comparator == ["The mean pain intensity was 6.20 points"]
    assert pain.intervention == ["MD 1.19 lower (1.53 lower to 0.85 lower)"]
    # The same reason in two rows is one footnote with one letter.
    assert withdrawals.marks == ["a", "b"] and pain.marks == ["a"]
    assert [f.mark for f in layout.footnotes] == ["a", "b", PROVISIONAL_MARK]
    assert none.comparator == ["No studies"] and none.symbols == ""
    assert "RR: risk ratio" in layout.abbreviations and "MD: mean difference" in \
        layout.abbreviations


def test_profile_shows_every_domain_and_marks_suggestions_and_stale_judgements():
    rows, footnotes = profile_layout(GRADE, SOF)
    cells = rows[0].cells
    assert cells[:4] == ["Withdrawals", "12", "Randomised trials", "serious"]
    assert cells[4] == "not serious (suggested)"  # inconsistency not judged
    assert cells[6] == "serious (stale)"  # imprecision judged, evidence changed since
    assert cells[7] == "none detected" and cells[8] == "none"
    assert cells[9] == "850" and cells[10] == "RR 1.88 (1.52 to 2.32)"
    assert rows[0].symbols == "⊕⊕◯◯" and cells[13] == "Critical (8)"
    assert rows[0].marks == {3: ["a"], 6: ["b"]}
    assert [f.text for f in footnotes] == ["Risk of bias: Most of the weight is at high risk "
                                           "of bias.", "Imprecision: Fewer than 300 events."]


def test_evidence_lines_give_the_numbers_behind_each_rule():
    assert evidence_text("inconsistency", {"k": 12, "i2": 0.0, "tau2": 0.0, "q_p": 0.7085,
                                           "pi_lower": 1.52, "pi_upper": 2.32}) == \
        "k = 12, I² = 0%, τ² = 0.000, Q p = 0.709, prediction interval 1.52 to 2.32"
    assert evidence_text("publication_bias", {"k": 5, "assessable": False}) == \
        "k = 5: fewer than 10 studies, not assessable"
    assert "optimal information size not met" in evidence_text(
        "imprecision", {"ci_lower": 1.5, "ci_upper": 2.3, "null": 1.0, "target_zone": "above",
                        "zones_reached": 1, "events": 270, "ois_met": False})
    assert evidence_text("indirectness", {}) == ""


def test_a_narrative_outcome_shows_its_text_where_the_effects_would_be():
    """grade.md section 4: a narrative outcome's text replaces the effects (the engine puts
    it in `narrative` and `comment`); it is shown once, in the effects column."""
    narrative = dict(SOF["rows"][0], relative=None, absolute=None, difference=None,
                     narrative="Three trials reported fewer withdrawals; none pooled.",
                     comment="Three trials reported fewer withdrawals; none pooled.")
    cells = sof_layout(dict(SOF, rows=[narrative])).rows[0]
    assert cells.comparator == ["Three trials reported fewer withdrawals; none pooled."]
    assert cells.relative == "—"
    assert cells.comments == ["Ketamine may increase withdrawals."]
