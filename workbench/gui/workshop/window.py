"""WorkshopWindow: full screen on a chosen screen, keyboard first, no editing chrome."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence, QScreen
from PySide6.QtWidgets import QGridLayout, QLabel, QStackedWidget, QVBoxLayout, QWidget

from workbench.gui.controller import Controller
from workbench.gui.workshop import panel_actions
from workbench.gui.workshop.framework_page import FrameworkPage, page_ids
from workbench.gui.workshop.keys import KEY_MAP
from workbench.gui.workshop.outcome_page import OutcomePage
from workbench.gui.workshop.theme import TypeSizes, stylesheet
from workbench.session import whatif as wi
from workbench.session.changes import Changes
from workbench.session.commands.panel import KeepWhatIf
from workbench.session.etd import framework_document
from workbench.session.scenario import Scenario
from workbench.session.workshop import OutcomeSlide, high_rob_results, outcome_slide

_WHATIF_KEYS = {Qt.Key.Key_H, Qt.Key.Key_M, Qt.Key.Key_T, Qt.Key.Key_K, Qt.Key.Key_L,
                Qt.Key.Key_R, Qt.Key.Key_0}


def choose_screen(preferred: QScreen | None = None) -> QScreen:
    """The screen asked for, else a second screen when there is one (the projector)."""
    if preferred is not None:
        return preferred
    screens = QGuiApplication.screens()
    primary = QGuiApplication.primaryScreen()
    others = [s for s in screens if s is not primary]
    return others[0] if others else primary


class WorkshopWindow(QWidget):
    """One outcome at a time; W what-ifs, G certainty, E framework, B blank, ? keys."""

    slide_shown = Signal(object)  # the OutcomeSlide on screen (tests)

    def __init__(self, controller: Controller, comparison_id: int | None = None,
                 outcome_id: int | None = None):
        super().__init__(None, Qt.WindowType.Window | Qt.WindowType.FramelessWindowHint)
        self.setWindowTitle("Evidence Workbench — workshop")
        self.controller = controller
        self.sizes: TypeSizes | None = None
        self.outcome_page = OutcomePage()
        self.framework_page = FrameworkPage()
        self.blank_page, self.keys_page = QWidget(), self._key_map()
        self.stack = QStackedWidget()
        for page in (self.outcome_page, self.framework_page, self.blank_page, self.keys_page):
            self.stack.addWidget(page)
        QVBoxLayout(self).addWidget(self.stack)
        self.layout().setContentsMargins(0, 0, 0, 0)
        self.whatifs: dict[int, wi.WhatIf] = {}
        self.changed_cells: dict[str, tuple[str, str]] = {}
        self.framework_index = 0
        self._under_blank = self.outcome_page
        self._stored: dict[int, OutcomeSlide] = {}
        self._choose(comparison_id, outcome_id)
        self.apply_sizes(TypeSizes.for_height(1080))
        controller.changed.connect(self._on_changed)

    # --- what is shown --------------------------------------------------------------------
    def _choose(self, comparison_id: int | None, outcome_id: int | None) -> None:
        store = self.controller.project.store
        if comparison_id is None and outcome_id is not None:
            comparison_id = store.outcome(outcome_id).comparison_id
        if comparison_id is None:
            comparison_id = store.comparisons()[0].id
        self.comparison_id = comparison_id
        self.outcome_ids = [o.id for o in store.outcomes(comparison_id)]
        self.index = self.outcome_ids.index(outcome_id) if outcome_id in self.outcome_ids else 0

    @property
    def outcome_id(self) -> int:
        return self.outcome_ids[self.index]

    def whatif(self) -> wi.WhatIf:
        return self.whatifs.get(self.outcome_id, wi.WhatIf(self.outcome_id))

    def scenario(self) -> Scenario:
        w = self.whatif()
        high = (high_rob_results(self.controller.project, self.outcome_id)
                if w.without_high_rob else frozenset())
        return w.scenario(high)

    def stored_slide(self) -> OutcomeSlide:
        if self.outcome_id not in self._stored:
            self._stored[self.outcome_id] = outcome_slide(self.controller.project,
                                                          self.outcome_id)
        return self._stored[self.outcome_id]

    def refresh(self) -> None:
        if self.controller.project is None or not self.outcome_ids:
            return
        if self.stack.currentWidget() is self.framework_page:
            self._show_framework()
            return
        stored = self.stored_slide()
        w = self.whatif()
        current = stored if w.is_empty else outcome_slide(self.controller.project,
                                                          self.outcome_id, self.scenario())
        studies = {r.result_id: r.study for r in stored.data.rows}
        self.changed_cells = self.outcome_page.set_slide(
            stored, current, f"Outcome {self.index + 1} of {len(self.outcome_ids)}",
            w.describe(stored.data.outcome.settings, studies))
        self.slide_shown.emit(current)

    def _show_framework(self) -> None:
        document = framework_document(self.controller.project.store, self.comparison_id,
                                      Scenario.none())
        pages = page_ids(document)
        self.framework_index %= len(pages)  # ← from the overview reaches the recommendation
        self.framework_page.show_page(document, pages[self.framework_index])
        self.document = document

    def _on_changed(self, changes: Changes, _initiator: object) -> None:
        if self.controller.project is None:
            self.close()
            return
        if changes.everything or changes.structure:
            self._choose(self.comparison_id, None)
        self._stored.clear()  # any change may move an SoF row or a certainty
        self.refresh()

    # --- screen and type ------------------------------------------------------------------
    def present(self, screen: QScreen | None = None) -> QScreen:
        """Full screen on `screen` (default: a second screen when there is one)."""
        screen = choose_screen(screen)
        self.setScreen(screen)
        self.setGeometry(screen.geometry())
        self.showFullScreen()
        self.refresh()
        return screen

    def apply_sizes(self, sizes: TypeSizes) -> None:
        if sizes == self.sizes:
            return
        self.sizes = sizes
        self.setStyleSheet(stylesheet(sizes))
        self.outcome_page.set_sizes(sizes)
        self.framework_page.set_margin(sizes.body // 2)
        self.keys_page.layout().setContentsMargins(sizes.body, sizes.body // 2, sizes.body,
                                                   sizes.body // 2)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.apply_sizes(TypeSizes.for_height(self.height()))
        self.refresh()

    def _key_map(self) -> QWidget:
        """Two columns of keys, so the map fits a 4:3 projector too."""
        page = QWidget()
        grid = QGridLayout(page)
        grid.addWidget(QLabel("Keys", objectName="title"), 0, 0, 1, 4)
        half = (len(KEY_MAP) + 1) // 2
        for index, (key, meaning) in enumerate(KEY_MAP):
            row, col = 1 + index % half, 2 * (index // half)
            grid.addWidget(QLabel(key), row, col)
            grid.addWidget(QLabel(meaning, wordWrap=True), row, col + 1)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        grid.setRowStretch(half + 1, 1)
        return page

    # --- keys -----------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self._handle_key(event):
            super().keyPressEvent(event)

    def _handle_key(self, event: QKeyEvent) -> bool:
        key, text = event.key(), event.text()
        page = self.stack.currentWidget()
        if page is self.blank_page or page is self.keys_page:
            self.stack.setCurrentWidget(self._under_blank)  # any key brings the slide back
            if key != Qt.Key.Key_Escape:
                return True
        if key == Qt.Key.Key_Escape:
            self.close()
            return True
        for standard, step in ((QKeySequence.StandardKey.Undo, self.controller.undo),
                               (QKeySequence.StandardKey.Redo, self.controller.redo)):
            if event.matches(standard):
                step()
                return True
        if text in ("b", "B", "?"):
            self._under_blank = page
            self.stack.setCurrentWidget(self.blank_page if text != "?" else self.keys_page)
            return True
        if text in ("e", "E"):
            self.toggle_framework()
            return True
        if page is self.framework_page:
            return panel_actions.framework_key(self, key, text)
        return self._outcome_key(key, text)

    def _outcome_key(self, key, text: str) -> bool:
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            self.go_to(self.index + (1 if key == Qt.Key.Key_Right else -1))
        elif text.isdigit() and text != "0" and not self.outcome_page.whatif_bar.isVisible():
            self.go_to(int(text) - 1)
        elif text in ("w", "W"):
            self.outcome_page.whatif_bar.setVisible(not self.outcome_page.whatif_bar.isVisible())
        elif text in ("g", "G"):
            self.outcome_page.show_certainty(not self.outcome_page.showing_certainty)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.keep_whatif()
        elif key in _WHATIF_KEYS and self.outcome_page.whatif_bar.isVisible():
            self.apply_whatif_key(key)
        else:
            return False
        return True

    def go_to(self, index: int) -> None:
        if 0 <= index < len(self.outcome_ids):
            self.index = index
            self.refresh()

    def toggle_framework(self) -> None:
        showing = self.stack.currentWidget() is self.framework_page
        self.stack.setCurrentWidget(self.outcome_page if showing else self.framework_page)
        self.refresh()

    # --- what-ifs -------------------------------------------------------------------------
    def apply_whatif_key(self, key) -> None:
        stored = self.stored_slide().data
        settings = stored.outcome.settings
        w = self.whatif()
        if key == Qt.Key.Key_H:
            w = replace(w, without_high_rob=not w.without_high_rob)
        elif key == Qt.Key.Key_M:
            w = wi.toggle_model(w, settings, stored.outcome.data_type)
        elif key == Qt.Key.Key_T:
            w = wi.next_tau2(w, settings)
        elif key == Qt.Key.Key_K:
            w = wi.toggle_hksj(w, settings)
        elif key == Qt.Key.Key_L:
            w = wi.next_left_out(w, [r.result_id for r in stored.rows if r.included])
        elif key == Qt.Key.Key_R:
            w = panel_actions.ask_baseline(self, w)
        elif key == Qt.Key.Key_0:
            w = wi.WhatIf(self.outcome_id)
        self.set_whatif(w)

    def set_whatif(self, w: wi.WhatIf) -> None:
        self.whatifs[self.outcome_id] = w
        self.refresh()

    def keep_whatif(self) -> bool:
        """Store the what-if as the outcome's analysis: one Command, undoable."""
        w = self.whatif()
        if w.settings is None and not self.scenario().excluded:
            return False
        stored = self.stored_slide().data.outcome.settings
        command = KeepWhatIf.from_scenario(self.scenario(), self.outcome_id, stored)
        self.whatifs.pop(self.outcome_id, None)
        return self.controller.execute(command, self)
