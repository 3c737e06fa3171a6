"""Shared by the project subcommands: open a project read-only and find outcomes by name."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from workbench.cli.common import CliError


@contextmanager
def read_only_project(path: Path) -> Iterator:
    """The project opened for reading only: reports and plots never write to it."""
    from workbench.session.project import Project
    from workbench.storage.database import ProjectFileError

    if not path.exists():
        raise CliError(f"{path}: no such project file")
    try:
        project = Project.open(path, read_only=True, backup=False)
    except ProjectFileError as err:
        raise CliError(str(err)) from err
    try:
        yield project
    finally:
        project.close()


def find_outcomes(store, name: str | None, comparison: str | None) -> list[int]:
    """Outcome ids matching --outcome/--comparison (all when neither is given)."""
    comparisons = {c.id: c.label for c in store.comparisons()}
    outcomes = store.outcomes()
    matches = [o for o in outcomes if (name is None or o.label == name)
               and (comparison is None or comparisons.get(o.comparison_id) == comparison)]
    available = "; ".join(f"{o.label!r} ({comparisons.get(o.comparison_id, '?')})"
                          for o in outcomes) or "none"
    if name is None and comparison is None:
        return [o.id for o in outcomes]  # every outcome, none at all in an empty project
    if not matches:
        what = f"no outcome named {name!r}" if name else "no outcomes"
        where = f" in comparison {comparison!r}" if comparison else ""
        raise CliError(f"{what}{where}; available outcomes: {available}")
    if name is not None and len(matches) > 1:
        raise CliError(f"outcome {name!r} is in several comparisons; name one with "
                       f"--comparison (available outcomes: {available})")
    return [o.id for o in matches]
