"""RevMan-only outcome settings and study identifiers (schema 0009_revman)."""

from __future__ import annotations

from dataclasses import astuple, dataclass, fields

from workbench.storage.store import Store


@dataclass(frozen=True)
class RevmanOutcome:
    """What RevMan 5 stores about an outcome beyond core.model.AnalysisSettings."""

    ci_study: float | None = None  # None: the outcome's CI level
    swap_events: bool = False  # analyse non-events (RevMan's "swap event and non-event")
    totals: str = "YES"  # YES, SUB (subtotals only) or NO
    subgroup_test: bool = True
    plot_scale: float | None = None  # the forest plot's axis limit (RevMan SCALE)
    effect_label: str = ""  # generic data's measure in words ("Hazard Ratio")
    data_form: str = ""  # "o_e": entered as O-E and variance
    group_label_1: str | None = None  # None: the comparison's group labels
    group_label_2: str | None = None
    revman_id: str | None = None  # the outcome's ID in the .rm5 file it came from


_COLUMNS = tuple(f.name for f in fields(RevmanOutcome))


def revman_outcome(store: Store, outcome_id: int) -> RevmanOutcome:
    row = store.execute(f"SELECT {', '.join(_COLUMNS)} FROM revman_outcomes "
                        "WHERE outcome_id = ?", [outcome_id]).fetchone()
    if row is None:
        return RevmanOutcome()
    values = dict(zip(_COLUMNS, row, strict=True))
    values["swap_events"] = bool(values["swap_events"])
    values["subgroup_test"] = bool(values["subgroup_test"])
    return RevmanOutcome(**values)


def has_revman_outcome(store: Store, outcome_id: int) -> bool:
    return store.one("SELECT 1 FROM revman_outcomes WHERE outcome_id = ?",
                     [outcome_id]) is not None


def set_revman_outcome(store: Store, outcome_id: int, value: RevmanOutcome | None) -> None:
    """Store the outcome's RevMan settings; None removes them (defaults apply)."""
    store.execute("DELETE FROM revman_outcomes WHERE outcome_id = ?", [outcome_id])
    if value is None:
        return
    row = [int(v) if isinstance(v, bool) else v for v in astuple(value)]
    marks = ", ".join("?" * (len(_COLUMNS) + 1))
    store.execute(f"INSERT INTO revman_outcomes (outcome_id, {', '.join(_COLUMNS)}) "
                  f"VALUES ({marks})", [outcome_id, *row])


def set_sort_by(store: Store, outcome_id: int, sort_by: str) -> None:
    """The forest plot's study order RevMan keeps per outcome (study, year, effect_size ...)."""
    store.execute("UPDATE outcomes SET sort_by = ? WHERE id = ?", [sort_by, outcome_id])


def sort_by(store: Store, outcome_id: int) -> str:
    return store.one("SELECT sort_by FROM outcomes WHERE id = ?", [outcome_id]) or "study"


def revman_study_ids(store: Store) -> dict[int, str]:
    """study id -> the study's RevMan ID (STD-...), for the studies that have one."""
    return dict(store.execute("SELECT study_id, revman_id FROM revman_studies"))


def set_revman_study_id(store: Store, study_id: int, revman_id: str | None) -> None:
    store.execute("DELETE FROM revman_studies WHERE study_id = ?", [study_id])
    if revman_id is not None:
        store.execute("INSERT INTO revman_studies (study_id, revman_id) VALUES (?, ?)",
                      [study_id, revman_id])
