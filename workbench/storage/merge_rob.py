"""The risk-of-bias part of a merge: assessments, answers, judgements and their consensus."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from workbench.core.consensus import differ
from workbench.storage.conflicts import MISSING, answer_item
from workbench.storage.store import now

if TYPE_CHECKING:
    from workbench.storage.merge import Merger

_HEADER = ("tool_version", "effect", "deviations", "overall_override_reason", "updated_at")


def merge_rob(merger: Merger, rows: dict[str, list[tuple]]) -> None:
    """Same rules as values: an item (answer, domain judgement, overall) is added to the
    reviewer's assessment when absent there, else kept under "NAME (merged)" if it differs."""
    answers = _by_assessment(rows["answers"])
    judgements = _by_assessment(rows["judgements"])
    for row in rows["assessments"]:
        other_id, reviewer, tool, version, study, comparison, outcome, *rest = row
        effect, deviations, overall, override_reason, updated_at = rest
        header = dict(zip(_HEADER, (version, effect, deviations, override_reason, updated_at),
                          strict=True))
        place = _Assessment(merger, tool, merger.study(study),
                            None if comparison is None else merger.outcome(comparison, outcome),
                            header)
        place.ensure(merger.reviewer(reviewer))
        for _, question, answer, support, location in answers.get(other_id, []):
            place.item(reviewer, "answer", question, answer, (support, location))
        for _, domain, judgement, override, direction in judgements.get(other_id, []):
            if judgement is not None:
                place.item(reviewer, "judgement", domain, judgement, (override, direction))
        if overall is not None:
            place.item(reviewer, "overall", None, overall, ())
    for row in rows["rob_consensus"]:
        _consensus(merger, row)


def _by_assessment(rows: list[tuple]) -> dict[Any, list[tuple]]:
    grouped: dict[Any, list[tuple]] = {}
    for row in rows:
        grouped.setdefault(row[0], []).append(row)
    return grouped


class _Assessment:
    """One (tool, study, outcome) cell of assessments here, across reviewers."""

    def __init__(self, merger: Merger, tool: str, study_id: int, outcome_id: int | None,
                 header: dict[str, Any]):
        self.merger, self.store = merger, merger.store
        self.tool, self.study_id, self.outcome_id, self.header = tool, study_id, outcome_id, header

    def find(self, reviewer_id: int | None) -> int | None:
        if reviewer_id is None:
            return None
        return self.store.one(
            "SELECT id FROM rob_assessments WHERE reviewer_id = ? AND tool_id = ? AND "
            "study_id = ? AND outcome_id IS ?",
            [reviewer_id, self.tool, self.study_id, self.outcome_id])

    def ensure(self, reviewer_id: int) -> int:
        found = self.find(reviewer_id)
        if found is not None:
            return found
        h = self.header
        cur = self.store.execute(
            "INSERT INTO rob_assessments (reviewer_id, tool_id, tool_version, study_id, "
            "outcome_id, effect, deviations, overall_override_reason, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [reviewer_id, self.tool, h["tool_version"], self.study_id, self.outcome_id,
             h["effect"], h["deviations"], h["overall_override_reason"], h["updated_at"]])
        self.merger.added("rob_assessments", (cur.lastrowid,))
        return int(cur.lastrowid)

    def value(self, assessment_id: int | None, kind: str, key: str | None) -> Any:
        """The item's value in one assessment; MISSING when absent or not yet judged."""
        if assessment_id is None:
            return MISSING
        if kind == "overall":
            found = self.store.one("SELECT overall_judgement FROM rob_assessments "
                                   "WHERE id = ?", [assessment_id])
        elif kind == "answer":
            found = self.store.one("SELECT answer FROM rob_answers WHERE assessment_id = ? "
                                   "AND question = ?", [assessment_id, key])
        else:
            found = self.store.one("SELECT judgement FROM rob_judgements WHERE "
                                   "assessment_id = ? AND domain = ?", [assessment_id, key])
        return MISSING if found is None else found

    def others(self, kind: str, key: str | None) -> list[Any]:
        ids = [r for (r,) in self.store.execute(
            "SELECT id FROM rob_assessments WHERE tool_id = ? AND study_id = ? AND "
            "outcome_id IS ?", [self.tool, self.study_id, self.outcome_id])]
        return [v for v in (self.value(a, kind, key) for a in ids) if v is not MISSING]

    def item(self, reviewer: str, kind: str, key: str | None, incoming: str,
             extra: tuple) -> None:
        slot = self.merger.place(reviewer, incoming,
                                 lambda rid: self.value(self.find(rid), kind, key))
        if slot is None:
            self.merger.count(False, False)
            return
        conflict = not _has_consensus(self, _item_name(kind, key)) and differ(
            [*self.others(kind, key), incoming])
        assessment_id = self.ensure(self.merger.reviewer(slot[0]))
        self._write(assessment_id, kind, key, incoming, extra)
        self.merger.count(True, conflict)

    def _write(self, assessment_id: int, kind: str, key: str | None, incoming: str,
               extra: tuple) -> None:
        if kind == "overall":
            self.store.execute("UPDATE rob_assessments SET overall_judgement = ? WHERE id = ?",
                               [incoming, assessment_id])
            self.merger.added("rob_overall", (assessment_id,))
        elif kind == "answer":
            self.store.execute("INSERT INTO rob_answers (assessment_id, question, answer, "
                               "support, location) VALUES (?, ?, ?, ?, ?)",
                               [assessment_id, key, incoming, *extra])
            self.merger.added("rob_answers", (assessment_id, key))
        else:
            self._write_judgement(assessment_id, key, incoming, extra)

    def _write_judgement(self, assessment_id: int, domain: str, judgement: str,
                         extra: tuple) -> None:
        # A domain row with no judgement yet (an assessment in progress) is filled in.
        old = self.store.execute("SELECT override_reason, direction FROM rob_judgements "
                                 "WHERE assessment_id = ? AND domain = ?",
                                 [assessment_id, domain]).fetchone()
        if old is not None:
            self.store.execute("UPDATE rob_judgements SET judgement = ?, override_reason = ?, "
                               "direction = ? WHERE assessment_id = ? AND domain = ?",
                               [judgement, *extra, assessment_id, domain])
            self.merger.added("rob_judgement_fill", (*old, assessment_id, domain))
            return
        self.store.execute("INSERT INTO rob_judgements (assessment_id, domain, judgement, "
                           "override_reason, direction) VALUES (?, ?, ?, ?, ?)",
                           [assessment_id, domain, judgement, *extra])
        self.merger.added("rob_judgements", (assessment_id, domain))


def _item_name(kind: str, key: str | None) -> str:
    """The rob_consensus item: "D1:1.2", "D1:judgement" or "overall"."""
    if kind == "answer":
        return answer_item(key)
    return "overall" if kind == "overall" else f"{key}:judgement"


def _has_consensus(place: _Assessment, item: str) -> bool:
    return place.store.one(
        "SELECT 1 FROM rob_consensus WHERE tool_id = ? AND study_id = ? AND outcome_id IS ? "
        "AND item = ?", [place.tool, place.study_id, place.outcome_id, item]) is not None


def _consensus(merger: Merger, row: tuple) -> None:
    tool, study, comparison, outcome, item, value, by, at, reason = row
    study_id = merger.study(study)
    outcome_id = None if comparison is None else merger.outcome(comparison, outcome)
    ours = merger.store.one(
        "SELECT value FROM rob_consensus WHERE tool_id = ? AND study_id = ? AND "
        "outcome_id IS ? AND item = ?", [tool, study_id, outcome_id, item])
    if ours is not None:
        merger.log.counts["consensus_differing" if ours != value else "unchanged"] += 1
        return
    cur = merger.store.execute(
        "INSERT INTO rob_consensus (tool_id, study_id, outcome_id, item, value, resolved_by, "
        "resolved_at, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [tool, study_id, outcome_id, item, value, merger.reviewer(by), at or now(), reason])
    merger.added("rob_consensus", (cur.lastrowid,))
    merger.count(True, False)
