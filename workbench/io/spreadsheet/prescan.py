"""Size claims of a workbook checked by a streaming pass before calamine allocates for them."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from workbench.core.limits import (
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_SHARED_STRINGS,
    MAX_TAG_BYTES,
    MAX_WORKBOOK_PART,
)
from workbench.io.spreadsheet.model import SpreadsheetError

CHUNK = 1 << 20
_TAG = re.compile(rb"<(c|row|dimension|mergeCell)\b([^>]*)>")
_REF_ATTR = re.compile(rb'\b(r|ref|spans)="([^"]*)"')
_CELL_REF = re.compile(rb"\$?([A-Za-z]+)\$?(\d+)")
_SST = re.compile(rb"<sst\b([^>]*)>")
_COUNT = re.compile(rb'\b(count|uniqueCount)="\s*(\d+)\s*"')


def column_index(letters: bytes | str) -> int:
    """0-based column of Excel letters (A -> 0), for any length."""
    index = 0
    for char in letters.upper() if isinstance(letters, str) else letters.decode().upper():
        index = index * 26 + ord(char) - 64
    return index - 1


def letters(col: int) -> str:
    out = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        out = chr(65 + rest) + out
    return out


class Extent:
    """Running bounds of one sheet: rows and columns from A1, merged ranges, cell count."""

    def __init__(self, file: str, sheet: str | None):
        self.file, self.sheet = file, sheet
        self.rows = self.cols = self.cells = 0

    def where(self, row: int | None = None, col: int | None = None) -> str:
        parts = [self.file] + ([f"sheet {self.sheet!r}"] if self.sheet else [])
        parts += [f"row {row + 1}"] if row is not None else []
        parts += [f"column {letters(col)}"] if col is not None else []
        return ", ".join(parts)

    def refuse(self, what: str, row: int | None = None, col: int | None = None):
        raise SpreadsheetError(f"{self.where(row, col)}: refused: {what}")

    def cell(self, row: int, col: int, what: str = "a cell") -> None:
        """A cell (or the far corner of a range) at 0-based row/col."""
        if row >= MAX_ROWS:
            self.refuse(f"{what} beyond row {MAX_ROWS:,}, the most an import reads", row, col)
        if col >= MAX_COLUMNS:
            self.refuse(f"{what} beyond column {letters(MAX_COLUMNS - 1)} "
                        f"({MAX_COLUMNS:,} columns), the most a sheet has", row, col)
        self.rows, self.cols = max(self.rows, row + 1), max(self.cols, col + 1)
        if self.rows * self.cols > MAX_CELLS:
            self.refuse(f"{what} makes the sheet {self.rows:,} rows × {self.cols:,} columns, "
                        f"more than {MAX_CELLS:,} cells", row, col)

    def count(self, number: int = 1) -> None:
        self.cells += number
        if self.cells > MAX_CELLS:
            self.refuse(f"more than {MAX_CELLS:,} cells")

    def merged(self, r0: int, c0: int, r1: int, c1: int) -> None:
        self.cell(max(r0, r1), max(c0, c1), "a merged range")


def _ref(text: bytes) -> tuple[int, int] | None:
    match = _CELL_REF.fullmatch(text.strip())
    if not match:
        return None
    return int(match.group(2)) - 1, column_index(match.group(1))


def _range(extent: Extent, text: bytes, what: str) -> None:
    corners = [_ref(p) for p in text.split(b":")]
    corners = [c for c in corners if c is not None]
    for row, col in corners:
        extent.cell(row, col, what)
    if len(corners) == 2 and (corners[0][0] > corners[1][0] or corners[0][1] > corners[1][1]):
        extent.refuse(f"{what} whose first cell is after its last", *corners[0])


def _tag(extent: Extent, name: bytes, attrs: bytes, state: dict) -> None:
    found = dict(_REF_ATTR.findall(attrs))
    if name == b"c":
        extent.count()
        ref = _ref(found[b"r"]) if b"r" in found else (state["row"], state["col"] + 1)
        if ref is None:  # a cell without r follows the previous one in its row
            extent.refuse(f"a cell reference {found[b'r'][:20].decode('latin-1')!r} that is "
                          "not a cell", max(state["row"], 0))
        state["col"] = ref[1]
        extent.cell(*ref)
    elif name == b"row":
        row = found.get(b"r", b"").strip()
        state["row"] = int(row) - 1 if row.isdigit() and row else state["row"] + 1
        state["col"] = -1  # an empty (formatted) row far down costs nothing; its cells do
    elif name == b"dimension":
        _range(extent, found.get(b"ref", b""), "the sheet's dimension")
    else:
        _range(extent, found.get(b"ref", b""), "a merged range")


def scan_xml_sheet(member, extent: Extent) -> None:
    """Stream a worksheet part: every cell, row, dimension and merge is checked as it comes."""
    state = {"row": -1, "col": -1}
    carry = b""
    while chunk := member.read(CHUNK):
        data = carry + chunk
        cut = data.rfind(b"<")
        if cut >= 0 and data.find(b">", cut) < 0:
            data, carry = data[:cut], data[cut:]
        else:
            carry = b""
        if len(carry) > MAX_TAG_BYTES:
            extent.refuse(f"an XML tag longer than {MAX_TAG_BYTES // 1024} KiB")
        for match in _TAG.finditer(data):
            _tag(extent, match.group(1), match.group(2), state)


def _shared_strings(archive: zipfile.ZipFile, file: str) -> None:
    try:
        info = next(i for i in archive.infolist() if i.filename.lower().endswith(
            "sharedstrings.xml"))
    except StopIteration:
        return
    with archive.open(info) as member:
        head = member.read(4096)
    match = _SST.search(head)
    for _name, value in _COUNT.findall(match.group(1) if match else b""):
        if int(value) > MAX_SHARED_STRINGS:
            raise SpreadsheetError(f"{file}: refused: the shared strings claim {int(value):,} "
                                   f"entries, more than {MAX_SHARED_STRINGS:,}")


def check_xlsx(path: Path) -> None:
    """Every worksheet's size claims and cells, and the shared-string count, within limits."""
    with zipfile.ZipFile(path) as archive:
        for name in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels"):
            if _size(archive, name) > MAX_WORKBOOK_PART:
                raise SpreadsheetError(f"{path.name}: refused: {name} is larger than "
                                       f"{MAX_WORKBOOK_PART >> 20} MiB")
        _shared_strings(archive, path.name)
        from workbench.io.spreadsheet.workbook import sheet_parts  # avoids an import cycle

        for sheet, part in sheet_parts(archive):
            with archive.open(part) as member:
                scan_xml_sheet(member, Extent(path.name, sheet))


def _size(archive: zipfile.ZipFile, name: str) -> int:
    try:
        return archive.getinfo(name).file_size
    except KeyError:
        return 0


def check_xls(path: Path) -> None:
    """Every sheet's dimension, cells and merges, and the shared strings, within limits."""
    import struct

    from workbench.io.spreadsheet.biff import BiffError, biff_claims, workbook_stream

    try:
        stream, biff8 = workbook_stream(path)
    except (BiffError, struct.error, IndexError) as err:
        raise SpreadsheetError(f"{path.name}: refused: damaged Excel 97-2003 file "
                               f"({err})") from err
    extents: dict[str, Extent] = {}
    for sheet, what, row, col in biff_claims(stream, biff8):
        if what == "strings" and row > MAX_SHARED_STRINGS:
            raise SpreadsheetError(f"{path.name}: refused: the shared strings claim {row:,} "
                                   f"entries, more than {MAX_SHARED_STRINGS:,}")
        if what != "strings":
            extent = extents.setdefault(sheet, Extent(path.name, sheet or None))
            if what == "inverted":
                extent.refuse("a range (dimension or merge) whose first cell is after its "
                              "last", row, col)
            extent.cell(row, col, what)
