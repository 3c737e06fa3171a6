"""The SoF tab's cache gives exactly the uncached document after each kind of change."""

from __future__ import annotations

from workbench.core.grade.model import Baseline
from workbench.session.certainty_cache import CertaintyCache
from workbench.session.certainty_docs import certainty_document
from workbench.session.commands.certainty import (
    SetBaselines,
    SetCertaintyJudgement,
    SetSofRows,
    SetSofStatement,
)
from workbench.session.commands.edits import CellEdit, EditCells
from workbench.session.commands.rob import SetRobJudgement


def _same(cache, store):
    cached, fresh = cache.document(store, 1), certainty_document(store, 1)
    assert cached.sof == fresh.sof
    assert cached.grade == fresh.grade
    assert (cached.methods, cached.results) == (fresh.methods, fresh.results)
    return cached


def _edit(project):
    store = project.store
    result = store.results(1)[0]
    reviewer = store.reviewer_id(project.reviewer)
    before = store.value(result["result_id"], reviewer, "total_2")
    return EditCells([CellEdit(result_id=result["result_id"], outcome_id=1,
                               study_id=result["study_id"], field="total_2",
                               value=float(before[0]) + 50)])


def test_cache_matches_after_every_kind_of_change(demo_project):
    project, cache = demo_project, CertaintyCache()
    project.set_reviewer("Reviewer A")
    store = project.store
    before = _same(cache, store)
    commands = [_edit(project),
                SetCertaintyJudgement(1, "inconsistency", -1, "Trials disagree"),
                SetBaselines(1, [Baseline.study(), Baseline.typed("High risk", 0.3)]),
                SetSofStatement(2, "Ketamine may reduce pain a little."),
                SetSofRows(1, [5, 1])]
    # Both reviewers judge a study at high risk: agreed, so the weight at high risk moves.
    study = 4  # judged Low in the demo (its answers); [0] left the analysis with the edit above
    commands += [SetRobJudgement(study, 1, "rob2", domain="overall", judgement="High",
                                 override_reason="Open label") for _ in range(2)]
    for number, command in enumerate(commands):
        if number == len(commands) - 1:
            project.set_reviewer("Reviewer B")
        changes = project.execute(command)
        cache.invalidate(changes)
        after = _same(cache, store)
        if number != len(commands) - 2:  # one reviewer's RoB alone is a conflict: unassessed
            assert after.sof != before.sof or after.grade != before.grade, command
        before = after
