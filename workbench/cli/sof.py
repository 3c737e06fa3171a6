"""`workbench sof PROJECT`: the Summary of Findings of each comparison (cli.md)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from workbench.cli.common import CliError, print_json
from workbench.cli.outcomes import read_only_project


def register(subparsers: argparse._SubParsersAction, name: str) -> None:
    p = subparsers.add_parser(name, help="Summary of Findings per comparison",
                              description="Summary of Findings: absolute and relative "
                              "effects, certainty and statements per outcome.")
    p.add_argument("project", type=Path)
    p.add_argument("--comparison", metavar="NAME")
    p.add_argument("--baseline", action="append", metavar="study|median|[OUTCOME:]LABEL=RISK",
                   help="baseline risks for this call (repeatable; replaces the stored ones)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from workbench.session.sof import sof_report

    with read_only_project(args.project) as project:
        comparison_id = comparison_named(project.store, args.comparison)
        baselines = parse_baselines(project.store, args.baseline, comparison_id)
        document = sof_report(project.store, comparison_id, baselines)
    if args.json:
        print_json(document)
        return 0
    for table in document.get("tables", [document]):
        sys.stdout.write(table_text(table))
    return 0


def comparison_named(store: Any, name: str | None) -> int | None:
    if name is None:
        return None
    found = store.comparison_id(name)
    if found is None:
        names = "; ".join(repr(c.label) for c in store.comparisons()) or "none"
        raise CliError(f"no comparison named {name!r}; comparisons: {names}")
    return found


def parse_baselines(store: Any, texts: list[str] | None, comparison_id: int | None
                    ) -> dict[int | None, tuple] | None:
    """--baseline values as sof_report's `baselines`: None -> for every outcome, and each
    outcome named with OUTCOME: -> the general ones plus its own, in the order given."""
    if not texts:
        return None
    outcomes = [o for o in store.outcomes() if comparison_id in (None, o.comparison_id)]
    parsed = [_one_baseline(text, outcomes) for text in texts]
    named = {oid for targets, _ in parsed if targets for oid in targets}
    out: dict[int | None, tuple] = {None: tuple(b for t, b in parsed if t is None)}
    for oid in named:
        out[oid] = tuple(b for t, b in parsed if t is None or oid in t)
    return out


def _one_baseline(text: str, outcomes: list[Any]) -> tuple[set[int] | None, Any]:
    from workbench.core.grade.model import Baseline

    if text.strip().lower() in ("study", "median"):
        kind = text.strip().lower()
        return None, Baseline.study() if kind == "study" else Baseline.median()
    left, sep, risk_text = text.rpartition("=")
    if not sep or not left.strip():
        raise CliError(f"--baseline {text}: expected study, median or [OUTCOME:]LABEL=RISK")
    targets, label = _target(left, outcomes, text)
    try:
        risk = float(risk_text)
    except ValueError:
        raise CliError(f"--baseline {text}: RISK must be a number, not {risk_text!r}") from None
    if not 0 < risk < 1:
        raise CliError(f"--baseline {text}: a risk must lie between 0 and 1, not {risk:g}")
    return targets, Baseline.typed(label.strip(), risk)


def _target(left: str, outcomes: list[Any], text: str) -> tuple[set[int] | None, str]:
    """Split OUTCOME:LABEL at the colon whose prefix names an outcome; no colon: every one."""
    if ":" not in left:
        return None, left
    for i, ch in enumerate(left):
        if ch == ":":
            ids = {o.id for o in outcomes if o.label == left[:i].strip()}
            if ids:
                return ids, left[i + 1:]
    names = "; ".join(repr(o.label) for o in outcomes) or "none"
    raise CliError(f"--baseline {text}: no outcome named {left.split(':')[0]!r}; "
                   f"outcomes: {names}")


def table_text(table: dict[str, Any]) -> str:
    from workbench.core.grade.model import SYMBOLS

    lines = [f"== {table['comparison']} ({table['intervention']} vs {table['comparator']})"]
    for row in table["rows"]:
        level = row["certainty"]
        certainty = "-" if level is None else f"{SYMBOLS[level]} {row['certainty_label']}" + (
            " (provisional)" if row["provisional"] else "")
        marks = "".join(n["mark"] for n in row["footnotes"])
        lines.append(f"{row['outcome']}: {row['studies']} studies, "
                     f"{row['participants'] or '-'} participants; {certainty}"
                     f"{f' [{marks}]' if marks else ''}")
        for effect in row["absolute"]:
            lines.append(f"   {effect['baseline']}: {effect['risk_comparator_per_1000']} "
                         f"per 1,000; {effect['text']}")
        if row["difference"]:
            lines.append(f"   {row['difference']['text']}")
        if row["comment"]:
            lines.append(f"   {row['comment']}")
        lines.append(f"   {row['statement']}")
    lines += [f"{n['mark']}. {n['text']}" for row in table["rows"] for n in row["footnotes"]]
    lines += [f"Warning: {w}" for w in table["warnings"]]
    return "\n".join(lines) + "\n\n"
