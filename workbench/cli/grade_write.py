"""The writing half of `workbench grade`: options to Commands, on a project opened for writing."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from workbench.cli.common import CliError


@contextmanager
def writable_project(path: Path, reviewer: str | None) -> Iterator[Any]:
    from workbench.session.project import Project
    from workbench.storage.database import ProjectFileError

    if not Path(path).exists():
        raise CliError(f"{path}: no such project file")
    try:
        # Opened for writing only at the first edit: a refusal leaves the file as it was.
        project = Project.open_for_command(Path(path))
    except ProjectFileError as err:
        raise CliError(str(err)) from None
    try:
        if project.read_only:
            raise CliError(f"{path}: opened read-only (made by a newer version, or not "
                           "writable); nothing was changed")
        if reviewer not in (None, "consensus"):
            project.set_reviewer(reviewer)
        yield project
    except ProjectFileError as err:  # e.g. another program took the file meanwhile
        raise CliError(str(err)) from None
    finally:
        project.close()


def commands_for(args: argparse.Namespace, outcome: Any) -> list[Any]:
    """The Commands the options ask for, checked before anything is written."""
    from workbench.session.commands.certainty import (
        KEEP,
        SetCertaintyJudgement,
        SetCertaintySettings,
    )

    commands: list[Any] = []
    for text in args.set_ or []:
        domain, level = _parse_set(text)
        if not (args.reason or "").strip():
            raise CliError(f"grade: --set {text} needs --reason TEXT (the footnote)")
        commands.append(SetCertaintyJudgement(outcome.id, domain, level, args.reason))
    thresholds, kind = _thresholds(args)
    if kind is not KEEP or args.design or args.importance is not None:
        commands.append(SetCertaintySettings(
            outcome.id, thresholds=thresholds, threshold_kind=kind,
            design=args.design or KEEP,
            importance=KEEP if args.importance is None else args.importance))
    return commands


def _parse_set(text: str) -> tuple[str, int | None]:
    from workbench.core.grade.model import DOMAINS, check_level

    domain, sep, level_text = text.partition("=")
    domain = domain.strip()
    if not sep or domain not in DOMAINS:
        raise CliError(f"grade: --set {text}: expected DOMAIN=LEVEL with DOMAIN one of "
                       f"{', '.join(DOMAINS)}")
    if level_text.strip().lower() == "clear":
        return domain, None
    try:
        level = int(level_text.strip())
        check_level(domain, level)
    except ValueError as err:
        message = str(err) if "level must" in str(err) else f"not an integer: {level_text!r}"
        raise CliError(f"grade: --set {text}: {message}") from None
    return domain, level


def _thresholds(args: argparse.Namespace) -> tuple[Any, Any]:
    from workbench.core.grade.model import MID, NATURAL, PER_1000
    from workbench.session.commands.certainty import KEEP

    if args.mid is not None:
        return (-args.mid, args.mid), MID
    for option, text, kind in (("--thresholds", args.thresholds, NATURAL),
                               ("--thresholds-per-1000", args.thresholds_per_1000, PER_1000)):
        if text:
            return _pair(option, text), kind
    return KEEP, KEEP


def _pair(option: str, text: str) -> tuple[float, float]:
    parts = text.split(",")
    try:
        lo, hi = (float(p) for p in parts)
    except ValueError:
        raise CliError(f"grade: {option} {text}: expected two numbers LO,HI") from None
    return lo, hi
