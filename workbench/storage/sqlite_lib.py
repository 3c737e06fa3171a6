"""sqlite-utils, imported without pandas: it would load pandas (about 0.5 s) at import time
only to accept DataFrames, which this project never passes to it."""

from __future__ import annotations

import sys


def _import_without_pandas() -> None:
    if "pandas" in sys.modules or "sqlite_utils" in sys.modules:
        return
    sys.modules["pandas"] = None  # type: ignore[assignment]  # `import pandas` now fails fast
    try:
        import sqlite_utils  # noqa: F401
        import sqlite_utils.migrations  # noqa: F401
    finally:
        del sys.modules["pandas"]  # the rest of the app may import pandas normally


_import_without_pandas()

from sqlite_utils import Database  # noqa: E402
from sqlite_utils.migrations import Migrations  # noqa: E402

__all__ = ["Database", "Migrations"]
