"""ImportRows: apply -> revert -> apply, atomicity, re-import, reviewers never overwrite."""

from pathlib import Path

import pytest

from workbench.session.commands.importing import ImportCancelled
from workbench.session.importing import import_file
from workbench.session.project import Project

SHARED = Path(__file__).resolve().parents[3] / "shared" / "fixtures"
pytestmark = pytest.mark.skipif(not SHARED.exists(), reason="shared fixtures not beside repo")
DICH = (SHARED / "ketamine_dichotomous.xlsx", SHARED / "ketamine_dichotomous.MAP.json")


def _snapshot(project):
    store = project.store
    return (store.counts() | {"audit_log": 0},
            sorted(store.execute("SELECT study_outcome_id, reviewer_id, field, value_num, "
                                 "value_text FROM extracted_values")))


@pytest.fixture
def project(tmp_path):
    project = Project.create(tmp_path / "p.wbproj")
    yield project
    project.close()


def test_apply_revert_apply_round_trip(project):
    empty = _snapshot(project)
    import_file(project, *DICH)
    full = _snapshot(project)
    assert full[0]["studies"] == 9
    project.undo()
    assert _snapshot(project)[0] | {"reviewers": 0} == empty[0] | {"reviewers": 0}
    project.redo()
    assert _snapshot(project)[0] == full[0]
    assert len(_snapshot(project)[1]) == len(full[1])


def test_reimport_updates_not_duplicates_and_undo_restores(project):
    import_file(project, *DICH)
    before = _snapshot(project)
    report = import_file(project, *DICH)
    assert report.summary.studies_added == 0 and report.summary.studies_updated == 0
    assert _snapshot(project)[1] == before[1]
    rid = project.store.result_id(project.store.study_id("Tanaka 2013"), 2)
    reviewer = project.store.reviewer_id(project.reviewer)
    project.store.set_value(rid, reviewer, "events_1", 99.0)
    report = import_file(project, *DICH)
    assert report.summary.studies_updated == 1
    project.undo()
    assert project.store.value(rid, reviewer, "events_1")[0] == 99.0


def test_second_reviewer_never_overwrites_first(project):
    import_file(project, *DICH, reviewer="Ann")
    ann = _snapshot(project)[1]
    import_file(project, *DICH, reviewer="Bob")
    ann_id = project.store.reviewer_id("Ann")
    after = [v for v in _snapshot(project)[1] if v[1] == ann_id]
    assert after == ann
    project.undo()
    assert project.store.reviewer_id("Bob") is None


def test_cancel_rolls_back_everything(project):
    empty = _snapshot(project)
    with pytest.raises(ImportCancelled):
        import_file(project, *DICH, cancelled=lambda: True)
    assert _snapshot(project)[0]["studies"] == empty[0]["studies"] == 0
    assert project.history.undo_label() is None


def test_failure_midway_leaves_nothing(project, monkeypatch):
    from workbench.storage import imports

    calls = {"n": 0}
    original = imports.add_result_at

    def flaky(*args):
        calls["n"] += 1
        if calls["n"] == 20:
            raise RuntimeError("disk on fire")
        return original(*args)

    monkeypatch.setattr(imports, "add_result_at", flaky)
    with pytest.raises(RuntimeError):
        import_file(project, *DICH)
    assert project.store.counts()["studies"] == 0


def test_dry_run_changes_nothing_and_mapping_is_remembered(project):
    report = import_file(project, *DICH, dry_run=True)
    assert report.summary.studies_added == 9 and project.store.counts()["studies"] == 0
    import_file(project, *DICH)
    again = import_file(project, DICH[0], sheet="Dichotomous")
    assert again.batch.mapping.header_rows == 2 and again.batch.rows_read == 28


def test_new_outcomes_get_default_settings_and_group_labels(project):
    import_file(project, *DICH)
    comparison = project.store.comparisons()[0]
    assert (comparison.group_label_1, comparison.group_label_2) == ("Ketamine", "Placebo")
    settings = project.store.outcomes()[0].settings
    assert (settings.measure, settings.method) == ("RR", "REML")
