"""The facilitator's framework keys: judgements, votes, dissent and notes, each a Command."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog

from workbench.gui.workshop.framework_page import OVERVIEW, RECOMMENDATION, page_ids
from workbench.session.commands.etd import (
    AddDissent,
    SetEtdJudgement,
    SetEtdText,
    SetRecommendation,
    SetVoteTally,
)
from workbench.session.commands.panel import AddPanelMember, UpdatePanelMember
from workbench.session.etd import panel_members
from workbench.session.whatif import WhatIf


def _page(window) -> str:
    return page_ids(window.document)[window.framework_index]


def _options(window, page: str) -> list[str]:
    if page == RECOMMENDATION:
        return window.document["recommendation"]["types"]
    return next(c["options"] for c in window.document["criteria"] if c["id"] == page)


def framework_key(window, key, text: str) -> bool:
    """Handle a key on the framework pages; False when it means nothing there."""
    page = _page(window)
    if key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
        window.framework_index += 1 if key == Qt.Key.Key_Right else -1
        window.refresh()
        return True
    if page == OVERVIEW:
        return False
    if text.isdigit() and text != "0":
        return choose(window, page, int(text) - 1)
    actions = {"v": ask_votes, "d": ask_dissent, "n": ask_notes, "p": ask_member}
    if text.lower() in actions:
        actions[text.lower()](window, page)
        return True
    if text.lower() == "r" and page == RECOMMENDATION:
        current = window.document["recommendation"]["research_only"]
        window.controller.execute(SetRecommendation(window.comparison_id, "research_only",
                                                    not current), window)
        return True
    return False


def choose(window, page: str, index: int) -> bool:
    """Option `index` of the page's scale becomes the judgement (or recommendation type)."""
    options = _options(window, page)
    if index >= len(options):
        return False
    if page == RECOMMENDATION:
        command = SetRecommendation(window.comparison_id, "type", options[index])
    else:
        command = SetEtdJudgement(window.comparison_id, page, judgement=options[index])
    return window.controller.execute(command, window)


def parse_tally(text: str, options: list[str]) -> dict[str, int]:
    """"5 3 0 1": counts in the options' order (fewer counts leave the rest at 0)."""
    counts = text.replace(",", " ").split()
    if len(counts) > len(options) or not all(c.isdigit() for c in counts):
        raise ValueError(f"type up to {len(options)} whole numbers, one per option in order")
    return {option: int(c) for option, c in zip(options, counts, strict=False) if int(c)}


def ask_votes(window, page: str) -> None:
    options = _options(window, page)
    numbered = "\n".join(f"{i}. {o}" for i, o in enumerate(options, start=1))
    text, ok = QInputDialog.getText(window, "Votes", f"Votes per option, in order:\n{numbered}")
    if not ok:
        return
    try:
        tally = parse_tally(text, options)
    except ValueError as err:
        window.controller.failed.emit(f"Votes on {page}: {err}")
        return
    window.controller.execute(SetVoteTally(window.comparison_id, page, tally), window)


def ask_dissent(window, page: str) -> None:
    text, ok = QInputDialog.getText(window, "Dissent", "Name: reason")
    if ok and text.strip():
        name, _, note = text.partition(":")
        window.controller.execute(AddDissent(window.comparison_id, page, name, note), window)


def ask_notes(window, page: str) -> None:
    if page == RECOMMENDATION:
        parts = ["justification", "subgroups", "implementation", "monitoring",
                 "research_priorities"]
        part, ok = QInputDialog.getItem(window, "Recommendation", "Part", parts, 0, False)
        if not ok:
            return
        current = window.document["recommendation"][part]
        text, ok = QInputDialog.getMultiLineText(window, "Recommendation", part, current)
        if ok:
            window.controller.execute(SetRecommendation(window.comparison_id, part, text),
                                      window)
        return
    fields = ["research_evidence", "additional_considerations"]
    field, ok = QInputDialog.getItem(window, "Criterion", "Text", fields, 0, False)
    if not ok:
        return
    current = next(c[field] for c in window.document["criteria"] if c["id"] == page)
    text, ok = QInputDialog.getMultiLineText(window, "Criterion", field, current)
    if ok:
        window.controller.execute(SetEtdText(window.comparison_id, page, text_field=field,
                                             text=text), window)


def parse_member(text: str) -> tuple[str, str, str]:
    """"Name; role; conflict of interest" (role and conflict optional)."""
    name, role, coi = ([part.strip() for part in text.split(";")] + ["", ""])[:3]
    return name, role, coi


def ask_member(window, _page: str) -> None:
    """A new panel member, or a known one's presence switched (typed by the facilitator)."""
    text, ok = QInputDialog.getText(window, "Panel member",
                                    "Name; role; conflict of interest (blank: none)\n"
                                    "A name already on the panel switches present/absent.")
    if not ok or not text.strip():
        return
    name, role, coi = parse_member(text)
    known = {m["name"]: m for m in panel_members(window.controller.project.store)}
    if name in known:
        command = UpdatePanelMember(known[name]["id"], "present", not known[name]["present"])
    else:
        command = AddPanelMember(name, role, coi_declared=bool(coi), coi_text=coi)
    window.controller.execute(command, window)


def ask_baseline(window, w: WhatIf) -> WhatIf:
    """A different baseline risk, typed per 1,000 (dichotomous outcomes only)."""
    if str(window.stored_slide().data.outcome.data_type) != "dichotomous":
        return w
    value, ok = QInputDialog.getDouble(window, "Baseline risk", "Comparator risk per 1,000",
                                       100.0, 1.0, 999.0, 0)
    return replace(w, baseline_risk=value / 1000) if ok else w
