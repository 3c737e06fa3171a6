"""Where the bundled resources are: beside the package in a checkout, or where a wheel put them."""

from __future__ import annotations

import sys
from pathlib import Path

_SOURCE = Path(__file__).resolve().parents[1] / "resources"
# A wheel installs resources/ as data files under <prefix>/share (see pyproject.toml).
_INSTALLED = Path(sys.prefix) / "share" / "evidence-workbench" / "resources"


def resources_dir() -> Path:
    """The resources folder: the source tree's when present (checkouts, editable installs)."""
    return _SOURCE if _SOURCE.is_dir() else _INSTALLED
