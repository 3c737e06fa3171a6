"""Load and validate the risk-of-bias tool definitions in resources/rob_tools/*.json."""

from __future__ import annotations

import json
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from workbench.core.rob.model import (
    ContextField,
    Domain,
    Level,
    Question,
    ToolDefinition,
)
from workbench.core.rob.parsing import (
    KNOWN_CODES,
    Reader,
    Scope,
    ToolDefinitionError,
    parse_condition,
    parse_domain,
)
from workbench.paths import resources_dir

__all__ = ["Domain", "Question", "ToolDefinition", "ToolDefinitionError", "UnknownToolError",
           "RESOURCE_DIR", "load_tools", "get_tool", "load_tool_file", "parse_tool"]

# resources/ sits beside the package in a checkout; a wheel carries it as data files.
RESOURCE_DIR = resources_dir() / "rob_tools"
# The order of cli.md; files not listed here follow alphabetically.
PREFERRED_ORDER = ("rob2", "rob2-cluster", "robins-i", "quadas-2", "rob1")
_TOP_KEYS = {"$schema", "format_version", "id", "version", "name", "source_url", "unit", "notes",
             "answer_sets", "answer_labels", "groups", "scale", "direction_options", "context",
             "domains", "overall", "robvis"}


class UnknownToolError(KeyError):
    """No installed tool has the requested id."""

    def __str__(self) -> str:
        return str(self.args[0])


def load_tools(directory: Path | None = None) -> dict[str, ToolDefinition]:
    """All tool definitions of `directory` (default: the installed ones), keyed by id."""
    if directory is None:
        return dict(_installed_tools())
    folder = Path(directory).resolve()
    return dict(_load_directory(str(folder), _stamp(folder)))


@lru_cache(maxsize=1)
def _installed_tools() -> tuple[tuple[str, ToolDefinition], ...]:
    # The installed definitions do not change while the app runs, and every refresh of the
    # certainty and SoF views asks for them several times per outcome: read the folder once.
    folder = RESOURCE_DIR.resolve()
    return _load_directory(str(folder), _stamp(folder))


def _stamp(folder: Path) -> tuple[tuple[str, int, int], ...]:
    """The cache key of a folder: each file's name, mtime and size, so an edit is re-read."""
    return tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size)
                 for p in sorted(folder.glob("*.json")))


def get_tool(tool_id: str, directory: Path | None = None) -> ToolDefinition:
    """One tool by id; UnknownToolError lists the ids that exist."""
    tools = load_tools(directory)
    if tool_id not in tools:
        raise UnknownToolError(f"unknown risk-of-bias tool {tool_id!r} "
                               f"(installed: {', '.join(tools)})")
    return tools[tool_id]


@lru_cache(maxsize=8)
def _load_directory(directory: str, stamp: tuple[tuple[str, int, int], ...],
                    ) -> tuple[tuple[str, ToolDefinition], ...]:
    # Cached because the GUI asks on every form refresh; definitions are frozen, so sharing
    # them is safe. Returns a tuple so that callers cannot mutate the cache.
    tools = [load_tool_file(Path(directory) / name) for name, _, _ in stamp]
    seen: dict[str, str] = {}
    for tool in tools:
        if tool.id in seen:
            message = f"{tool.id!r} is also used by {seen[tool.id]}"
            raise ToolDefinitionError(tool.path, "id", message)
        seen[tool.id] = tool.path
    rank = {tool_id: i for i, tool_id in enumerate(PREFERRED_ORDER)}
    tools.sort(key=lambda t: (rank.get(t.id, len(rank)), t.id))
    return tuple((t.id, t) for t in tools)


def load_tool_file(path: Path) -> ToolDefinition:
    """Read one definition file; the tool id must equal the file name without .json."""
    source = Path(path).name
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ToolDefinitionError(source, "(file)", f"cannot read JSON: {err}") from err
    tool = parse_tool(data, source, expected_id=Path(path).stem)
    return replace(tool, path=str(path))


def parse_tool(data: Any, source: str = "<tool>", expected_id: str | None = None) -> ToolDefinition:
    """Validate a decoded definition and build the frozen ToolDefinition."""
    r = Reader(source)
    r.only_keys(data, "", _TOP_KEYS)
    if r.get(data, "format_version", "", int) != 1:
        r.fail("format_version", "only format_version 1 is supported")
    tool_id = r.get(data, "id", "", str)
    if expected_id is not None and tool_id != expected_id:
        r.fail("id", f"{tool_id!r} does not match the file name {expected_id!r}")
    answer_sets = _answer_sets(r, r.get(data, "answer_sets", "", dict))
    groups = {name: frozenset(r.codes(codes, f"groups.{name}"))
              for name, codes in r.get(data, "groups", "", dict).items()}
    levels = _levels(r, r.get(data, "scale", "", dict))
    context = _context(r, r.get(data, "context", "", list, []), groups)
    scope = Scope(groups, {c.id: (c.kind, c.options) for c in context})
    ranks = {level.code: level.rank for level in levels}
    domains = tuple(parse_domain(r, raw, f"domains[{i}]", scope, answer_sets, ranks)
                    for i, raw in enumerate(r.get(data, "domains", "", list)))
    _check_domains(r, domains)
    overall, escalation = _overall(r, r.get(data, "overall", "", dict), levels)
    template, columns = _robvis(r, r.get(data, "robvis", "", dict), domains)
    return ToolDefinition(
        id=tool_id, name=r.get(data, "name", "", str), version=r.get(data, "version", "", str),
        source_url=r.get(data, "source_url", "", str, ""), unit=r.get(data, "unit", "", str, ""),
        notes=r.get(data, "notes", "", str, ""),
        answer_labels=_labels(r, r.get(data, "answer_labels", "", dict, {})),
        levels=levels, context=context, domains=domains, overall=overall,
        allow_escalation=escalation,
        direction_options=tuple(r.get(data, "direction_options", "", list, [])),
        robvis_template=template, robvis_columns=columns)


def _answer_sets(r: Reader, raw: dict) -> dict[str, tuple[str, ...]]:
    return {name: r.codes(codes, f"answer_sets.{name}") for name, codes in raw.items()}


def _labels(r: Reader, raw: dict) -> dict[str, str]:
    for code, label in raw.items():
        if code not in KNOWN_CODES or not isinstance(label, str):
            r.fail(f"answer_labels.{code}", "expected a known answer code with a text label")
    return dict(raw)


def _levels(r: Reader, scale: dict) -> tuple[Level, ...]:
    r.only_keys(scale, "scale", {"levels"})
    levels = []
    for i, raw in enumerate(r.get(scale, "levels", "scale", list)):
        at = f"scale.levels[{i}]"
        r.only_keys(raw, at, {"code", "label", "rank", "robvis"})
        rank = raw.get("rank")
        if rank is not None and (not isinstance(rank, int) or isinstance(rank, bool)):
            r.fail(f"{at}.rank", f"expected an integer or null, got {rank!r}")
        levels.append(Level(r.get(raw, "code", at, str), r.get(raw, "label", at, str), rank,
                            r.get(raw, "robvis", at, str)))
    if not levels or len({lv.code for lv in levels}) != len(levels):
        r.fail("scale.levels", "needs at least one level, with distinct codes")
    return tuple(levels)


def _context(r: Reader, raw: list, groups: dict) -> tuple[ContextField, ...]:
    fields: list[ContextField] = []
    for i, item in enumerate(raw):
        at = f"context[{i}]"
        r.only_keys(item, at, {"id", "type", "options", "required", "visible_if", "min"})
        kind = r.get(item, "type", at, str)
        if kind not in ("choice", "multi"):
            r.fail(f"{at}.type", f"unknown context type {kind!r} (choice, multi)")
        # A field may only depend on fields defined above it.
        scope = Scope(groups, {f.id: (f.kind, f.options) for f in fields})
        visible = (parse_condition(r, item["visible_if"], f"{at}.visible_if", scope)
                   if "visible_if" in item else None)
        options = tuple(r.get(item, "options", at, list))
        if not options or not all(isinstance(o, str) for o in options):
            r.fail(f"{at}.options", "expected a non-empty list of strings")
        fields.append(ContextField(r.get(item, "id", at, str), kind, options,
                                   r.get(item, "required", at, bool, False), visible,
                                   r.get(item, "min", at, int, 0)))
    return tuple(fields)


def _check_domains(r: Reader, domains: tuple[Domain, ...]) -> None:
    # Answers are one flat mapping per assessment, so ids must be unique across domains.
    owner: dict[str, str] = {}
    for i, domain in enumerate(domains):
        if domain.id in {d.id for d in domains[:i]}:
            r.fail(f"domains[{i}].id", f"domain {domain.id!r} appears twice")
        for qid in domain.question_ids:
            if qid in owner:
                r.fail(f"domains[{i}]", f"question {qid!r} is also in domain {owner[qid]}")
            owner[qid] = domain.id
    if not domains:
        r.fail("domains", "needs at least one domain")


def _overall(r: Reader, raw: dict, levels: tuple[Level, ...]) -> tuple[str, bool]:
    r.only_keys(raw, "overall", {"type", "allow_escalation"})
    kind = r.get(raw, "type", "overall", str)
    if kind not in ("worst", "robins2016", "none"):
        r.fail("overall.type", f"unknown overall rule {kind!r} (worst, robins2016, none)")
    codes = {lv.code for lv in levels}
    if kind == "robins2016" and not {"low", "moderate", "serious", "critical", "ni"} <= codes:
        r.fail("scale.levels", "robins2016 needs levels low, moderate, serious, critical, ni")
    if kind == "worst" and any(lv.rank is None for lv in levels):
        r.fail("scale.levels", "the 'worst' overall rule needs a rank on every level")
    return kind, "allow_escalation" in raw


def _robvis(r: Reader, raw: dict, domains: tuple[Domain, ...]) -> tuple[str, tuple[str, ...]]:
    r.only_keys(raw, "robvis", {"template", "columns"})
    columns = tuple(r.get(raw, "columns", "robvis", list))
    if len(columns) != len(domains) + 2 or columns[0] != "Study" or columns[-1] != "Overall":
        r.fail("robvis.columns", "expected Study, one column per domain, then Overall")
    return r.get(raw, "template", "robvis", str), columns
