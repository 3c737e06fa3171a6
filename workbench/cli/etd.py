"""`workbench etd PROJECT [--comparison NAME] [--json]`: the Evidence-to-Decision framework."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from workbench.cli.common import CliError, print_json


def register(subparsers: argparse._SubParsersAction, name: str) -> None:
    p = subparsers.add_parser(name, help="print a comparison's Evidence-to-Decision framework")
    p.add_argument("project", type=Path)
    p.add_argument("--comparison", metavar="NAME")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=run)


def load_documents(project_path: Path, comparison: str | None) -> list[dict[str, Any]]:
    """Every chosen comparison's framework document, read without writing the project."""
    from workbench.cli.outcomes import read_only_project
    from workbench.session.etd import EtdError, etd_report

    with read_only_project(project_path) as project:
        try:
            document = etd_report(project.store, comparison)
        except EtdError as err:
            raise CliError(f"{project_path}: {err}") from err
    return document.get("frameworks", [document])


def run(args: argparse.Namespace) -> int:
    documents = load_documents(args.project, args.comparison)
    if args.json:
        print_json(documents[0] if len(documents) == 1 else {"frameworks": documents})
        return 0
    for document in documents:
        print(text_summary(document))
    return 0


def text_summary(document: dict[str, Any]) -> str:
    lines = [f"Evidence to Decision: {document['comparison']}"]
    for c in document["criteria"]:
        proposed = c["proposed"] and c["proposed"]["judgement"]
        hint = f" (proposed: {proposed})" if proposed and not c["judgement"] else ""
        lines.append(f"  {c['name']}: {c['judgement'] or 'not judged'}{hint}")
    rec = document["recommendation"]
    lines.append(f"  Recommendation: {rec['text'] or 'not decided'}")
    present = [m["name"] for m in document["panel"] if m["present"]]
    lines.append(f"  Panel present: {', '.join(present) or 'none recorded'}")
    return "\n".join(lines)
