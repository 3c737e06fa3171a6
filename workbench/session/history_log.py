"""The audit log as a reviewer reads it: who, when, which command, before -> after."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from workbench.storage.audit import audit_rows
from workbench.storage.store import Store

MAX_SHOWN = 120  # characters of a before/after value in the table; the JSON keeps it all


@dataclass(frozen=True)
class LogEntry:
    """One audit-log entry with its values decoded and its studies and outcomes named."""

    id: int
    at: str
    reviewer: str
    command: str
    description: str
    before: Any
    after: Any
    study_ids: tuple[int, ...]
    outcome_ids: tuple[int, ...]
    studies: tuple[str, ...]
    outcomes: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"at": self.at, "reviewer": self.reviewer, "command": self.command,
                "description": self.description, "before": self.before, "after": self.after,
                "studies": list(self.studies), "outcomes": list(self.outcomes)}

    def change_text(self) -> str:
        """'20 → 21', or one side alone when the other is empty."""
        before, after = shown(self.before), shown(self.after)
        if before and after:
            return f"{before} → {after}"
        return after or (f"{before} → (removed)" if before else "")


def shown(value: Any) -> str:
    """A value as short text: lists and dicts without JSON's quotes and braces."""
    if value is None or value == "":
        return ""
    if isinstance(value, dict):
        text = ", ".join(f"{k}: {shown(v) or '—'}" for k, v in value.items())
    elif isinstance(value, list):
        text = ", ".join(shown(v) or "—" for v in value)
    else:
        text = str(value)
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "…"


def _ids(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.strip(",").split(",") if part)


def _decode(text: str) -> Any:
    return json.loads(text) if text else None


def read_log(store: Store, *, study_id: int | None = None, outcome_id: int | None = None,
             reviewer: str | None = None, limit: int | None = None) -> list[LogEntry]:
    """Entries newest first, with study and outcome labels (ids of deleted ones as '#id')."""
    studies = {s.id: s.label for s in store.studies()}
    outcomes = {o.id: o.label for o in store.outcomes()}
    entries = []
    for row in audit_rows(store, study_id=study_id, outcome_id=outcome_id, reviewer=reviewer,
                          limit=limit):
        sids, oids = _ids(row["study_ids"]), _ids(row["outcome_ids"])
        entries.append(LogEntry(
            id=row["id"], at=row["at"], reviewer=row["reviewer"], command=row["command"],
            description=row["description"], before=_decode(row["before_json"]),
            after=_decode(row["after_json"]), study_ids=sids, outcome_ids=oids,
            studies=tuple(studies.get(i, f"#{i}") for i in sids),
            outcomes=tuple(outcomes.get(i, f"#{i}") for i in oids)))
    return entries
