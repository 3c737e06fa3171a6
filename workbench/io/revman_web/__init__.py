"""RevMan Web's data package (analysis-data and study-data CSVs), read and written."""

from __future__ import annotations

from pathlib import Path


def is_package(path: Path) -> bool:
    return False


def read_package(path: Path):
    raise NotImplementedError
