"""The one place that turns any failure of a reader on a bad file into a refusal naming it."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from workbench.io.spreadsheet.model import SpreadsheetError

T = TypeVar("T")
# Never swallowed: the user or the interpreter asked to stop.
_PASS_THROUGH = (KeyboardInterrupt, SystemExit, GeneratorExit)


def refusal(path: Path | str, err: BaseException) -> SpreadsheetError:
    """A clear exit-2 message for whatever a parser raised on `path`."""
    if isinstance(err, MemoryError):
        return SpreadsheetError(f"{path}: refused: reading it needs more memory than a "
                                "spreadsheet of this size should")
    if isinstance(err, RecursionError):
        return SpreadsheetError(f"{path}: refused: nested too deeply to be a spreadsheet")
    # zlib/zip/XML/ODS/BIFF/calamine errors and Rust panics (pyo3's PanicException derives
    # from BaseException, so `except Exception` would miss it) all mean a damaged file.
    detail = str(err).splitlines()[0][:200] if str(err) else ""
    name = type(err).__name__
    return SpreadsheetError(f"{path}: refused: damaged or unreadable file ({name}"
                            f"{': ' + detail if detail else ''})")


def guarded(function: Callable[..., T]) -> Callable[..., T]:
    """Wrap a reader whose first argument is the source path: every failure is a refusal."""

    @functools.wraps(function)
    def wrapper(path, *args, **kwargs):
        try:
            return function(path, *args, **kwargs)
        except (SpreadsheetError, *_PASS_THROUGH):
            raise
        except BaseException as err:  # noqa: BLE001 - the point of this module
            raise refusal(path, err) from err

    return wrapper
