"""`workbench import PROJECT REVIEW.rm5|PACKAGE` and `export --to rm5|revman-web` (RevMan)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from workbench.cli.common import CliError, print_json


def is_revman_source(path: Path) -> bool:
    from workbench.session.revman_import import is_revman_source as check

    return check(path)


def run_import(args: argparse.Namespace) -> int:
    """Import a whole review as one step; a refused file changes nothing (exit 2)."""
    from workbench.io.rm5.model import RevManError
    from workbench.session.commands.structure import CommandError
    from workbench.session.project import Project
    from workbench.session.revman_import import import_review, read_review
    from workbench.storage.database import ProjectFileError

    try:
        read_review(args.source)  # refuse a bad file before a missing project is created
        if args.dry_run:
            report = _dry_run(args)
        else:
            project = Project.open(args.project) if args.project.exists() else \
                Project.create(args.project)
            try:
                report = import_review(project, args.source, args.reviewer)
            finally:
                project.close()
    except (RevManError, CommandError, ProjectFileError) as err:
        raise CliError(str(err)) from err
    if args.json:
        print_json(report.to_json())
    else:
        print("\n".join(report.summary_lines()))
    if report.check.differences:
        print(f"workbench: {len(report.check.differences)} recomputed values differ from the "
              "file's cached results (listed above)", file=sys.stderr)
    return 0


def _dry_run(args: argparse.Namespace):
    """Import into a scratch copy of the project (or an empty one): report, change nothing."""
    import tempfile

    from workbench.session.project import Project
    from workbench.session.revman_import import import_review

    with tempfile.TemporaryDirectory() as folder:
        scratch_path = Path(folder) / "scratch.wbproj"
        if args.project.exists():
            original = Project.open(args.project, read_only=True, backup=False)
            try:
                original.save_as(scratch_path)
            finally:
                original.close()
        scratch = Project.open(scratch_path) if scratch_path.exists() else \
            Project.create(scratch_path)
        try:
            return import_review(scratch, args.source, args.reviewer)
        finally:
            scratch.close()


def run_export(args: argparse.Namespace) -> int:
    from workbench.cli.outcomes import read_only_project
    from workbench.io.rm5.model import RevManError
    from workbench.session.revman_export import review_for_export

    with read_only_project(args.project) as project:
        review, notes = review_for_export(project.store)
    try:
        written = _write(args.to, review, args.out)
    except RevManError as err:
        raise CliError(str(err)) from err
    except OSError as err:
        raise CliError(f"{args.out}: cannot write ({err.strerror or err})") from err
    for note in notes:
        print(f"workbench: note: {note}", file=sys.stderr)
    outcomes = sum(len(c.outcomes) for c in review.comparisons)
    if args.json:
        print_json({"out": str(args.out), "comparisons": len(review.comparisons),
                    "outcomes": outcomes, "studies": len(review.studies), "files": written,
                    "notes": notes})
    else:
        print(f"Wrote {len(review.comparisons)} comparisons, {outcomes} outcomes and "
              f"{len(review.studies)} studies to {args.out}")
    return 0


def _write(kind: str, review, out: Path) -> list[str]:
    if kind == "rm5":
        from workbench.io.rm5.writer import write_rm5

        write_rm5(review, out)
        return [str(out)]
    from workbench.io.revman_web import write_package

    return write_package(review, out)
