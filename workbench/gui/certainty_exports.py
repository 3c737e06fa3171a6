"""File ▸ Export: the Summary of Findings and the evidence profile, as Word or HTML."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QAction

from workbench.session.certainty_docs import certainty_documents
from workbench.session.exporting import ExportError

KINDS = (("Summary of Findings (Word)…", "sof-docx", "Word documents (*.docx)", ".docx"),
         ("Summary of Findings (HTML)…", "sof-html", "Web pages (*.html)", ".html"),
         ("Evidence profile (Word)…", "profile-docx", "Word documents (*.docx)", ".docx"),
         ("Evidence profile (HTML)…", "profile-html", "Web pages (*.html)", ".html"))


def write_document(store, kind: str, path: Path) -> int:
    """Every comparison's document of `kind` to `path`; returns the rows written."""
    documents = certainty_documents(store)
    if kind == "sof-docx":
        from workbench.io.sof_docx import write_sof_docx as write
    elif kind == "profile-docx":
        from workbench.io.profile_docx import write_profile_docx as write
    elif kind == "sof-html":
        from workbench.io.sof_html import write_sof_html as write
    else:
        from workbench.io.sof_html import write_profile_html as write
    return write(path, documents)


class CertaintyExports:
    """Adds an Export submenu to the File menu; asks where, writes, says what it wrote."""

    def __init__(self, window, file_menu) -> None:
        self.window = window
        self.menu = file_menu.addMenu("&Export")
        self.actions: dict[str, QAction] = {}
        for text, kind, file_filter, suffix in KINDS:
            action = self.menu.addAction(text)
            action.triggered.connect(lambda _=False, k=kind, f=file_filter, s=suffix:
                                     self.export_dialog(k, f, s))
            self.actions[kind] = action

    def export_dialog(self, kind: str, file_filter: str, suffix: str) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getSaveFileName(self.window, "Export", "", file_filter)
        if path:
            self.export(kind, Path(path if path.endswith(suffix) else path + suffix))

    def export(self, kind: str, path: Path) -> bool:
        project = self.window.controller.project
        if project is None:
            return False
        try:
            rows = write_document(project.store, kind, path)
        except (ExportError, OSError) as err:
            self.window._show_failure(f"{path}: cannot export ({err})")
            return False
        self.window.statusBar().showMessage(f"Wrote {rows} outcome rows to {path}", 10000)
        return True
