"""A robvis-style import is one undoable step: undo removes every assessment it wrote."""

from __future__ import annotations

from workbench.session.rob_import import import_rob_table

TABLE = ("Study,D1,D2,D3,D4,D5,Overall\n"
         "A,Low,Low,Low,Low,Low,Low\n"
         "B,High,Some concerns,Low,Low,Low,High\n")


def rob_dump(project) -> dict:
    db = project.store.db
    return {t: sorted(repr(tuple(r.values())) for r in db[t].rows)
            for t in ("rob_assessments", "rob_judgements")}


def test_import_undo_redo(empty_project, fill_values, tmp_path):
    fill_values(empty_project.store, "Ann", [
        ("X versus Y", "Death", s, {"events_1": 1, "total_1": 10, "events_2": 2,
                                    "total_2": 10}) for s in ("A", "B")])
    empty_project.set_reviewer("Ann")
    path = tmp_path / "rob.csv"
    path.write_text(TABLE, encoding="utf-8")
    oid = empty_project.store.outcomes()[0].id
    before = rob_dump(empty_project)
    report = import_rob_table(empty_project, path, "rob2", oid)
    assert report.to_json() == {"rows_read": 2, "assessments_imported": 2, "problems": []}
    after = rob_dump(empty_project)
    # A and B: one result-level row each (D2-D5, overall) and one study-level row (RoB 2's D1)
    assert len(after["rob_assessments"]) == 4 and len(after["rob_judgements"]) == 10
    assert len(empty_project.history.done) == 1
    empty_project.undo()
    assert rob_dump(empty_project) == before
    empty_project.redo()
    assert rob_dump(empty_project) == after
