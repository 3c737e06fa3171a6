"""The project panel's context menu and its F2 / Del / Ctrl+N, by the kind of item selected."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu

OUTCOME_ROLE = Qt.ItemDataRole.UserRole + 1  # the outcome an item belongs to
KIND_ROLE = Qt.ItemDataRole.UserRole + 2  # "comparison", "outcome", "subgroup", "study" ...
DATA_ROLE = Qt.ItemDataRole.UserRole + 3  # its id, or (outcome id, subgroup) ...


def _kind_and_data(item):
    if item is None:
        return None, None
    data = item.data(0, DATA_ROLE)
    return item.data(0, KIND_ROLE), tuple(data) if isinstance(data, list) else data


def edit_item(panel, item) -> None:
    """F2: edit or rename what is selected."""
    kind, data = _kind_and_data(item)
    a = panel.actions
    if kind == "comparison":
        a.edit_comparison(data)
    elif kind == "outcome":
        a.edit_outcome(data)
    elif kind == "subgroup":
        a.rename_subgroup(*data)
    elif kind == "study":
        a.edit_study(data)


def delete_item(panel, item) -> None:
    """Del: delete what is selected, after saying how much goes with it."""
    kind, data = _kind_and_data(item)
    a = panel.actions
    if kind == "comparison":
        a.delete_comparison(data)
    elif kind == "outcome":
        a.delete_outcome(data)
    elif kind == "subgroup":
        a.delete_subgroup(*data)
    elif kind == "study":
        a.delete_study(data)
    elif kind == "result" and data[2]:
        a.move_to_subgroup(data[0], data[1], "")  # out of its subgroup, still in the outcome
    elif kind == "result":
        a.remove_result(data[1])


def new_under(panel, item) -> None:
    """Ctrl+N: a new item under the selection (a comparison when nothing fits)."""
    kind, data = _kind_and_data(item)
    a = panel.actions
    if kind == "comparison":
        a.new_outcome(data)
    elif kind == "outcome":
        a.new_study(outcome_id=data)
    elif kind in ("subgroup", "result"):
        a.new_study(outcome_id=data[0], subgroup=data[1] if kind == "subgroup" else data[2])
    elif kind in ("studies", "study"):
        a.new_study()
    else:
        a.new_comparison()


def build_menu(panel, item) -> QMenu:
    menu = QMenu(panel)
    kind, data = _kind_and_data(item)
    builders = {"comparisons": _comparisons_menu, "comparison": _comparison_menu,
                "outcome": _outcome_menu, "subgroup": _subgroup_menu, "result": _result_menu,
                "studies": _studies_menu, "study": _study_menu}
    builder = builders.get(kind, _comparisons_menu)
    builder(panel, menu, data, item)
    return menu


def _add(menu: QMenu, text: str, slot, shortcut: str = "") -> None:
    action = menu.addAction(text)
    if shortcut:
        action.setShortcut(shortcut)  # shown as a hint; the panel's keyPressEvent handles it
    action.triggered.connect(lambda _=False: slot())


def _comparisons_menu(panel, menu, _data, _item) -> None:
    _add(menu, "New comparison…", panel.actions.new_comparison, "Ctrl+N")


def _comparison_menu(panel, menu, cid, _item) -> None:
    a = panel.actions
    _add(menu, "New outcome…", lambda: a.new_outcome(cid), "Ctrl+N")
    _add(menu, "Edit comparison and group names…", lambda: a.edit_comparison(cid), "F2")
    _add(menu, "Move up", lambda: a.move("comparisons", cid, -1), "Ctrl+Up")
    _add(menu, "Move down", lambda: a.move("comparisons", cid, 1), "Ctrl+Down")
    menu.addSeparator()
    _add(menu, "New comparison…", a.new_comparison)
    _add(menu, "Delete comparison…", lambda: a.delete_comparison(cid), "Del")


def _outcome_menu(panel, menu, oid, _item) -> None:
    a = panel.actions
    _add(menu, "New study in this outcome…", lambda: a.new_study(outcome_id=oid), "Ctrl+N")
    _add(menu, "New subgroup…", lambda: a.new_subgroup(oid))
    _add(menu, "Edit outcome (name, data, measure, direction)…", lambda: a.edit_outcome(oid),
         "F2")
    _add(menu, "Copy analysis settings to other outcomes…", lambda: a.copy_settings(oid))
    _add(menu, "Move up", lambda: a.move("outcomes", oid, -1), "Ctrl+Up")
    _add(menu, "Move down", lambda: a.move("outcomes", oid, 1), "Ctrl+Down")
    menu.addSeparator()
    _add(menu, "Delete outcome…", lambda: a.delete_outcome(oid), "Del")


def _subgroup_menu(panel, menu, data, _item) -> None:
    a = panel.actions
    oid, name = data
    _add(menu, "New study in this subgroup…", lambda: a.new_study(oid, name), "Ctrl+N")
    _add(menu, "Put studies in this subgroup…", lambda: a.fill_subgroup(oid, name))
    _add(menu, "Rename subgroup…", lambda: a.rename_subgroup(oid, name), "F2")
    _add(menu, "Move up", lambda: a.move_subgroup(oid, name, -1), "Ctrl+Up")
    _add(menu, "Move down", lambda: a.move_subgroup(oid, name, 1), "Ctrl+Down")
    menu.addSeparator()
    _add(menu, "Delete subgroup…", lambda: a.delete_subgroup(oid, name), "Del")


def _result_menu(panel, menu, data, _item) -> None:
    from workbench.storage import outline

    a = panel.actions
    oid, result_id, current = data
    move = menu.addMenu("Move to subgroup")
    for name in outline.subgroups(a.store, oid):
        if name != current:
            _add(move, name, lambda n=name: a.move_to_subgroup(oid, result_id, n))
    _add(move, "(no subgroup)", lambda: a.move_to_subgroup(oid, result_id, ""))
    _add(menu, "Move up", lambda: a.move("study_outcomes", result_id, -1), "Ctrl+Up")
    _add(menu, "Move down", lambda: a.move("study_outcomes", result_id, 1), "Ctrl+Down")
    _add(menu, "Remove from this outcome…", lambda: a.remove_result(result_id))


def _studies_menu(panel, menu, _data, _item) -> None:
    _add(menu, "New study…", panel.actions.new_study, "Ctrl+N")


def _study_menu(panel, menu, sid, _item) -> None:
    a = panel.actions
    _add(menu, "Edit study (name, year, design, notes)…", lambda: a.edit_study(sid), "F2")
    _add(menu, "Characteristics…", lambda: panel.characteristics_requested.emit(sid))
    _add(menu, "Merge into another study…", lambda: a.merge_into(sid))
    _add(menu, "New study…", a.new_study, "Ctrl+N")
    menu.addSeparator()
    _add(menu, "Delete study…", lambda: a.delete_study(sid), "Del")
