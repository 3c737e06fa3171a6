"""The Evidence-to-Decision framework on the projector: overview, criteria, recommendation."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from workbench.gui.workshop.outcome_page import label

OVERVIEW, RECOMMENDATION = "overview", "recommendation"


def page_ids(document: dict[str, Any]) -> list[str]:
    """The framework's pages in order: overview, each criterion, the recommendation."""
    return [OVERVIEW, *(c["id"] for c in document["criteria"]), RECOMMENDATION]


def _clear(layout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        if item.widget() is not None:
            item.widget().hide()  # at once: deleteLater waits for the event loop
            item.widget().deleteLater()
        elif item.layout() is not None:
            _clear(item.layout())


def _votes(votes: dict[str, int]) -> str:
    return "  ·  ".join(f"{option}: {count}" for option, count in votes.items())


class FrameworkPage(QWidget):
    """Rebuilt from the `etd --json` document whenever it or the page changes."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.column = QVBoxLayout(self)
        self.page = OVERVIEW

    def set_margin(self, margin: int) -> None:
        self.column.setContentsMargins(margin * 2, margin, margin * 2, margin)
        self.column.setSpacing(margin // 2)

    def show_page(self, document: dict[str, Any], page: str) -> None:
        self.page = page
        _clear(self.column)
        if page == OVERVIEW:
            self._overview(document)
        elif page == RECOMMENDATION:
            self._recommendation(document)
        else:
            self._criterion(next(c for c in document["criteria"] if c["id"] == page))
        self.column.addStretch(1)

    def _overview(self, document: dict[str, Any]) -> None:
        self.column.addWidget(label(f"Evidence to Decision: {document['comparison']}",
                                    "title"))
        grid = QGridLayout()
        for row, c in enumerate(document["criteria"]):
            proposed = c["proposed"] and c["proposed"]["judgement"]
            judged = c["judgement"] or (f"proposed: {proposed}" if proposed else "—")
            grid.addWidget(label(c["name"]), row, 0)
            grid.addWidget(label(judged, "" if c["judgement"] else "small"), row, 1)
            grid.addWidget(label(_votes(c["votes"]), "small"), row, 2)
        for col, stretch in enumerate((3, 3, 2)):
            grid.setColumnStretch(col, stretch)
        grid.setHorizontalSpacing(self.fontInfo().pixelSize())
        self.column.addLayout(grid)
        rec = document["recommendation"]
        self.column.addWidget(label(f"Recommendation: {rec['text'] or 'not decided'}"))

    def _options(self, options: list[str], chosen: str | None, votes: dict) -> QFrame:
        frame = QFrame(objectName="panel")
        row = QHBoxLayout(frame)
        for number, option in enumerate(options, start=1):
            count = f"\n{votes[option]} votes" if option in votes else ""
            row.addWidget(label(f"{number}  {option}{count}",
                                "chosen" if option == chosen else ""), 1)
        return frame

    def _criterion(self, c: dict[str, Any]) -> None:
        self.column.addWidget(label(c["name"], "title"))
        self.column.addWidget(label(c["question"]))
        self.column.addWidget(self._options(c["options"], c["judgement"], c["votes"]))
        if c["proposed"]:
            self.column.addWidget(label(f"Proposed from the evidence: "
                                        f"{c['proposed']['judgement'] or 'none'} — "
                                        f"{c['proposed']['rule']}", "small"))
        for line in c["evidence_from_sof"]:
            self.column.addWidget(label(f"•  {line}"))
        for title, key in (("Research evidence", "research_evidence"),
                           ("Additional considerations", "additional_considerations")):
            if c[key]:
                self.column.addWidget(label(f"{title}: {c[key]}"))
        for d in c["dissent"]:
            self.column.addWidget(label(f"Dissent — {d['member']}: {d['note']}"))

    def _recommendation(self, document: dict[str, Any]) -> None:
        rec = document["recommendation"]
        self.column.addWidget(label("Recommendation", "title"))
        self.column.addWidget(self._options(rec["types"], rec["type"], rec["votes"]))
        qualifier = "yes" if rec["research_only"] else "no"
        self.column.addWidget(label(f"{rec['qualifier']}: {qualifier}"))
        for key, title in (("justification", "Justification"),
                           ("subgroups", "Subgroup considerations"),
                           ("implementation", "Implementation"),
                           ("monitoring", "Monitoring"),
                           ("research_priorities", "Research priorities")):
            if rec[key]:
                self.column.addWidget(label(f"{title}: {rec[key]}"))
        for d in rec["dissent"]:
            self.column.addWidget(label(f"Dissent — {d['member']}: {d['note']}"))
        present = [m["name"] + (" (conflict declared)" if m["coi_declared"] else "")
                   for m in document["panel"] if m["present"]]
        self.column.addWidget(label("Present: " + (", ".join(present) or "not recorded"),
                                    "small"))
