"""Merged ranges and error/formula flags of one .ods sheet, by a streaming read of content.xml."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

from workbench.io.spreadsheet.model import SpreadsheetError

Merge = tuple[int, int, int, int]
Flags = dict[tuple[int, int], tuple[str, str]]

_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
# LibreOffice's extension namespace; calcext:value-type="error" marks a cached error.
_CALCEXT = "urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"
_ROW, _CELL = f"{_TABLE} table-row", f"{_TABLE} table-cell"
_COVERED, _SHEET = f"{_TABLE} covered-table-cell", f"{_TABLE} table"
_NOTE = f"{_OFFICE} annotation"
CHUNK = 1 << 16
MAX_FLAGGED_REPEAT = 1024  # one flagged cell repeated across a whole row is junk, not data
MAX_TEXT = 256  # an error's text is short ("#DIV/0!"); keep no more of it than that


def _int(attrs: dict[str, str], name: str) -> int:
    try:
        return max(1, int(attrs.get(f"{_TABLE} {name}", "1")))
    except ValueError:
        return 1


@dataclass
class _Scan:
    """Expat callbacks: positions of rows and cells inside the one sheet asked for."""

    sheet: str
    merged: list[Merge] = field(default_factory=list)
    flags: Flags = field(default_factory=dict)
    depth: int = 0  # table nesting; 1 is the sheet itself, deeper tables are ignored
    inside: bool = False
    row: int = 0
    col: int = 0
    row_repeat: int = 1
    pending: tuple[str, int] | None = None  # (reason, repeat) of the cell being read
    text: list[str] = field(default_factory=list)
    note: int = 0
    formula: str = ""

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if name == _SHEET:
            self._enter_table(attrs)
        elif not self.inside or self.depth != 1:
            return
        elif name == _ROW:
            self.col, self.row_repeat = 0, _int(attrs, "number-rows-repeated")
        elif name in (_CELL, _COVERED):
            self._cell(name, attrs)
        elif name == _NOTE:
            self.note += 1  # a comment's text is not the cell's value

    def end(self, name: str) -> None:
        if name == _SHEET and self.depth:
            self.depth -= 1
            self.inside = self.depth > 0
        elif not self.inside or self.depth != 1:
            return
        elif name == _ROW:
            self.row += self.row_repeat
        elif name == _CELL and self.pending:
            self._flag()
        elif name == _NOTE:
            self.note -= 1

    def chars(self, data: str) -> None:
        if self.pending and not self.note and sum(map(len, self.text)) < MAX_TEXT:
            self.text.append(data)

    def _enter_table(self, attrs: dict[str, str]) -> None:
        if self.depth or attrs.get(f"{_TABLE} name") == self.sheet:
            self.depth += 1
            self.inside = True

    def _cell(self, name: str, attrs: dict[str, str]) -> None:
        repeat = _int(attrs, "number-columns-repeated")
        cols, rows = _int(attrs, "number-columns-spanned"), _int(attrs, "number-rows-spanned")
        if name == _CELL and (cols > 1 or rows > 1):
            self.merged.append((self.row, self.col, self.row + rows - 1, self.col + cols - 1))
        reason = _reason(attrs) if name == _CELL else None
        if reason:
            self.pending, self.text = (reason, repeat), []
            self.formula = attrs.get(f"{_TABLE} formula", "")
        self.col += repeat

    def _flag(self) -> None:
        reason, repeat = self.pending or ("", 1)
        text = "".join(self.text).strip()[:MAX_TEXT]
        shown = text if reason == "cached_error" else _formula_text(self.formula)
        first = self.col - repeat
        for row in range(self.row, self.row + min(self.row_repeat, MAX_FLAGGED_REPEAT)):
            for col in range(first, first + min(repeat, MAX_FLAGGED_REPEAT)):
                self.flags[(row, col)] = (reason, shown)
        self.pending = None


def _reason(attrs: dict[str, str]) -> str | None:
    if attrs.get(f"{_CALCEXT} value-type") == "error":
        return "cached_error"
    if f"{_TABLE} formula" in attrs and f"{_OFFICE} value-type" not in attrs:
        return "formula_without_value"  # a formula never calculated: no type, no value
    return None


def _formula_text(formula: str) -> str:
    # "of:=[.B4]+1" -> "=[.B4]+1": the namespace prefix means nothing to a reviewer.
    _prefix, sep, rest = formula.partition(":=")
    return f"={rest}" if sep else formula


class _Refused(ValueError):
    """content.xml declares a DOCTYPE or an entity."""


def _refuse_doctype(*_args) -> None:
    raise _Refused


def ods_scan(path: Path, sheet: str) -> tuple[list[Merge], Flags]:
    """Merged ranges (calamine reports none for .ods) and cells whose value calamine hides."""
    scan = _Scan(sheet)
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = scan.start
    parser.EndElementHandler = scan.end
    parser.CharacterDataHandler = scan.chars
    # Checked before parsing too (safety.py); refusing here keeps this reader safe on its own.
    parser.StartDoctypeDeclHandler = _refuse_doctype
    parser.EntityDeclHandler = _refuse_doctype
    try:
        with zipfile.ZipFile(path) as archive, archive.open("content.xml") as member:
            while chunk := member.read(CHUNK):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except _Refused as err:
        raise SpreadsheetError(f"{path}: refused: content.xml declares a DOCTYPE or XML "
                               "entities, which are never expanded") from err
    except (KeyError, zipfile.BadZipFile, expat.ExpatError, EOFError) as err:
        raise SpreadsheetError(f"{path}: sheet {sheet!r}: content.xml cannot be read "
                               f"({err})") from err
    return scan.merged, scan.flags
