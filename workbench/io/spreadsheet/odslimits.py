"""Spans, repeats and nesting of every .ods table checked by a streaming pass before calamine."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.parsers import expat

from workbench.core.limits import MAX_XML_DEPTH
from workbench.io.spreadsheet.model import SpreadsheetError
from workbench.io.spreadsheet.prescan import Extent

_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_ROW, _CELL = f"{_TABLE} table-row", f"{_TABLE} table-cell"
_COVERED, _SHEET = f"{_TABLE} covered-table-cell", f"{_TABLE} table"
CHUNK = 1 << 16


def _count(attrs: dict[str, str], name: str, extent: Extent, row: int, col: int) -> int:
    text = attrs.get(f"{_TABLE} {name}", "1").strip()
    if not text.isdigit() or len(text) > 12:
        extent.refuse(f"table:{name}={text[:20]!r} is not a count", row, col)
    return max(1, int(text))


class _Limits:
    """Expat callbacks: where content lands, counting repeats and spans, in every table."""

    def __init__(self, file: str):
        self.file = file
        self.extent: Extent | None = None
        self.depth = self.tables = 0
        self.row = self.col = self.row_repeat = 0
        self.cell: tuple[int, int] | None = None  # col and column repeat of an open cell

    def start(self, name: str, attrs: dict[str, str]) -> None:
        self.depth += 1
        if self.depth > MAX_XML_DEPTH:
            raise SpreadsheetError(f"{self.file}: refused: XML nested more than "
                                   f"{MAX_XML_DEPTH} deep")
        if name == _SHEET:
            self._table(attrs)
        elif self.extent is None or self.tables != 1:
            return
        elif name == _ROW:
            self.col = 0
            self.row_repeat = _count(attrs, "number-rows-repeated", self.extent, self.row, 0)
        elif name in (_CELL, _COVERED):
            self._cell(name, attrs)
        elif self.cell is not None:
            self._content()  # any child (text:p ...) is content

    def end(self, name: str) -> None:
        self.depth -= 1
        if name == _SHEET:
            self.tables -= 1
            if self.tables == 0:
                self.extent = None
        elif self.extent is not None and self.tables == 1 and name == _ROW:
            self.row += self.row_repeat
        elif name in (_CELL, _COVERED):
            self.cell = None

    def _table(self, attrs: dict[str, str]) -> None:
        self.tables += 1
        if self.tables == 1:
            self.extent = Extent(self.file, attrs.get(f"{_TABLE} name", ""))
            self.row = 0

    def _cell(self, name: str, attrs: dict[str, str]) -> None:
        extent = self.extent
        repeat = _count(attrs, "number-columns-repeated", extent, self.row, self.col)
        cols = _count(attrs, "number-columns-spanned", extent, self.row, self.col)
        rows = _count(attrs, "number-rows-spanned", extent, self.row, self.col)
        if cols > 1 or rows > 1:
            extent.merged(self.row, self.col, self.row + rows - 1, self.col + cols - 1)
        self.cell = (self.col, repeat)
        if f"{_OFFICE} value-type" in attrs or f"{_TABLE} formula" in attrs:
            self._content()
        self.col += repeat

    def _content(self) -> None:
        # Empty repeats (LibreOffice pads every sheet to 1,048,576 rows) cost nothing; content
        # repeated or placed far away makes calamine build every cell up to it.
        col, repeat = self.cell
        self.extent.cell(self.row + self.row_repeat - 1, col + repeat - 1, "content")
        self.extent.count(min(repeat * self.row_repeat, 1 << 40))
        self.cell = None  # counted once, whatever children follow


def check_ods(path: Path) -> None:
    """Refuse an .ods whose content would make calamine build an oversized sheet."""
    scan = _Limits(path.name)
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = scan.start
    parser.EndElementHandler = scan.end
    parser.StartDoctypeDeclHandler = parser.EntityDeclHandler = _doctype_refuser(path)
    with zipfile.ZipFile(path) as archive, archive.open("content.xml") as member:
        while chunk := member.read(CHUNK):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)


def _doctype_refuser(path: Path):
    def refuse(*_args) -> None:
        raise SpreadsheetError(f"{path.name}: refused: content.xml declares a DOCTYPE or XML "
                               "entities, which are never expanded")
    return refuse
