"""Mapping without MAP.json: find the header row and place fields by common header names."""

from __future__ import annotations

from workbench.core.model import FIELDS_BY_TYPE, DataType
from workbench.io.spreadsheet.cells import column_letter
from workbench.io.spreadsheet.content import Sampler, by_content, sampler
from workbench.io.spreadsheet.fields import COMBINED, covered
from workbench.io.spreadsheet.header import MAX_HEADER_SCAN, header_names
from workbench.io.spreadsheet.mapping import Mapping
from workbench.io.spreadsheet.model import SpreadsheetError
from workbench.io.spreadsheet.vocabulary import Guess, classify, resolve_sides
from workbench.io.spreadsheet.workbook import Grid

Candidates = dict[str, list[tuple[int, float]]]


def guesses_for(names: list[str], sample: Sampler | None = None
                ) -> tuple[dict[int, Guess], tuple[str, str] | None]:
    """Each column's reading; `sample` lets the cells decide "Mean" against "Mean (SD)"."""
    raw = {col: g for col, name in enumerate(names) if name and (g := classify(name))}
    guesses, groups = resolve_sides(by_content(raw, sample))
    if groups is None:
        return guesses, None
    return guesses, (as_written(groups[0], names), as_written(groups[1], names))


def as_written(label: str, names: list[str]) -> str:
    """A group label as the header writes it ("IV ketamine", not "Iv Ketamine")."""
    for name in names:
        at = name.casefold().find(label)
        if at >= 0 and len(name) == len(name.casefold()):
            found = name[at:at + len(label)]
            return found[:1].upper() + found[1:] if found.islower() else found
    return label[:1].upper() + label[1:]


def candidates_for(guesses: dict[int, Guess]) -> Candidates:
    """field -> [(column, confidence)], best first; a side-less arm column fits both sides."""
    out: Candidates = {}
    for col, guess in guesses.items():
        fields = [guess.field] if guess.field else [f"{guess.kind}_1", f"{guess.kind}_2"]
        confidence = guess.confidence if guess.field else 0.5
        for name in fields:
            out.setdefault(name, []).append((col, confidence))
    for entries in out.values():
        entries.sort(key=lambda e: -e[1])
    return out


def _score(names: list[str]) -> float:
    """Confidence of the columns that found a field; a study column matters most."""
    guesses, _ = guesses_for(names)
    placed = sum(g.confidence for g in guesses.values() if g.field)
    return placed + (10 if any(g.field == "study" for g in guesses.values()) else 0)


def find_header(grid: Grid) -> tuple[int, int]:
    """(header_row, header_rows) whose names are best recognised; a 2-row header must win."""
    best, best_score = (1, 1), -1
    for row in range(1, min(MAX_HEADER_SCAN, len(grid.rows)) + 1):
        for rows in (1, 2):
            score = _score(header_names(grid, row, rows)) - 0.5 * (rows - 1)
            if score > best_score:
                best, best_score = (row, rows), score
    return best


def _required(cands: Candidates) -> tuple[str | None, list[str]]:
    """The data type the columns support best and the fields that must then be placed."""
    if "data_type" in cands:
        return None, ["study", "comparison", "outcome"]
    placed = set(cands)
    best = max(DataType, key=lambda t: len(set(FIELDS_BY_TYPE[t]) & covered(placed)))
    numbers = []
    for name in FIELDS_BY_TYPE[best]:
        combined = [c for c, (_k, a, b) in COMBINED.items() if name in (a, b) and c in placed]
        numbers.append(combined[0] if combined and name not in placed else name)
    return str(best), ["study", "comparison", "outcome", *dict.fromkeys(numbers)]


def recognise(grid: Grid, where: str, given: frozenset[str] = frozenset()) -> Mapping:
    """A Mapping with confidence and candidates, or SpreadsheetError listing candidates.

    `given`: fields that will get a constant (`--outcome`), so no column need be found.
    """
    header_row, header_rows = find_header(grid)
    names = header_names(grid, header_row, header_rows)
    guesses, groups = guesses_for(names, sampler(grid, header_row, header_rows))
    cands = candidates_for(guesses)
    data_type, required = _required(cands)
    required = [name for name in required if name not in given]
    mapping = Mapping(sheet=grid.sheet, header_row=header_row, header_rows=header_rows,
                      data_type=data_type, group_labels=groups)
    problems = []
    for name, entries in cands.items():
        mapping.candidates[name] = [names[c] for c, _ in entries]
        top = [e for e in entries if e[1] == entries[0][1]]
        if len(top) == 1 and top[0][1] >= 0.6:  # a side-less "Mean" alone is not enough
            mapping.columns[name] = names[top[0][0]]
            mapping.confidence[name] = top[0][1]
        elif name in required:
            problems.append(_ambiguous(name, top, names))
    for name in required:
        if name not in cands:
            problems.append({"field": name, "reason": "no_candidate", "candidates": [],
                             "message": f"no column looks like {name}"})
    if problems:
        raise SpreadsheetError(f"{where}: header row {header_row}: cannot place every "
                               "required field with confidence; give --mapping", problems)
    _drop_covered(mapping)
    return mapping


def _ambiguous(name: str, top: list[tuple[int, float]], names: list[str]) -> dict:
    shown = [f"{column_letter(c)}: {names[c]}" for c, _ in top]
    what = "more than one column could be" if len(top) > 1 else "not sure that this column is"
    return {"field": name, "reason": "ambiguous", "candidates": shown,
            "message": f"{what} {name}: {', '.join(shown)}"}


def _drop_covered(mapping: Mapping) -> None:
    """A combined column wins over a plain one only when the plain one is absent."""
    for name, (_kind, first, second) in COMBINED.items():
        if name in mapping.columns and first in mapping.columns and second in mapping.columns:
            del mapping.columns[name]
