"""Risk-of-bias commands: apply -> revert -> apply round trips, shared D1, refused overrides."""

from __future__ import annotations

import pytest

from workbench.core.rob.tools import get_tool
from workbench.session.commands.rob import SetRobAnswer, SetRobEffect, SetRobJudgement
from workbench.session.commands.structure import CommandError
from workbench.session.project import Project
from workbench.session.rob import OVERALL, result_state, rob_table

OUTCOME, OTHER = 1, 2
STUDY = 1
# rob_tools.md T1, T8, T18, T23, T29: every domain Low under the effect of assignment.
LOW_ANSWERS = {"1.1": "Y", "1.2": "Y", "1.3": "N", "2.1": "N", "2.2": "PN", "2.6": "Y",
               "3.1": "Y", "4.1": "N", "4.2": "N", "4.3": "N", "5.1": "Y", "5.2": "N",
               "5.3": "PN"}


@pytest.fixture
def demo_project(demo_path_without_rob):
    """The demo review without its bundled RoB 2 assessments: these tests start from none."""
    project = Project.open(demo_path_without_rob)
    yield project
    project.close()


def rob_dump(project) -> dict:
    db = project.store.db
    return {t: sorted(tuple(row.values()) for row in db[t].rows)
            for t in ("rob_assessments", "rob_answers", "rob_judgements")}


def fill(project, study=STUDY, outcome=OUTCOME, answers=LOW_ANSWERS) -> None:
    project.execute(SetRobEffect(study, outcome, "rob2", effect="assignment"))
    for question, answer in answers.items():
        project.execute(SetRobAnswer(study, outcome, "rob2", question=question, answer=answer))


def state(project, study=STUDY, outcome=OUTCOME):
    store = project.store
    return result_state(store, get_tool("rob2"), store.reviewer_id(project.reviewer), study,
                        outcome)


@pytest.fixture
def rob_round_trip(round_trip):
    return lambda project, command: round_trip(project, command, rob_dump)


def test_first_answer_creates_assessment_and_undo_removes_it(demo_project, rob_round_trip):
    rob_round_trip(demo_project, SetRobAnswer(STUDY, OUTCOME, "rob2", question="2.1", answer="Y",
                                          support="open label", location="p. 3"))
    rows = list(demo_project.store.db["rob_assessments"].rows)
    assert [(r["tool_version"], r["outcome_id"]) for r in rows] == [
        (get_tool("rob2").version, OUTCOME)]


def test_changing_and_clearing_an_answer_round_trips(demo_project, rob_round_trip):
    fill(demo_project)
    rob_round_trip(demo_project, SetRobAnswer(STUDY, OUTCOME, "rob2", question="3.1", answer="N"))
    rob_round_trip(demo_project, SetRobAnswer(STUDY, OUTCOME, "rob2", question="3.1", answer=None))


def test_effect_and_judgement_round_trip(demo_project, rob_round_trip):
    fill(demo_project)
    rob_round_trip(demo_project, SetRobEffect(STUDY, OUTCOME, "rob2", effect="adherence",
                                          deviations=("nonadherence",)))
    rob_round_trip(demo_project, SetRobJudgement(STUDY, OUTCOME, "rob2", domain="D3",
                                             judgement="High", override_reason="attrition",
                                             direction="Towards null"))
    rob_round_trip(demo_project, SetRobJudgement(STUDY, OUTCOME, "rob2", domain=OVERALL,
                                             judgement="High", override_reason="several"))


def test_proposals_and_final_judgements(demo_project):
    fill(demo_project)
    s = state(demo_project)
    assert s.finals == dict.fromkeys(["D1", "D2", "D3", "D4", "D5"], "Low")
    assert s.overall_final == "Low"
    demo_project.execute(SetRobAnswer(STUDY, OUTCOME, "rob2", question="1.2", answer="PN"))
    s = state(demo_project)
    assert (s.finals["D1"], s.overall_proposal) == ("High", "High")  # rob_tools.md T6


def test_override_without_reason_is_refused_and_changes_nothing(demo_project):
    fill(demo_project)
    before = rob_dump(demo_project)
    with pytest.raises(CommandError, match="needs a written reason"):
        demo_project.execute(SetRobJudgement(STUDY, OUTCOME, "rob2", domain="D2",
                                              judgement="High"))
    with pytest.raises(CommandError, match="needs a written reason"):
        demo_project.execute(SetRobJudgement(STUDY, OUTCOME, "rob2", domain=OVERALL,
                                              judgement="Some concerns", override_reason=" "))
    assert rob_dump(demo_project) == before
    # Agreeing with the proposal needs no reason.
    demo_project.execute(SetRobJudgement(STUDY, OUTCOME, "rob2", domain="D2", judgement="Low"))


def test_bad_input_is_refused(demo_project):
    bad = [SetRobAnswer(STUDY, OUTCOME, "rob2", question="3.2", answer="NI"),
           SetRobAnswer(STUDY, OUTCOME, "rob2", question="9.9", answer="Y"),
           SetRobAnswer(STUDY, OUTCOME, "nope", question="1.1", answer="Y"),
           SetRobEffect(STUDY, OUTCOME, "rob2", effect="both"),
           SetRobJudgement(STUDY, OUTCOME, "rob2", domain="D1", judgement="Moderate"),
           SetRobJudgement(STUDY, OUTCOME, "rob2", domain="D1", judgement="Low",
                           direction="Sideways")]
    for command in bad:
        with pytest.raises(CommandError):
            demo_project.execute(command)
    assert rob_dump(demo_project)["rob_assessments"] == []


def test_domain_1_is_shared_between_a_studys_results(demo_project):
    fill(demo_project)
    aids = {r["outcome_id"]: r["id"] for r in demo_project.store.db["rob_assessments"].rows}
    assert set(aids) == {None, OUTCOME}
    d1 = {r["question"] for r in demo_project.store.db["rob_answers"].rows
          if r["assessment_id"] == aids[None]}
    assert d1 == {"1.1", "1.2", "1.3"}
    other = state(demo_project, outcome=OTHER)
    assert other.finals["D1"] == "Low" and other.finals["D2"] is None


def test_rob_table_per_reviewer_and_agreed(demo_project):
    fill(demo_project)
    fill(demo_project, study=2)
    demo_project.set_reviewer("Reviewer B")
    fill(demo_project, study=2)
    demo_project.execute(SetRobJudgement(2, OUTCOME, "rob2", domain="D5", judgement="High",
                                         override_reason="selective reporting"))
    table = rob_table(demo_project, "rob2", OUTCOME)
    by_study = {row.study_id: row for row in table.rows}
    assert set(by_study) == {1, 2}
    assert by_study[1].overall == "Low"
    assert by_study[2].domains["D5"] is None and "D5" in by_study[2].conflicts
    mine = rob_table(demo_project, "rob2", OUTCOME, reviewer="Reviewer B")
    assert [(r.study_id, r.domains["D5"], r.overall) for r in mine.rows] == [(2, "High", "High")]
    forest = mine.for_forest()
    assert forest[mine.rows[0].study]["Overall"] == "High"
