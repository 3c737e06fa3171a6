"""Write an export through a temporary file beside the target, so a failure leaves no half file."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def write_atomically(path: Path, write: Callable[[Path], None]) -> None:
    """Call `write` on a temporary path in the target's folder, then move it over `path`.

    A crash or an error mid-write (disk full, unencodable cell) leaves any earlier file at
    `path` untouched; OSError from the folder itself (missing, read-only) reaches the caller.
    """
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp",
                                         dir=path.parent if str(path.parent) else ".")
    os.close(handle)
    try:
        write(Path(temporary))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
