"""Where the shared validation material lives: ../shared beside the repository."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
VALIDATION = SHARED / "validation"
REVMAN_CASES = VALIDATION / "revman" / "cases"


def expected() -> dict[str, Any]:
    return json.loads((VALIDATION / "expected.json").read_text(encoding="utf-8"))


def dataset(name: str) -> list[dict[str, str]]:
    """Rows of validation/data/<name>.csv as dicts of strings."""
    with (VALIDATION / "data" / f"{name}.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def analysis(analysis_id: str) -> dict[str, Any]:
    for block in expected()["datasets"].values():
        for item in block["analyses"]:
            if item["id"] == analysis_id:
                return item
    raise KeyError(analysis_id)
