"""`export --to sof-docx|sof-html|profile-docx|profile-html` (cli.md, Certainty and SoF)."""

from __future__ import annotations

import argparse

from workbench.cli.common import CliError, print_json

KINDS = ("sof-docx", "sof-html", "profile-docx", "profile-html")


def _writer(kind: str):
    if kind == "sof-docx":
        from workbench.io.sof_docx import write_sof_docx as write
    elif kind == "profile-docx":
        from workbench.io.profile_docx import write_profile_docx as write
    elif kind == "sof-html":
        from workbench.io.sof_html import write_sof_html as write
    else:
        from workbench.io.sof_html import write_profile_html as write
    return write


def run_sof(args: argparse.Namespace) -> int:
    from workbench.cli.outcomes import read_only_project
    from workbench.cli.sof import parse_baselines
    from workbench.session.certainty_docs import certainty_documents, comparison_ids
    from workbench.session.exporting import ExportError

    with read_only_project(args.project) as project:
        store = project.store
        try:
            ids = comparison_ids(store, args.comparison)
            chosen = ids[0] if args.comparison is not None else None
            baselines = parse_baselines(store, args.baseline, chosen)
            documents = certainty_documents(store, args.comparison, baselines)
            rows = _writer(args.to)(args.out, documents)
        except ExportError as err:
            raise CliError(str(err)) from err
        except OSError as err:
            raise CliError(f"{args.out}: cannot write ({err.strerror or err})") from err
    if args.json:
        print_json({"out": str(args.out), "tables": len(documents), "rows": rows})
    else:
        what = "evidence profile" if args.to.startswith("profile") else "Summary of Findings"
        print(f"Wrote the {what} of {len(documents)} comparison(s), {rows} outcome rows, "
              f"to {args.out}")
    return 0
