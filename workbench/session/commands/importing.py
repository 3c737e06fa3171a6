"""ImportRows: parsed spreadsheet rows into the project as one transaction and one undo step."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from workbench.core.model import MEASURES_BY_TYPE, AnalysisSettings, DataType, Outcome
from workbench.io.spreadsheet import ParsedRow
from workbench.io.spreadsheet.cells import normalise_label
from workbench.session.changes import Changes
from workbench.session.command import Command, Context
from workbench.session.commands.structure import CommandError
from workbench.storage import imports, lookat
from workbench.storage.store import Store

PROGRESS_EVERY = 250
BULK_CHUNK = 20_000  # values written per executemany
TEXT_VALUE_FIELDS = ("subgroup", "notes")


class ImportCancelled(Exception):
    """The user cancelled an import; the transaction rolls back and nothing lands."""


def default_settings(data_type: str) -> AnalysisSettings:
    """First measure of the data type (RR, MD, GEN) with REML, the project-wide default."""
    return AnalysisSettings(measure=MEASURES_BY_TYPE[DataType(data_type)][0], method="REML")


def _value(before: tuple | None) -> Any:
    return None if before is None else (before[1] if before[1] is not None else before[0])


@dataclass
class ImportSummary:
    rows_imported: int = 0
    studies_added: int = 0
    studies_updated: int = 0
    outcomes_added: int = 0


@dataclass
class _Undo:
    """What one apply added or changed, so revert removes exactly that."""

    reviewer_id: int | None = None
    comparisons: list[int] = field(default_factory=list)
    outcomes: list[int] = field(default_factory=list)
    studies: list[int] = field(default_factory=list)
    results: list[int] = field(default_factory=list)
    values: list[tuple[int, str, tuple | None]] = field(default_factory=list)
    study_values: list[tuple[int, str, tuple | None]] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)  # import_skipped_rows ids


@dataclass
class ImportRows(Command):
    """Create what is missing (matched by normalised label), then write one reviewer's values.

    Values of other reviewers are never touched: every value row is keyed by reviewer.
    """

    rows: list[ParsedRow]
    reviewer: str | None = None  # None: whoever runs the command
    group_labels: tuple[str, str] | None = None
    signature: str = ""
    mapping_json: str = ""
    source_name: str = ""
    skipped: list[dict[str, Any]] = field(default_factory=list)  # rows left out as invalid
    progress: Callable[[int, int], None] | None = field(default=None, repr=False)
    cancelled: Callable[[], bool] | None = field(default=None, repr=False)
    label: str = "Import rows"
    summary: ImportSummary = field(default_factory=ImportSummary)
    _reviewer_name: str | None = field(default=None, repr=False)
    _undo: _Undo = field(default_factory=_Undo, repr=False)

    def apply(self, ctx: Context) -> Changes:
        # The reviewer is fixed at the first apply so a redo writes for the same person.
        self._reviewer_name = self._reviewer_name or self.reviewer or ctx.reviewer
        self._undo, self.summary = _Undo(), ImportSummary()
        writer = _Writer(ctx.store, self, self._reviewer_id(ctx))
        writer.write_all()
        self._undo.skipped = lookat.add_skipped_rows(ctx.store, self._reviewer_id(ctx),
                                                     self.skipped)
        if self.signature and self.mapping_json:
            ctx.store.save_mapping(self.signature, self.mapping_json)
        return writer.changes()

    def _reviewer_id(self, ctx: Context) -> int:
        found = ctx.store.reviewer_id(self._reviewer_name)
        if found is not None:
            return found
        self._undo.reviewer_id = ctx.store.add_reviewer(self._reviewer_name)
        return self._undo.reviewer_id

    def revert(self, ctx: Context) -> Changes:
        store, undo = ctx.store, self._undo
        lookat.delete_skipped_rows(store, undo.skipped)
        reviewer_id = store.reviewer_id(self._reviewer_name)
        for result_id, name, before in reversed(undo.values):
            _restore_value(store, result_id, reviewer_id, name, before)
        for study_id, name, before in reversed(undo.study_values):
            _restore_study_value(store, study_id, reviewer_id, name, before)
        imports.delete_results(store, undo.results)
        imports.delete_studies(store, undo.studies)
        for outcome_id in undo.outcomes:
            store.delete_outcome(outcome_id)
        for comparison_id in undo.comparisons:
            store.delete_comparison(comparison_id)
        if undo.reviewer_id is not None:
            store.delete_reviewer(undo.reviewer_id)
        return Changes(structure=True, reviewers=undo.reviewer_id is not None)

    def describe(self) -> str:
        where = f" from {self.source_name}" if self.source_name else ""
        return f"Import {len(self.rows)} rows{where} as {self._reviewer_name or 'reviewer'}"

    def audit(self) -> tuple[Any, Any]:
        return None, dict(vars(self.summary))


def _restore_value(store: Store, result_id: int, reviewer_id: int, name: str,
                   before: tuple | None) -> None:
    if before is None:
        store.delete_value(result_id, reviewer_id, name)
    else:
        store.set_value(result_id, reviewer_id, name, _value(before), before[2])


def _restore_study_value(store: Store, study_id: int, reviewer_id: int, name: str,
                         before: tuple | None) -> None:
    if before is None:
        store.delete_study_value(study_id, reviewer_id, name)
    else:
        store.set_study_value(study_id, reviewer_id, name, _value(before), before[2])


class _Writer:
    """One pass over the rows: look up or create, compare with the reviewer's values, write."""

    def __init__(self, store: Store, command: ImportRows, reviewer_id: int):
        self.store, self.command, self.reviewer_id = store, command, reviewer_id
        self.undo, self.summary = command._undo, command.summary
        self.comparisons = {c.label: c.id for c in store.comparisons()}
        self.outcomes = {(o.comparison_id, o.label): o for o in store.outcomes()}
        self.studies = {s.label: s.id for s in store.studies()}
        self.results = imports.result_keys(store)
        self.positions = imports.last_positions(store)
        self.years = imports.reviewer_study_values(store, reviewer_id, "year")
        self.before = imports.reviewer_values(store, reviewer_id, self.results.values())
        self.bulk: list[tuple] = []
        self.updated: set[int] = set()
        self.year_saved: set[int] = set()
        self.touched_outcomes: set[int] = set()
        self.touched_studies: set[int] = set()

    def write_all(self) -> None:
        rows = self.command.rows
        for number, row in enumerate(rows):
            if number % PROGRESS_EVERY == 0:
                self._tick(number, len(rows))
            self._row(row)
        self.store.set_values_bulk(self.bulk)
        self.bulk = []
        self._tick(len(rows), len(rows))
        self.summary.rows_imported = len(rows)
        self.summary.studies_added = len(self.undo.studies)
        self.summary.outcomes_added = len(self.undo.outcomes)
        self.summary.studies_updated = len(self.updated - set(self.undo.studies))

    def _tick(self, done: int, total: int) -> None:
        if self.command.cancelled is not None and self.command.cancelled():
            raise ImportCancelled("import cancelled; nothing was imported")
        if self.command.progress is not None:
            self.command.progress(done, total)

    def changes(self) -> Changes:
        return Changes(studies=frozenset(self.touched_studies),
                       outcomes=frozenset(self.touched_outcomes), structure=True,
                       reviewers=self.undo.reviewer_id is not None)

    def _row(self, row: ParsedRow) -> None:
        outcome_id = self._outcome(self._comparison(row.comparison), row)
        study_id = self._study(row.study)
        self.touched_outcomes.add(outcome_id)
        self.touched_studies.add(study_id)
        if row.year is not None:
            self._year(study_id, row)
        key = (study_id, outcome_id, row.timepoint or "")
        result_id = self.results.get(key)
        new = result_id is None
        if new:
            position = self.positions.get(outcome_id, 0) + 1
            self.positions[outcome_id] = position
            result_id = imports.add_result_at(self.store, *key, position)
            self.results[key] = result_id
            self.undo.results.append(result_id)
        for name, value in _row_values(row).items():
            self._value(result_id, study_id, name, value, row.sources.get(name, ""), new)

    def _comparison(self, label: str) -> int:
        label = normalise_label(label)
        if label not in self.comparisons:
            groups = self.command.group_labels or ("Experimental", "Control")
            self.comparisons[label] = self.store.add_comparison(label, *groups)
            self.undo.comparisons.append(self.comparisons[label])
        return self.comparisons[label]

    def _outcome(self, comparison_id: int, row: ParsedRow) -> int:
        key = (comparison_id, normalise_label(row.outcome))
        found = self.outcomes.get(key)
        if found is None:
            outcome_id = self.store.add_outcome(comparison_id, key[1], DataType(row.data_type),
                                                default_settings(row.data_type))
            found = self.outcomes[key] = Outcome(outcome_id, comparison_id, key[1],
                                                 DataType(row.data_type))
            self.undo.outcomes.append(outcome_id)
        elif str(found.data_type) != row.data_type:
            raise CommandError(f"row {row.row}: outcome {key[1]!r} holds {found.data_type} "
                               f"data, not {row.data_type}")
        return found.id

    def _study(self, label: str) -> int:
        if label not in self.studies:
            self.studies[label] = self.store.add_study(label)
            self.undo.studies.append(self.studies[label])
        return self.studies[label]

    def _year(self, study_id: int, row: ParsedRow) -> None:
        before = self.years.get(study_id)
        if _value(before) == float(row.year):
            return
        if study_id not in self.year_saved:
            self.year_saved.add(study_id)
            self.undo.study_values.append((study_id, "year", before))
        source = row.sources.get("year", "")
        self.store.set_study_value(study_id, self.reviewer_id, "year", row.year, source)
        self.years[study_id] = (float(row.year), None, source)
        self.updated.add(study_id)

    def _value(self, result_id: int, study_id: int, name: str, value: Any, source: str,
               new: bool) -> None:
        if not new:
            before = self.before.get((result_id, name))
            if before is not None and _value(before) == value:
                return  # the same value again: not a change, nothing to undo
            self.undo.values.append((result_id, name, before))
            if _value(before) != value:
                self.updated.add(study_id)
        num, text = (None, value) if isinstance(value, str) else (value, None)
        self.bulk.append((result_id, self.reviewer_id, name, num, text, source))
        if len(self.bulk) >= BULK_CHUNK:  # bounded memory for 200,000-row imports
            self.store.set_values_bulk(self.bulk)
            self.bulk = []


def _row_values(row: ParsedRow) -> dict[str, Any]:
    values: dict[str, Any] = dict(row.values)
    for name in TEXT_VALUE_FIELDS:
        text = getattr(row, name)
        if text is not None:
            values[name] = text
    return values
