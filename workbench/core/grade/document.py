"""Everything an SoF or evidence-profile document shows for one comparison, in plain values."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class CertaintyDocument:
    """One comparison: its `sof --json` table, the `grade --json` outcomes of that comparison,
    the outcomes' units, and the methods paragraph and results sentences to paste."""

    sof: dict[str, Any]
    grade: dict[str, Any]
    review_title: str = ""
    units: dict[str, str] = field(default_factory=dict)
    methods: str = ""
    results: list[str] = field(default_factory=list)

    @property
    def designs(self) -> dict[str, str]:
        return {o["outcome"]: o.get("design") for o in self.grade.get("outcomes") or []}

    def grade_outcome(self, name: str) -> dict[str, Any] | None:
        return next((o for o in self.grade.get("outcomes") or [] if o["outcome"] == name), None)
