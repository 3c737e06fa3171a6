"""The certainty part of a merge: each reviewer's GRADE judgements, by the rules of values."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from workbench.core.consensus import differ
from workbench.core.grade.model import DOMAINS, LEVEL_RANGES
from workbench.storage import certainty_store
from workbench.storage.conflicts import MISSING
from workbench.storage.database import ProjectFileError

if TYPE_CHECKING:
    from workbench.storage.merge import Merger


def merge_certainty(merger: Merger, rows: dict[str, list[tuple]]) -> None:
    """A judgement is added to the reviewer's when absent there, else kept under
    "NAME (merged)" when it differs; its evidence snapshot is translated to this project's
    study ids, so a judgement made on the same data is not stale here."""
    labels = dict(rows.get("study_ids", []))
    for reviewer, comparison, outcome, domain, level, reason, snap, at in \
            rows.get("certainty", []):
        _check(merger, domain, level)
        oid = merger.outcome(comparison, outcome)
        judged = {rid: row[0] for rid, row in _levels(merger, oid, domain).items()}
        slot = merger.place(reviewer, level,
                            lambda rid, j=judged: j.get(rid, MISSING) if rid else MISSING)
        if slot is None:
            merger.count(False, False)
            continue
        agreed = certainty_store.get_consensus(merger.store, oid, domain) is not None
        rid = merger.reviewer(slot[0])
        certainty_store.set_judgement(merger.store, oid, rid, domain,
                                      (level, reason, _translate(merger, snap, labels), at))
        merger.added("certainty_judgements", (oid, rid, domain))
        merger.count(True, not agreed and differ([*judged.values(), level]))


def _check(merger: Merger, domain: object, level: object) -> None:
    lo, hi = LEVEL_RANGES.get(domain, (0, -1)) if domain in DOMAINS else (0, -1)
    if not isinstance(level, int) or not lo <= level <= hi:
        raise ProjectFileError(f"{merger.snapshot.name}: unexpected data in the file "
                               f"(certainty judgement {domain!r} = {level!r})")


def _levels(merger: Merger, outcome_id: int, domain: str) -> dict[int, tuple]:
    rows = merger.store.execute("SELECT reviewer_id, level FROM certainty_judgements WHERE "
                                "outcome_id = ? AND domain = ?", [outcome_id, domain])
    return {rid: (level,) for rid, level in rows}


def _translate(merger: Merger, snap: str, labels: dict[int, str]) -> str:
    """The other file's study ids in a snapshot, as this project's ids ("" if unreadable)."""
    try:
        doc = json.loads(snap) if snap else None
        if doc is None:
            return ""
        doc["studies"] = sorted(merger.study(labels[i]) for i in doc["studies"])
    except (ValueError, KeyError, TypeError):
        return ""  # no usable snapshot: the judgement is simply not marked stale
    return json.dumps(doc, sort_keys=True, allow_nan=True)
