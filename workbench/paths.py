"""Where the bundled resources are: in a checkout, where a wheel put them, or in an app bundle."""

from __future__ import annotations

import sys
from pathlib import Path

_SOURCE = Path(__file__).resolve().parents[1] / "resources"
# A wheel installs resources/ as data files under <prefix>/share (see pyproject.toml).
_INSTALLED = Path(sys.prefix) / "share" / "evidence-workbench" / "resources"


def resources_dir() -> Path:
    """The resources folder: the app bundle's when frozen (PyInstaller unpacks data beside the
    code in sys._MEIPASS), else the source tree's when present, else the wheel's."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen is not None:
        return Path(frozen) / "resources"
    return _SOURCE if _SOURCE.is_dir() else _INSTALLED
