"""import_file: read a spreadsheet, check it, and run ImportRows (or only report: dry run)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbench.io.spreadsheet import (
    ImportBatch,
    Mapping,
    Overrides,
    Problem,
    SpreadsheetError,
    load_mapping,
    mapping_from_dict,
    read_batch,
)
from workbench.session.command import Context
from workbench.session.commands.importing import ImportRows, ImportSummary
from workbench.storage.store import Store

MappingArg = Mapping | dict | str | Path | None


@dataclass
class ImportReport:
    """What an import did (or, refused or dry run, would do); `to_json` is cli.md's document."""

    batch: ImportBatch
    summary: ImportSummary = field(default_factory=ImportSummary)
    refused: bool = False
    dry_run: bool = False

    @property
    def exit_code(self) -> int:
        return 2 if self.refused else 0

    @property
    def problems(self) -> list[Problem]:
        return self.batch.problems

    def to_json(self) -> dict[str, Any]:
        batch = self.batch
        return {"rows_read": batch.rows_read, "rows_imported": self.summary.rows_imported,
                "studies_added": self.summary.studies_added,
                "studies_updated": self.summary.studies_updated,
                "outcomes_added": self.summary.outcomes_added,
                "problems": [{"file": batch.file, **p.to_dict()} for p in batch.problems],
                "file": batch.file, "sheet": batch.sheet, "dry_run": self.dry_run,
                "imported": not self.refused and not self.dry_run,
                "skipped_rows": [s.to_dict() for s in batch.skipped],
                "missing": [m.to_dict() for m in batch.missing],
                "mapping": batch.mapping.to_dict() if batch.mapping else None}


def as_mapping(mapping: MappingArg) -> Mapping | None:
    if mapping is None or isinstance(mapping, Mapping):
        return mapping
    if isinstance(mapping, dict):
        return mapping_from_dict(mapping)
    return load_mapping(Path(mapping))


def remembered(store: Store | None) -> Callable[[str], Mapping | None] | None:
    """The project's stored mapping for a layout signature, if any."""
    if store is None:
        return None

    def lookup(signature: str) -> Mapping | None:
        text = store.mapping(signature)
        try:
            return mapping_from_dict(json.loads(text), "remembered mapping") if text else None
        except (ValueError, RecursionError, SpreadsheetError):
            return None  # a damaged remembered mapping is only a lost convenience

    return lookup


def prepare_import(source: str | Path, mapping: MappingArg = None, sheet: str | None = None,
                   store: Store | None = None, overrides: Overrides | None = None
                   ) -> ImportBatch:
    """Read and check the source; raises SpreadsheetError when it cannot be read at all."""
    return read_batch(Path(source), as_mapping(mapping), sheet, remembered(store), overrides)


def type_conflict(store: Store | None, batch: ImportBatch) -> str | None:
    """ImportRows' refusal of an outcome that holds another data type, found on a read-only
    project before anything is opened for writing (same message)."""
    from workbench.io.spreadsheet.cells import normalise_label

    labels = {c.id: c.label for c in store.comparisons()} if store else {}
    known = {(labels.get(o.comparison_id), o.label): str(o.data_type)
             for o in (store.outcomes() if store else [])}
    for row in batch.rows:
        key = (normalise_label(row.comparison), normalise_label(row.outcome))
        held = known.setdefault(key, row.data_type)
        if held != row.data_type:
            return f"row {row.row}: outcome {key[1]!r} holds {held} data, not {row.data_type}"
    return None


def refused_report(batch: ImportBatch) -> ImportReport:
    return ImportReport(batch=batch, refused=True)


def build_command(batch: ImportBatch, reviewer: str | None = None,
                  progress: Callable[[int, int], None] | None = None,
                  cancelled: Callable[[], bool] | None = None) -> ImportRows:
    mapping_json = json.dumps(batch.mapping.to_dict(), ensure_ascii=False) if batch.mapping \
        else ""
    return ImportRows(rows=batch.rows, reviewer=reviewer, group_labels=batch.group_labels,
                      signature=batch.signature, mapping_json=mapping_json,
                      source_name=batch.file, skipped=batch.skipped_invalid(),
                      progress=progress, cancelled=cancelled)


class _Rollback(Exception):
    """Raised inside a dry run's transaction so that nothing it wrote survives."""


def _dry_run(project, command: ImportRows) -> None:
    store = project.store
    try:
        with store.db.atomic():
            name = project.reviewer
            reviewer_id = store.reviewer_id(name) or store.add_reviewer(name)
            command.apply(Context(store=store, reviewer_id=reviewer_id, reviewer=name))
            raise _Rollback
    except _Rollback:
        pass


def run_import(project, batch: ImportBatch, reviewer: str | None = None,
               skip_invalid: bool = False, dry_run: bool = False,
               progress: Callable[[int, int], None] | None = None,
               cancelled: Callable[[], bool] | None = None) -> ImportReport:
    """Import a checked batch: all problems refuse it unless skip_invalid (valid rows only)."""
    if batch.problems and not skip_invalid:
        return refused_report(batch)
    command = build_command(batch, reviewer, progress, cancelled)
    if dry_run:
        _dry_run(project, command)
    else:
        project.execute(command)
    command.progress = command.cancelled = None  # the History keeps the command; not the UI
    return ImportReport(batch=batch, summary=command.summary, dry_run=dry_run)


def import_file(project, source: str | Path, mapping: MappingArg = None,
                sheet: str | None = None, reviewer: str | None = None,
                skip_invalid: bool = False, dry_run: bool = False,
                progress: Callable[[int, int], None] | None = None,
                cancelled: Callable[[], bool] | None = None) -> ImportReport:
    """Read `source` and import it into `project` as one undoable command (cli.md rules)."""
    batch = prepare_import(source, mapping, sheet, project.store)
    return run_import(project, batch, reviewer, skip_invalid, dry_run, progress, cancelled)
