"""Reads one sheet of a workbook into a Grid with python-calamine (cached values, merges)."""

from __future__ import annotations

import logging
import re
import struct
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from xml.etree import ElementTree

from python_calamine import CalamineError, CalamineWorkbook

from workbench.io.spreadsheet.biff import BiffError, xls_flags
from workbench.io.spreadsheet.guard import guarded
from workbench.io.spreadsheet.model import SpreadsheetError
from workbench.io.spreadsheet.odsxml import ods_scan

log = logging.getLogger(__name__)
Merge = tuple[int, int, int, int]  # first row, first column, last row, last column (0-based)
_CELL = re.compile(rb"<c\b([^>]*?)(?:/>|>(.*?)</c>)", re.S)
_ATTR = re.compile(rb'\b(r|t)="([^"]*)"')
_VALUE = re.compile(rb"<v(?:\s[^>]*)?>(.*?)</v>", re.S)
_FORMULA = re.compile(rb"<f\b[^>]*?(?:/>|>(.*?)</f>)", re.S)
_REF = re.compile(r"([A-Z]+)(\d+)")
_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
       "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
       "p": "http://schemas.openxmlformats.org/package/2006/relationships"}


@dataclass
class Grid:
    """A sheet as rows of cell values at absolute positions (row 0 is sheet row 1, col 0 is A).

    `flags` marks cells whose value calamine cannot show: (row, col) -> (reason, raw text).
    `lines` gives, for a CSV, the line on which each record starts.
    """

    file: str
    sheet: str | None
    rows: list[list[Any]]
    merged: list[Merge] = field(default_factory=list)
    flags: dict[tuple[int, int], tuple[str, str]] = field(default_factory=dict)
    lines: list[int] | None = None
    decimal_comma: bool = False

    def row_number(self, index: int) -> int:
        return self.lines[index] if self.lines is not None else index + 1

    def cell(self, row: int, col: int) -> Any:
        cells = self.rows[row] if row < len(self.rows) else ()
        return cells[col] if col < len(cells) else ""


def open_workbook(path: Path) -> CalamineWorkbook:
    try:
        return CalamineWorkbook.from_path(str(path))
    except (CalamineError, OSError, ValueError) as err:
        raise SpreadsheetError(f"{path}: cannot read the workbook ({err})") from err
    # Anything else (calamine's unexported types, a Rust panic, MemoryError): the guard.


@guarded
def sheet_names(path: Path) -> list[str]:
    """Worksheets (not chart sheets) in file order."""
    book = open_workbook(path)
    return [m.name for m in book.sheets_metadata if str(m.typ).endswith("WorkSheet")] or list(
        book.sheet_names)


@guarded
def read_sheet(path: Path, sheet: str) -> Grid:
    """One sheet's cached values, merged ranges and error/formula flags."""
    book = open_workbook(path)
    if sheet not in book.sheet_names:
        raise SpreadsheetError(f"{path}: no sheet named {sheet!r}; sheets are: "
                               f"{', '.join(book.sheet_names)}")
    try:
        data = book.get_sheet_by_name(sheet)
        rows = data.to_python(skip_empty_area=False)
        merged = _merges(data.merged_cell_ranges)
    except (MemoryError, RecursionError):
        raise  # the guard words these
    except Exception as err:  # noqa: BLE001 - calamine's error classes vary by format
        raise SpreadsheetError(f"{path}: sheet {sheet!r} cannot be read ({err})") from err
    grid = Grid(file=path.name, sheet=sheet, rows=[list(r) for r in rows], merged=merged)
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        grid.flags = xlsx_flags(path, sheet)
        if data.merged_cell_ranges is None:
            grid.merged = openpyxl_merges(path, sheet)
    elif suffix == ".xls":
        grid.flags = _xls_flags(path, sheet)
    elif suffix == ".ods":
        # calamine reports no merges for .ods and shows cached errors as ''.
        grid.merged, grid.flags = ods_scan(path, sheet)
    return grid


def _xls_flags(path: Path, sheet: str) -> dict[tuple[int, int], tuple[str, str]]:
    try:
        return xls_flags(path, sheet)
    except (BiffError, struct.error, IndexError) as err:
        # calamine read the values; only the error markers are lost, as for a damaged .xlsx.
        log.warning("%s: cached errors not checked (%s)", path.name, err)
        return {}


def _merges(ranges: list | None) -> list[Merge]:
    return [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in (ranges or [])]


def openpyxl_merges(path: Path, sheet: str) -> list[Merge]:
    """Merged ranges via openpyxl, for files where calamine does not report them."""
    from openpyxl import load_workbook  # slow import; only when needed

    book = load_workbook(path, read_only=False, data_only=True)
    try:
        ranges = book[sheet].merged_cells.ranges
        return [(r.min_row - 1, r.min_col - 1, r.max_row - 1, r.max_col - 1) for r in ranges]
    finally:
        book.close()


def sheet_parts(archive: zipfile.ZipFile):
    """(sheet name, archive path of its XML) from workbook.xml and its relationships."""
    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels.findall("p:Relationship", _NS)}
    names = set(archive.namelist())
    for node in book.iterfind("m:sheets/m:sheet", _NS):
        target = targets.get(node.get(f"{{{_NS['r']}}}id"), "")
        part = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
        if part in names:
            yield node.get("name"), part


def _sheet_part(archive: zipfile.ZipFile, sheet: str) -> str | None:
    return next((part for name, part in sheet_parts(archive) if name == sheet), None)


def xlsx_flags(path: Path, sheet: str) -> dict[tuple[int, int], tuple[str, str]]:
    """Cells holding a cached error or a formula with no cached value (calamine shows '')."""
    flags: dict[tuple[int, int], tuple[str, str]] = {}
    try:
        with zipfile.ZipFile(path) as archive:
            part = _sheet_part(archive, sheet)
            if part:
                with archive.open(part) as member:
                    for cells in _cell_chunks(member):
                        # The common case, no formulas and no errors, skips the scan.
                        if b"<f" in cells or b't="e"' in cells:
                            flags.update(_scan_cells(cells))
    except (KeyError, zipfile.BadZipFile, ElementTree.ParseError):
        return {}
    return flags


def _cell_chunks(member, size: int = 1 << 20):
    """The sheet XML in pieces that each end before a cell starts (bounded memory)."""
    carry = b""
    while chunk := member.read(size):
        data = carry + chunk
        cut = data.rfind(b"<c ")
        cut = cut if cut > 0 else len(data)
        yield data[:cut]
        carry = data[cut:]
    if carry:
        yield carry


def _scan_cells(xml: bytes):
    for match in _CELL.finditer(xml):
        attrs = dict(_ATTR.findall(match.group(1)))
        body = match.group(2) or b""
        ref = _REF.fullmatch(attrs.get(b"r", b"").decode("ascii", "replace"))
        if not ref:
            continue
        position = (int(ref.group(2)) - 1, _column_index(ref.group(1)))
        value = _VALUE.search(body)
        cached = value.group(1).strip() if value else b""
        if attrs.get(b"t") == b"e":
            yield position, ("cached_error", cached.decode("utf-8", "replace"))
        elif b"<f" in body and not cached and attrs.get(b"t") not in (b"str", b"inlineStr"):
            formula = _FORMULA.search(body)
            text = (formula.group(1) or b"").decode("utf-8", "replace") if formula else ""
            yield position, ("formula_without_value", f"={text}")


def _column_index(letters: str) -> int:
    index = 0
    for char in letters:
        index = index * 26 + ord(char) - 64
    return index - 1
