"""Import a RevMan review (.rm5 or RevMan Web package), then recompute every outcome in
RevMan 5 mode and compare with the results RevMan cached in the file."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbench.core.meta_input import MetaInputError
from workbench.io.rm5.cached import Comparison, Difference, pooled_names
from workbench.io.rm5.model import RmReview
from workbench.io.rm5.reader import read_rm5
from workbench.session.commands.revman import ImportReview
from workbench.session.revman_compute import compute
from workbench.session.revman_plan import PlannedOutcome, check_plan, plan_review
from workbench.storage.store import Store

ROW_RESULTS = ("EFFECT_SIZE", "SE", "CI_START", "CI_END", "WEIGHT")


def is_revman_source(path: Path) -> bool:
    """An .rm5 file, or a RevMan Web data package (zip or folder)."""
    from workbench.io.revman_web import is_package

    return path.suffix.lower() == ".rm5" or is_package(path)


def read_review(path: Path) -> RmReview:
    if path.suffix.lower() == ".rm5":
        return read_rm5(path)
    from workbench.io.revman_web import read_package

    return read_package(path)


@dataclass
class RevmanImportReport:
    source: str
    title: str
    counts: dict[str, int]
    check: Comparison
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"source": self.source, "title": self.title, **self.counts,
                "cached_results": {"checks": self.check.checks,
                                   "outcomes_checked": self.check.outcomes_checked,
                                   "outcomes_without_cached_results":
                                       self.check.outcomes_without_cache,
                                   "differences": [vars(d) for d in self.check.differences]},
                "notes": self.notes, "problems": []}

    def summary_lines(self) -> list[str]:
        c, check = self.counts, self.check
        lines = [f"Imported {self.title or 'the review'!r} from {self.source}: "
                 f"{c['comparisons_added']} comparisons, {c['outcomes_added']} outcomes, "
                 f"{c['studies_added']} studies added ({c['studies_updated']} existing), "
                 f"{c['rob_judgements']} risk-of-bias judgements."]
        verdict = ("no differences" if not check.differences else
                   f"{len(check.differences)} DIFFERENCES")
        lines.append(f"Recomputed {check.outcomes_checked} outcomes in RevMan 5 mode and "
                     f"compared {check.checks} cached values: {verdict}.")
        lines += [f"  differs: {d}" for d in check.differences]
        lines += [f"  no cached results in the file: {name}"
                  for name in check.outcomes_without_cache]
        lines += [f"  note: {note}" for note in self.notes]
        return lines


def import_command(path: Path, reviewer: str | None = None) -> ImportReview:
    """Read and plan (no project needed: the GUI runs this off its thread); RevManError names
    the file and the place."""
    plan = plan_review(read_review(path), str(path))
    check_plan(plan, str(path))
    return ImportReview(plan=plan, reviewer=reviewer, source_name=path.name)


def report_for(store: Store, command: ImportReview, path: Path) -> RevmanImportReport:
    """After the command ran: recompute and compare every outcome with the cached results."""
    check = check_cached(store, command.outcome_ids)
    return RevmanImportReport(str(path), command.plan.title, command.counts, check,
                              command.plan.notes)


def import_review(project, path: Path, reviewer: str | None = None) -> RevmanImportReport:
    """Read, plan and import as one command; RevManError or CommandError change nothing."""
    command = import_command(path, reviewer)
    project.execute(command)
    return report_for(project.store, command, path)


def check_cached(store: Store, outcomes: list[tuple[int, PlannedOutcome]]) -> Comparison:
    """Every cached result of every imported outcome against our RevMan 5 mode."""
    check = Comparison()
    for outcome_id, planned in outcomes:
        place = f"{planned.comparison} > {planned.label}"
        if not _has_cache(planned):
            check.outcomes_without_cache.append(place)
            continue
        try:
            computed = compute(store, outcome_id)
        except MetaInputError as err:
            check.differences.append(Difference(place, "(analysis)", "results", str(err)))
            continue
        check.outcomes_checked += 1
        _compare_outcome(check, place, planned, computed)
    return check


def _has_cache(planned: PlannedOutcome) -> bool:
    source = planned.source
    cached = [source.cached] + [s.cached for s in source.subgroups]
    rows = [row.cached for row, _ in source.all_rows()]
    return any((c.get("EFFECT_SIZE") or "").strip() for c in cached) or any(
        (c.get("CI_START") or "").strip() for c in rows)


def _compare_outcome(check: Comparison, place: str, planned: PlannedOutcome, computed) -> None:
    source, random = planned.source, computed.settings.is_random
    if computed.extras.totals == "YES" and source.cached.get("ESTIMABLE") != "NO":
        check.compare(place, source.cached, computed.outcome,
                      pooled_names(source.cached, random, bool(source.subgroups)))
    for sub in source.subgroups:
        if sub.cached.get("ESTIMABLE") != "NO" and sub.rows:
            check.compare(f"{place} > {sub.name}", sub.cached,
                          computed.subgroups.get(sub.name, {}),
                          pooled_names(sub.cached, random, False))
    for (row, subgroup), ours, mine in zip(source.all_rows(), computed.row_attrs,
                                           computed.rows, strict=True):
        where = f"{place}{' > ' + subgroup if subgroup else ''} > {mine.study}"
        # Generic data rows hold the entered estimate and SE, not results.
        results = [] if source.kind == "IV" or row.cached.get("ESTIMABLE") == "NO" else \
            list(ROW_RESULTS)
        check.compare(where, row.cached, ours, ["ESTIMABLE", *results])
