"""Import wizard end to end: recognised mapping, preview with problems, one undo step, cancel."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import json  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtWidgets import QApplication, QWizard  # noqa: E402

from workbench.cli import main as cli_main  # noqa: E402
from workbench.gui.controller import Controller  # noqa: E402
from workbench.gui.import_wizard import ImportWizard  # noqa: E402

DATA_TABLES = ("studies", "comparisons", "outcomes", "study_outcomes", "extracted_values",
               "reviewers")


def _data(project) -> dict[str, int]:
    counts = project.store.counts()
    return {t: counts[t] for t in DATA_TABLES}  # the audit log grows with every undo


@pytest.fixture
def controller(empty_project):
    ctrl = Controller()
    ctrl.set_project(empty_project)
    yield ctrl
    empty_project.unsubscribe(ctrl._forward)
    ctrl.project = None  # the empty_project fixture closes it


@pytest.fixture
def make_wizard(qtbot, controller, tmp_path):
    """A shown wizard whose save dialog answers with a path under tmp_path (never modal)."""
    made = []

    def make(saved_as: str = "saved.MAP.json") -> ImportWizard:
        wizard = ImportWizard(controller, open_file=lambda _p: "",
                              save_file=lambda _p, _s: str(tmp_path / saved_as))
        qtbot.addWidget(wizard)
        wizard.show()
        made.append(wizard)
        return wizard

    yield make
    for wizard in made:
        wizard.reject()
        wizard.deleteLater()  # a hidden wizard left alive is repolished by later tests
    QApplication.processEvents()


def _to_mapping(qtbot, wizard: ImportWizard, source: Path) -> None:
    wizard.set_source(source)
    assert wizard.file_page.isComplete()
    wizard.next()
    qtbot.waitUntil(wizard.sheet_page.isComplete)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.mapping_page.grid is not None)


def _to_preview(qtbot, wizard: ImportWizard) -> None:
    assert wizard.mapping_page.isComplete(), wizard.mapping_page.problem()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.batch is not None)


def _mapped(wizard: ImportWizard, name: str) -> str:
    return wizard.mapping_page.current_mapping().columns.get(name, "")


def _pick(wizard: ImportWizard, name: str, header: str) -> None:
    page = wizard.mapping_page
    combo = page.table.cellWidget(page._fields().index(name), 1)
    combo.setCurrentIndex(combo.findData(header))


def test_dichotomous_fixture_imports_as_one_undo_step(qtbot, make_wizard, controller,
                                                      shared_dir):
    project = controller.project
    before = _data(project)
    wizard = make_wizard()
    _to_mapping(qtbot, wizard, shared_dir / "fixtures" / "ketamine_dichotomous.xlsx")
    assert wizard.sheet == "Dichotomous"  # "Characteristics" comes first but is not data
    page = wizard.mapping_page
    assert (page.header_row.value(), page.header_rows.value()) == (4, 2)
    assert _mapped(wizard, "study") == "Study ID"
    assert _mapped(wizard, "events_2") == "Placebo Events"
    assert page.table.item(0, 2).text() == "90%"  # the recognition confidence is shown
    _to_preview(qtbot, wizard)
    model = wizard.preview_page.model
    assert model.rowCount() == 28 and not model.problem_cells()
    assert "28 rows, 0 problems" in wizard.preview_page.summary.text()
    assert {model.data(model.index(r, 1)) for r in range(28)} >= {"Dvořák 2006"}
    with qtbot.waitSignal(controller.changed, timeout=5000):
        wizard.next()
    qtbot.waitUntil(wizard.import_page.isComplete)
    summary = wizard.import_page.summary
    assert (summary.rows_imported, summary.studies_added, summary.outcomes_added) == (28, 9, 4)
    assert "Studies added: 9" in wizard.import_page.result.text()
    assert len(project.history.done) == 1
    with qtbot.waitSignal(controller.changed, timeout=5000):
        controller.undo()
    assert _data(project) == before


def test_broken_workbook_shows_problems_and_imports_only_when_asked(qtbot, make_wizard,
                                                                   controller, shared_dir):
    project = controller.project
    before = _data(project)
    wizard = make_wizard()
    _to_mapping(qtbot, wizard, shared_dir / "fixtures" / "broken_extraction.xlsx")
    _to_preview(qtbot, wizard)
    page = wizard.preview_page
    cells = page.model.problem_cells()
    assert len(cells) == 6 and (4, "events_1", "events greater than total") in cells
    row = next(r for r, m in enumerate(page.model.rows) if m.row == 4)
    column = page.model.fields.index("events_1") + 1
    index = page.model.index(row, column)
    assert page.model.data(index, 8) is not None  # BackgroundRole: the cell is red
    assert page.model.data(index, 3) == "events greater than total"  # ToolTipRole
    assert "6 problems" in page.summary.text() and not page.isComplete()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()  # "Import"
    assert _data(project) == before
    page.skip_invalid.setChecked(True)
    assert page.isComplete()
    wizard.next()
    qtbot.waitUntil(wizard.import_page.isComplete)
    assert wizard.import_page.summary.rows_imported == 5
    assert "6 invalid cells were skipped" in wizard.import_page.result.text()


def test_refused_import_changes_nothing_and_says_why(qtbot, make_wizard, controller,
                                                    shared_dir):
    from workbench.gui.import_wizard_pages import import_batch

    before = _data(controller.project)
    wizard = make_wizard()
    _to_mapping(qtbot, wizard, shared_dir / "fixtures" / "broken_extraction.xlsx")
    _to_preview(qtbot, wizard)
    assert import_batch(wizard.import_page) is None
    assert "Nothing was imported: 6 cells have problems" in wizard.import_page.result.text()
    assert _data(controller.project) == before and not controller.project.history.done


def test_cancel_during_progress_leaves_project_unchanged(qtbot, make_wizard, controller,
                                                         shared_dir):
    before = _data(controller.project)
    wizard = make_wizard()
    _to_mapping(qtbot, wizard, shared_dir / "fixtures" / "ketamine_dichotomous.xlsx")
    _to_preview(qtbot, wizard)
    page = wizard.import_page
    page.progressed.connect(lambda _d, _t: page.cancel_button.click())
    wizard.next()
    qtbot.waitUntil(page.isComplete)
    assert page.summary is None and "cancelled" in page.result.text()
    assert _data(controller.project) == before and not controller.project.history.done


def test_saved_map_json_is_what_the_cli_accepts(qtbot, make_wizard, shared_dir, tmp_path,
                                                capsys):
    source = shared_dir / "fixtures" / "ketamine_dichotomous.xlsx"
    wizard = make_wizard("ketamine.MAP.json")
    _to_mapping(qtbot, wizard, source)
    _pick(wizard, "subgroup", "Pain type")
    wizard.mapping_page.save_button.click()
    saved = json.loads((tmp_path / "ketamine.MAP.json").read_text(encoding="utf-8"))
    expected = json.loads((shared_dir / "fixtures" / "ketamine_dichotomous.MAP.json")
                          .read_text(encoding="utf-8"))
    assert saved == expected
    code = cli_main(["import", str(tmp_path / "cli.wbproj"), str(source), "--mapping",
                     str(tmp_path / "ketamine.MAP.json"), "--json"])
    doc = json.loads(capsys.readouterr().out)
    assert code == 0 and doc["rows_imported"] == 28 and not doc["problems"]


def test_remembered_mapping_is_prefilled(qtbot, make_wizard, shared_dir):
    source = shared_dir / "fixtures" / "ketamine_dichotomous.xlsx"
    first = make_wizard()
    _to_mapping(qtbot, first, source)
    _pick(first, "subgroup", "Pain type")  # a choice recognition would not make
    _to_preview(qtbot, first)
    first.next()
    qtbot.waitUntil(first.import_page.isComplete)
    second = make_wizard()
    _to_mapping(qtbot, second, source)
    assert second.mapping_page.origin == "remembered"
    assert _mapped(second, "subgroup") == "Pain type"
    assert "last time" in second.mapping_page.status.text()


def test_file_menu_opens_the_wizard(qtbot, main_window):
    file_menu = main_window.menuBar().actions()[0].menu()
    texts = [a.text() for a in file_menu.actions()]
    assert texts[texts.index("Open &Recent") + 1] == "&Import spreadsheet…"
    action = file_menu.actions()[texts.index("&Import spreadsheet…")]
    assert action.shortcut().toString() == "Ctrl+I"
    action.trigger()
    wizard = main_window.import_wizard
    qtbot.waitUntil(wizard.isVisible)
    wizard.reject()
    assert not wizard.isVisible()


def test_a_revman_file_is_pointed_to_its_own_import(make_wizard):
    wizard = make_wizard()
    review = Path(__file__).resolve().parents[2].parent / "shared" / "validation" / "revman" \
        / "Fleiss1993.rm5"
    wizard.set_source(review)
    assert "File ▸ Import RevMan review" in wizard.file_page.problem()
    assert not wizard.file_page.isComplete()
