"""Locate files shipped under resources/ (demo review, tool definitions, icons)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from workbench.paths import resources_dir

RESOURCES = resources_dir()


def resource_path(*parts: str) -> Path:
    """The path of a bundled resource; raises FileNotFoundError naming it when absent."""
    path = RESOURCES.joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"bundled resource missing: {path}")
    return path


def load_json_resource(*parts: str) -> Any:
    with open(resource_path(*parts), encoding="utf-8") as handle:
        return json.load(handle)
