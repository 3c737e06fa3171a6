"""RoB 2 and other tools: worked cases, exhaustive enumeration and applicability (rob_tools.md)."""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.core.rob.evaluator import (
    INCOMPLETE,
    AnswerError,
    evaluate,
    evaluate_domain,
    overall_from_judgements,
    resolve_answers,
)
from workbench.core.rob.model import ToolDefinition, Variant
from workbench.core.rob.tools import get_tool

LEVELS = {"Low", "Some concerns", "High"}
YES, NO = {"Y", "PY"}, {"N", "PN"}
DEVIATIONS = ("nonprotocol", "implementation", "nonadherence")


@pytest.fixture(scope="module")
def rob2() -> ToolDefinition:
    return get_tool("rob2")


def judge(tool: ToolDefinition, domain: str, answers: dict, effect: str = "assignment",
          deviations: tuple[str, ...] = ()) -> str | None:
    return evaluate(tool, answers, effect, deviations).domains[domain].judgement


# rob_tools.md section 8.2, "Worked test cases for the RoB 2 algorithm"; answers not listed are NA.
WORKED = [
    ("T1", "D1", {"1.1": "Y", "1.2": "Y", "1.3": "N"}, "assignment", (), "Low"),
    ("T2", "D1", {"1.1": "NI", "1.2": "PY", "1.3": "NI"}, "assignment", (), "Low"),
    ("T4", "D1", {"1.1": "Y", "1.2": "NI", "1.3": "PN"}, "assignment", (), "Some concerns"),
    ("T6", "D1", {"1.1": "Y", "1.2": "PN", "1.3": "N"}, "assignment", (), "High"),
    ("T8", "D2", {"2.1": "N", "2.2": "PN", "2.6": "Y"}, "assignment", (), "Low"),
    ("T9", "D2", {"2.1": "Y", "2.2": "Y", "2.3": "PN", "2.6": "PY"}, "assignment", (), "Low"),
    ("T11", "D2", {"2.1": "Y", "2.2": "Y", "2.3": "Y", "2.4": "PY", "2.5": "PN", "2.6": "Y"},
     "assignment", (), "High"),
    ("T13", "D2", {"2.1": "N", "2.2": "N", "2.6": "N", "2.7": "PN"}, "assignment", (),
     "Some concerns"),
    ("T15", "D2", {"2.1": "N", "2.2": "N", "2.4": "PN", "2.5": "N"}, "adherence",
     ("implementation", "nonadherence"), "Low"),
    ("T18", "D3", {"3.1": "Y"}, "assignment", (), "Low"),
    ("T19", "D3", {"3.1": "N", "3.2": "PY"}, "assignment", (), "Low"),
    ("T22", "D3", {"3.1": "N", "3.2": "PN", "3.3": "N"}, "assignment", (), "Low"),
    ("T23", "D4", {"4.1": "N", "4.2": "N", "4.3": "N"}, "assignment", (), "Low"),
    ("T26", "D4", {"4.1": "N", "4.2": "N", "4.3": "Y", "4.4": "N"}, "assignment", (), "Low"),
    ("T28", "D4", {"4.1": "Y", "4.2": "N"}, "assignment", (), "High"),
    ("T29", "D5", {"5.1": "Y", "5.2": "N", "5.3": "PN"}, "assignment", (), "Low"),
    ("T30", "D5", {"5.1": "NI", "5.2": "PN", "5.3": "PN"}, "assignment", (), "Some concerns"),
]


@pytest.mark.parametrize(("case", "domain", "answers", "effect", "deviations", "expected"),
                         WORKED, ids=[w[0] for w in WORKED])
def test_worked_cases_section_8_2(rob2, case, domain, answers, effect, deviations, expected):
    assert judge(rob2, domain, answers, effect, deviations) == expected, case


def test_t15_with_all_deviations_ticked_still_low_because_2_3_is_not_applicable(rob2):
    # Section 8.2 T15: blinded, so 2.3 (non-protocol interventions) is NA even when ticked.
    answers = {"2.1": "N", "2.2": "N", "2.4": "PN", "2.5": "N"}
    assert judge(rob2, "D2", answers, "adherence", DEVIATIONS) == "Low"


@pytest.mark.parametrize(("domains", "expected"), [
    (["Low"] * 5, "Low"),                                              # T33
    (["Low", "Some concerns", "Low", "Low", "Low"], "Some concerns"),  # T34
    (["Low", "Some concerns", "High", "Low", "Some concerns"], "High"),  # section 1.4
])
def test_overall_is_the_worst_domain_section_1_4_t33_t34(rob2, domains, expected):
    assert overall_from_judgements(rob2, dict(zip(["D1", "D2", "D3", "D4", "D5"], domains,
                                                  strict=True))) == expected


ALL_LOW = {"1.1": "Y", "1.2": "Y", "1.3": "N", "2.1": "N", "2.2": "N", "2.6": "Y", "3.1": "Y",
           "4.1": "N", "4.2": "N", "4.3": "N", "5.1": "Y", "5.2": "N", "5.3": "N"}


def test_full_assessment_overall_low_then_some_concerns_t33_t34(rob2):
    assert evaluate(rob2, ALL_LOW, "assignment").overall == "Low"
    some = {**ALL_LOW, "1.2": "NI"}
    result = evaluate(rob2, some, "assignment")
    assert result.domains["D1"].judgement == "Some concerns"
    assert result.overall == "Some concerns"


def test_unanswered_applicable_question_is_incomplete_section_8_2_a(rob2):
    result = evaluate(rob2, {**ALL_LOW, "2.6": None}, "assignment")
    assert result.domains["D2"].judgement == INCOMPLETE
    assert result.domains["D2"].missing == ("2.6",)
    assert "2.6" in result.domains["D2"].rule
    assert result.overall == INCOMPLETE


def test_answer_to_non_applicable_question_is_ignored_section_8_2_b(rob2):
    # T8 with 2.3 = Y still gives Low: 2.3 is not applicable when both are unaware.
    result = evaluate(rob2, {"2.1": "N", "2.2": "PN", "2.3": "Y", "2.6": "Y"}, "assignment")
    assert result.domains["D2"].judgement == "Low"
    assert result.domains["D2"].answers["2.3"] == "NA"


def test_changing_2_1_reopens_2_3_section_8_2_c(rob2):
    answers = {"2.1": "N", "2.2": "N", "2.6": "Y"}
    assert judge(rob2, "D2", answers) == "Low"
    answers["2.1"] = "Y"
    result = evaluate(rob2, answers, "assignment").domains["D2"]
    assert result.judgement == INCOMPLETE and result.missing == ("2.3",)
    answers["2.3"] = "Y"
    assert evaluate(rob2, answers, "assignment").domains["D2"].missing == ("2.4",)
    answers["2.4"] = "N"
    assert judge(rob2, "D2", answers) == "Some concerns"
    answers["2.1"] = "N"  # back to blinded: 2.3 and 2.4 fall away again, kept answers ignored
    assert judge(rob2, "D2", answers) == "Low"


def test_applicability_of_3_2_follows_3_1(rob2):
    answers = {"3.1": "Y", "3.2": "PN"}
    result = evaluate(rob2, answers, "assignment").domains["D3"]
    assert result.applicable == ("3.1",) and result.answers["3.2"] == "NA"
    answers["3.1"] = "NI"
    result = evaluate(rob2, answers, "assignment").domains["D3"]
    assert result.applicable == ("3.1", "3.2", "3.3") and result.missing == ("3.3",)


def test_adherence_without_deviation_is_rejected_section_8_2_d(rob2):
    with pytest.raises(AnswerError) as err:
        evaluate(rob2, ALL_LOW, "adherence", [])
    assert err.value.problems[0]["field"] == "deviations"


@pytest.mark.parametrize(("answers", "effect", "deviations", "field"), [
    ({"1.1": "YES"}, "assignment", (), "answers.1.1"),
    ({"3.2": "NI"}, "assignment", (), "answers.3.2"),
    ({"1.1": "NA"}, "assignment", (), "answers.1.1"),
    ({"9.9": "Y"}, "assignment", (), "answers.9.9"),
    ({}, "itt", (), "effect"),
    ({}, "adherence", ("nonprotocol", "cointerventions"), "deviations"),
])
def test_bad_input_names_the_field(rob2, answers, effect, deviations, field):
    with pytest.raises(AnswerError) as err:
        evaluate(rob2, answers, effect, deviations)
    assert [p["field"] for p in err.value.problems] == [field]
    assert field in str(err.value)


def test_answers_of_the_other_variant_are_ignored(rob2):
    # 2.7 exists only for the effect of assignment; switching to adherence must not fail.
    answers = {**ALL_LOW, "2.7": "NI", "2.4": "N"}
    assert judge(rob2, "D2", answers, "adherence", ("implementation",)) == "Low"


def test_effect_not_chosen_leaves_d2_incomplete(rob2):
    result = evaluate(rob2, ALL_LOW)
    assert result.domains["D2"].judgement == INCOMPLETE
    assert result.domains["D1"].judgement == "Low"
    assert result.overall == INCOMPLETE


# --- exhaustive enumeration over applicable questions (section 8.1, semantics point 7) ------

def enumerate_answers(variant: Variant, context: dict) -> Iterator[dict[str, str]]:
    """Every reachable answer state: complete ones and each partial one on the way."""
    def walk(answers: dict[str, str]) -> Iterator[dict[str, str]]:
        yield answers
        _, _, missing = resolve_answers(variant, answers, context)
        if missing:
            question = next(q for q in variant.questions if q.id == missing[0])
            for code in question.answers:
                if code != "NA":
                    yield from walk({**answers, question.id: code})
    return walk({})


def contexts() -> list[tuple[str, tuple[str, ...]]]:
    subsets = [c for n in (1, 2, 3) for c in itertools.combinations(DEVIATIONS, n)]
    return [("assignment", ())] + [("adherence", s) for s in subsets]


@pytest.mark.parametrize("tool_id", ["rob2", "rob2-cluster"])
def test_exhaustive_enumeration_never_fails(tool_id):
    tool = get_tool(tool_id)
    complete = 0
    for effect, deviations in contexts():
        context = {"effect": effect, "deviations": frozenset(deviations)}
        for domain in tool.domains:
            for answers in enumerate_answers(domain.variant_for(context), context):
                result = judge_domain(tool, domain.id, answers, effect, deviations)
                if result.missing:
                    assert result.judgement == INCOMPLETE
                else:
                    assert result.judgement in LEVELS, (domain.id, answers)
                    complete += 1
    assert complete > 500


def judge_domain(tool, domain_id, answers, effect, deviations):
    # One domain only (evaluate() would redo all of them): keeps the enumeration quick.
    context = {"effect": effect, "deviations": frozenset(deviations)}
    levels = {level.code: level for level in tool.levels}
    return evaluate_domain(tool.domain(domain_id), answers, context, levels)


# Reference transcriptions of the pseudo-code of rob_tools.md section 1.3, written
# independently of the JSON rules, to cross-check every complete combination.
def ref_d1(a):
    if a["1.2"] in NO:
        return "High"
    if a["1.2"] == "NI":
        return "High" if a["1.3"] in YES else "Some concerns"
    if a["1.1"] in NO:
        return "Some concerns"
    return "Some concerns" if a["1.3"] in YES else "Low"


def ref_d2_assignment(a):
    if a["2.1"] in NO and a["2.2"] in NO or a.get("2.3") in NO:
        part1 = "Low"
    elif a["2.3"] == "NI" or a["2.4"] in NO:
        part1 = "Some concerns"
    else:
        part1 = "Some concerns" if a["2.5"] in YES else "High"
    part2 = ("Low" if a["2.6"] in YES else
             "Some concerns" if a["2.7"] in NO else "High")
    parts = {part1, part2}
    return "High" if "High" in parts else "Low" if parts == {"Low"} else "Some concerns"


def ref_d2_adherence(a):
    aware = not (a["2.1"] in NO and a["2.2"] in NO)
    if (aware and a.get("2.3") in NO | {"NI"}) or a.get("2.4") in YES | {"NI"} \
            or a.get("2.5") in YES | {"NI"}:
        return "Some concerns" if a["2.6"] in YES else "High"
    return "Low"


def ref_d3(a):
    if a["3.1"] in YES or a.get("3.2") in YES or a.get("3.3") in NO:
        return "Low"
    return "Some concerns" if a["3.4"] in NO else "High"


def ref_d4(a):
    if a["4.1"] in YES or a["4.2"] in YES:
        return "High"
    best = "Low" if a["4.2"] in NO else "Some concerns"
    if a["4.3"] in NO or a["4.4"] in NO:
        return best
    return "Some concerns" if a["4.5"] in NO else "High"


def ref_d5(a):
    if a["5.2"] in YES or a["5.3"] in YES:
        return "High"
    if a["5.2"] in NO and a["5.3"] in NO:
        return "Low" if a["5.1"] in YES else "Some concerns"
    return "Some concerns"


REFERENCES = {"D1": ref_d1, "D3": ref_d3, "D4": ref_d4, "D5": ref_d5}


@pytest.mark.parametrize(("effect", "deviations"), contexts())
def test_every_complete_combination_matches_section_1_3(rob2, effect, deviations):
    context = {"effect": effect, "deviations": frozenset(deviations)}
    for domain in rob2.domains:
        reference = REFERENCES.get(domain.id) or (
            ref_d2_assignment if effect == "assignment" else ref_d2_adherence)
        for answers in enumerate_answers(domain.variant_for(context), context):
            result = judge_domain(rob2, domain.id, answers, effect, deviations)
            if not result.missing:
                assert result.judgement == reference(result.answers), (domain.id, answers)


def test_d4_table_rows_of_section_1_3(rob2):
    rows = [
        ({"4.1": "PY", "4.2": "NI"}, "High"),
        ({"4.1": "NI", "4.2": "Y"}, "High"),
        ({"4.1": "NI", "4.2": "PN", "4.3": "PN"}, "Low"),
        ({"4.1": "N", "4.2": "N", "4.3": "NI", "4.4": "N", }, "Low"),
        ({"4.1": "N", "4.2": "N", "4.3": "Y", "4.4": "NI", "4.5": "PN"}, "Some concerns"),
        ({"4.1": "N", "4.2": "NI", "4.3": "N"}, "Some concerns"),  # 4.2 NI caps at Some
        ({"4.1": "N", "4.2": "NI", "4.3": "Y", "4.4": "N"}, "Some concerns"),
        ({"4.1": "N", "4.2": "NI", "4.3": "Y", "4.4": "Y", "4.5": "N"}, "Some concerns"),
        ({"4.1": "PN", "4.2": "NI", "4.3": "Y", "4.4": "Y", "4.5": "NI"}, "High"),
    ]
    for answers, expected in rows:
        assert judge(rob2, "D4", answers) == expected, answers


def test_rule_names_what_fired(rob2):
    result = evaluate(rob2, {"1.1": "Y", "1.2": "PN", "1.3": "N"}, "assignment")
    assert result.domains["D1"].rule_path == ("D1#1",)
    assert result.domains["D1"].rule.startswith("D1#1: 1.2 N/PN -> High")
    d2 = evaluate(rob2, {"2.1": "N", "2.2": "N", "2.6": "N", "2.7": "PN"}, "assignment")
    assert d2.domains["D2"].rule_path == ("D2.P1#1", "D2.P2#2")


# --- RoB 2 cluster: D1b (section 1.6) --------------------------------------------------------

@pytest.mark.parametrize(("answers", "expected"), [
    ({"1b.1": "Y"}, "Low"),
    ({"1b.1": "N", "1b.2": "PN"}, "Low"),
    ({"1b.1": "NI", "1b.2": "Y", "1b.3": "PY"}, "High"),
    ({"1b.1": "N", "1b.2": "NI", "1b.3": "N"}, "Some concerns"),
])
def test_cluster_d1b_section_1_6(answers, expected):
    assert judge(get_tool("rob2-cluster"), "D1b", answers) == expected


def test_cluster_d2_participants_unaware_of_trial_and_carers_blinded():
    tool = get_tool("rob2-cluster")
    assert judge(tool, "D2", {"2.1": "N", "2.3": "N", "2.7": "Y"}) == "Low"
    result = evaluate(tool, {"2.1": "Y", "2.2": "N", "2.3": "N", "2.7": "Y"}, "assignment")
    assert result.domains["D2"].judgement == "Low"


# --- tools without an algorithm --------------------------------------------------------------

@pytest.mark.parametrize("tool_id", ["robins-i", "quadas-2", "rob1"])
def test_tools_without_algorithm_propose_nothing(tool_id):
    tool = get_tool(tool_id)
    answers = {qid: "NI" for qid in tool.question_ids}
    result = evaluate(tool, answers, "assignment")
    assert all(d.judgement in (None, INCOMPLETE) for d in result.domains.values())
    assert result.overall in (None, INCOMPLETE)


def test_robins_i_all_domains_answered_gives_no_proposal():
    tool = get_tool("robins-i")
    answers = {"1.1": "N", "2.1": "N", "2.4": "Y", "3.1": "Y", "3.2": "Y", "3.3": "N",
               "4.1": "N", "5.1": "Y", "5.2": "N", "5.3": "N", "6.1": "N", "6.2": "N",
               "6.3": "Y", "6.4": "N", "7.1": "N", "7.2": "N", "7.3": "N"}
    result = evaluate(tool, answers, "assignment")
    assert [d.judgement for d in result.domains.values()] == [None] * 7
    assert result.overall is None


@pytest.mark.parametrize(("judgements", "expected"), [
    (["Low"] * 7, "Low"),
    (["Low", "Moderate", "Low", "Low", "Low", "Low", "Low"], "Moderate"),
    (["Low", "Moderate", "No information", "Low", "Low", "Low", "Low"], "No information"),
    (["Serious", "Moderate", "No information", "Low", "Low", "Low", "Low"], "Serious"),
    (["Serious", "Critical", "No information", "Low", "Low", "Low", "Low"], "Critical"),
    (["No information"] * 7, "No information"),
])
def test_robins_i_overall_rule_section_2_1(judgements, expected):
    tool = get_tool("robins-i")
    ids = [d.id for d in tool.domains]
    assert overall_from_judgements(tool, dict(zip(ids, judgements, strict=True))) == expected


def test_rob1_overall_on_key_domains_section_4():
    tool = get_tool("rob1")
    judgements = {"D1": "Low risk", "D2": "Unclear risk", "D3": "High risk", "D4": "low",
                  "D5": "Low risk", "D6": "Low risk", "D7": "Low risk"}
    assert overall_from_judgements(tool, judgements) == "High risk"
    assert overall_from_judgements(tool, judgements, ["D1", "D2", "D5"]) == "Unclear risk"
    assert overall_from_judgements(tool, judgements, ["D1", "D5"]) == "Low risk"
    assert overall_from_judgements(tool, {"D1": "Low risk"}) is None  # unjudged key domains


def test_quadas_overall_any_unclear_or_high_section_3():
    tool = get_tool("quadas-2")
    assert overall_from_judgements(tool, dict.fromkeys(["D1", "D2", "D3", "D4"], "Low")) == "Low"
    mixed = {"D1": "Low", "D2": "Unclear", "D3": "Low", "D4": "Low"}
    assert overall_from_judgements(tool, mixed) == "Unclear"


def test_cluster_d1b_not_applicable_is_left_out_of_overall():
    tool = get_tool("rob2-cluster")
    judgements = {"D1a": "Low", "D1b": "Not applicable", "D2": "Low", "D3": "Low",
                  "D4": "Low", "D5": "Low"}
    assert overall_from_judgements(tool, judgements) == "Low"


# --- whole-tool properties -----------------------------------------------------------------

ROB2_SETS = {q.id: q.answers for d in get_tool("rob2").domains for v in d.variants
             for q in v.questions}


@settings(max_examples=300, deadline=None)
@given(answers=st.fixed_dictionaries({}, optional={qid: st.sampled_from(codes)
                                                  for qid, codes in ROB2_SETS.items()}),
       effect=st.sampled_from(["assignment", "adherence"]),
       deviations=st.sets(st.sampled_from(DEVIATIONS), min_size=1))
def test_any_allowed_answers_evaluate(answers, effect, deviations):
    tool = get_tool("rob2")
    # An answer allowed in the other variant (2.3 NA vs S) could be refused: keep only those
    # allowed in the active one, which is what the form can produce.
    context = {"effect": effect, "deviations": frozenset(deviations)}
    active = {q.id: q for d in tool.domains for q in d.variant_for(context).questions}
    answers = {k: v for k, v in answers.items() if k not in active or v in active[k].answers}
    result = evaluate(tool, answers, effect, sorted(deviations))
    assert result.overall in LEVELS | {INCOMPLETE}
    if result.overall != INCOMPLETE:
        assert result.overall == overall_from_judgements(
            tool, {k: d.judgement for k, d in result.domains.items()})


def test_fast_enough_for_every_click(rob2):
    start = time.perf_counter()
    for _ in range(1000):
        evaluate(rob2, ALL_LOW, "assignment")
    assert time.perf_counter() - start < 1.0  # measured ~0.06 ms per call


def test_na_on_an_applicable_conditional_question_counts_as_unanswered(rob2):
    # Storage writes NA while 2.3 is hidden; when 2.1 turns Y the stale NA is not an answer.
    result = evaluate(rob2, {"2.1": "Y", "2.2": "N", "2.3": "NA", "2.6": "Y"}, "assignment")
    assert result.domains["D2"].missing == ("2.3",)


def test_na_is_a_real_answer_where_the_question_always_offers_it():
    # QUADAS-2 2.2 "if a threshold was used ..." offers NA without a condition.
    result = evaluate(get_tool("quadas-2"), {"2.1": "Y", "2.2": "NA"})
    assert result.domains["D2"].missing == () and result.domains["D2"].judgement is None


@pytest.mark.parametrize(("answers", "applicable"), [
    ({"1.1": "N"}, ("1.1",)),                                   # no confounding: stop
    ({"1.1": "Y", "1.2": "N"}, ("1.1", "1.2", "1.4", "1.6")),   # baseline confounding
    ({"1.1": "Y", "1.2": "Y", "1.3": "N"}, ("1.1", "1.2", "1.3", "1.4", "1.6")),
    ({"1.1": "PY", "1.2": "Y", "1.3": "PY"}, ("1.1", "1.2", "1.3", "1.7")),  # time-varying
])
def test_robins_i_confounding_questions_follow_upstream_answers(answers, applicable):
    result = evaluate(get_tool("robins-i"), answers, "assignment").domains["D1"]
    assert result.applicable == applicable
