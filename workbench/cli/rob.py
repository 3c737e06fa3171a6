"""`workbench rob tools|judge`: installed risk-of-bias tools and their algorithm (cli.md)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from workbench.cli.common import CliError, print_json


def register(subparsers: Any, name: str) -> None:
    """Add `rob` with its nested `tools` and `judge`; usage errors become exit 2."""
    rob = subparsers.add_parser(name, help="risk-of-bias tools and judgements",
                                description="Risk-of-bias tools (see cli.md).")
    actions = rob.add_subparsers(dest="rob_command", required=True)
    tools = actions.add_parser("tools", help="list the installed tool definitions")
    tools.add_argument("--json", action="store_true")
    tools.set_defaults(handler=run_tools)
    judge = actions.add_parser("judge", help="proposed judgements for a file of answers")
    judge.add_argument("--tool", required=True, help="tool id, e.g. rob2")
    judge.add_argument("answers", metavar="ANSWERS.json")
    judge.add_argument("--json", action="store_true")
    judge.set_defaults(handler=run_judge)
    from workbench.cli.rob_import import add_parser

    importing = add_parser(actions)
    for parser in (rob, tools, judge, importing):
        parser.error = _usage_error  # type: ignore[method-assign]


def _usage_error(message: str) -> None:
    raise CliError(f"rob: {message}")


def run_tools(args: argparse.Namespace) -> int:
    """List id, name, version and domains of every installed tool."""
    from workbench.core.rob.tools import ToolDefinitionError, load_tools

    try:
        tools = load_tools()
    except ToolDefinitionError as err:
        raise CliError(f"rob: invalid tool definition: {err}", code=1) from None
    if args.json:
        print_json({"tools": [_tool_json(t) for t in tools.values()]})
        return 0
    for tool in tools.values():
        sys.stdout.write(f"{tool.id:<14} {tool.version:<12} {tool.name}\n")
        for domain in tool.domains:
            sys.stdout.write(f"  {domain.id:<5} {domain.name}\n")
    return 0


def _tool_json(tool: Any) -> dict[str, Any]:
    return {"id": tool.id, "name": tool.name, "version": tool.version,
            "domains": [{"id": d.id, "name": d.name} for d in tool.domains]}


def run_judge(args: argparse.Namespace) -> int:
    """Evaluate the answers of ANSWERS.json with the tool's algorithm; print the proposals."""
    from workbench.core.rob.evaluator import AnswerError, evaluate
    from workbench.core.rob.tools import UnknownToolError, get_tool

    try:
        tool = get_tool(args.tool)
    except UnknownToolError as err:
        raise CliError(f"rob judge: --tool: {err}",
                       problems=[_problem(None, "--tool", str(err), args.tool)]) from None
    effect, deviations, answers = read_answers(Path(args.answers))
    try:
        evaluation = evaluate(tool, answers, effect, deviations)
    except AnswerError as err:
        problems = [_problem(args.answers, p["field"], p["message"], p["value"])
                    for p in err.problems]
        raise CliError(f"rob judge: {args.answers}: {err}", problems=problems) from None
    if args.json:
        print_json(evaluation.to_json())
        return 0
    sys.stdout.write(f"{tool.name} ({tool.id} {tool.version})\n")
    for domain in evaluation.domains.values():
        shown = domain.judgement or "reviewer's judgement"
        sys.stdout.write(f"  {domain.domain_id:<5} {shown:<15} {domain.rule}\n")
    overall = evaluation.overall or "reviewer's judgement"
    sys.stdout.write(f"  Overall {overall:<15} {evaluation.overall_rule}\n")
    return 0


def read_answers(path: Path) -> tuple[str | None, list[str], dict[str, Any]]:
    """(effect, deviations, answers) from ANSWERS.json; shape errors are exit 2 naming the key."""
    file = str(path)
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CliError(f"rob judge: {file}: no such file") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise CliError(f"rob judge: {file}: not a readable JSON file ({err})") from None
    if not isinstance(document, dict):
        _shape_error(file, "(document)", "expected a JSON object", None)
    effect = document.get("effect")
    if effect is not None and not isinstance(effect, str):
        _shape_error(file, "effect", "expected a string", effect)
    deviations = document.get("deviations") or []
    if not isinstance(deviations, list) or not all(isinstance(d, str) for d in deviations):
        _shape_error(file, "deviations", "expected a list of strings", deviations)
    answers = document.get("answers", {})
    if not isinstance(answers, dict):
        _shape_error(file, "answers", "expected an object of question id -> answer code", None)
    return effect, deviations, answers


def _shape_error(file: str, field: str, message: str, value: Any) -> None:
    raise CliError(f"rob judge: {file}: {field}: {message}",
                   problems=[_problem(file, field, message, value)])


def _problem(file: str | None, field: str, message: str, value: Any) -> dict[str, Any]:
    # The field goes into the message too, because format_problem prints only file/row/column.
    problem: dict[str, Any] = {"field": field, "message": f"{field}: {message}", "value": value}
    if file:
        problem["file"] = file
    return problem
