"""Reads a CSV into a Grid: UTF-8 with or without BOM, else Latin-1; comma or semicolon.

The file is streamed: one record at a time, each bounded, so memory follows the limits."""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path

from workbench.core.limits import MAX_CELL_TEXT, MAX_CELLS, MAX_COLUMNS, MAX_LINE, MAX_ROWS
from workbench.io.spreadsheet.model import SpreadsheetError
from workbench.io.spreadsheet.prescan import letters
from workbench.io.spreadsheet.workbook import Grid

CHUNK = 1 << 20
SHARED_VALUES, SHARED_LENGTH = 100_000, 24


def encoding_of(path: Path) -> str:
    """utf-8-sig when the whole file is UTF-8, else cp1252 (or latin-1 where cp1252 fails)."""
    for encoding in ("utf-8-sig", "cp1252"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with path.open("rb") as handle:
                while chunk := handle.read(CHUNK):
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
            return encoding
        except UnicodeDecodeError:
            continue
    return "latin-1"


def sniff_delimiter(text: str) -> str:
    """Comma or semicolon, whichever splits the first lines (outside quotes) more often."""
    sample = "\n".join(text.splitlines()[:20])
    counts = {}
    for delimiter in (",", ";"):
        try:
            rows = list(csv.reader(io.StringIO(sample), delimiter=delimiter))
        except csv.Error:
            rows = []
        counts[delimiter] = sum(len(r) - 1 for r in rows if r)
    return ";" if counts[";"] > counts[","] else ","


class _Lines:
    """The file's lines for csv.reader, refusing any record longer than MAX_LINE characters."""

    def __init__(self, handle, path: Path):
        self.handle, self.path = handle, path
        self.record_chars = 0
        self.line = 0

    def __iter__(self):
        return self

    def __next__(self) -> str:
        line = self.handle.readline(MAX_LINE + 1)
        if not line:
            raise StopIteration
        self.line += 1
        self.record_chars += len(line)
        if self.record_chars > MAX_LINE:
            raise SpreadsheetError(f"{self.path}: line {self.line}: refused: a record longer "
                                   f"than {MAX_LINE:,} characters")
        return line


def _check_record(path: Path, record: list[str], line: int, rows: int, cells: int) -> None:
    where = f"{path}: line {line}"
    if rows > MAX_ROWS:
        raise SpreadsheetError(f"{where}: refused: more than {MAX_ROWS:,} records")
    if len(record) > MAX_COLUMNS:
        raise SpreadsheetError(f"{where}: refused: {len(record):,} columns, more than "
                               f"{MAX_COLUMNS:,}")
    if cells > MAX_CELLS:
        raise SpreadsheetError(f"{where}: refused: more than {MAX_CELLS:,} cells")
    for col, value in enumerate(record):
        if len(value) > MAX_CELL_TEXT:
            raise SpreadsheetError(f"{where}, column {letters(col)}: refused: a cell of "
                                   f"{len(value):,} characters, more than {MAX_CELL_TEXT:,}")


def read_csv(path: Path) -> Grid:
    """Records with the line each starts on; semicolon files use the decimal comma."""
    try:
        encoding = encoding_of(path)
        with path.open("r", encoding=encoding, newline="") as handle:
            delimiter = sniff_delimiter(handle.read(64 * 1024))
            handle.seek(0)
            rows, lines = _records(path, handle, delimiter)
    except OSError as err:
        raise SpreadsheetError(f"{path}: cannot read ({err})") from err
    width = max((len(r) for r in rows), default=0)
    if width * len(rows) > MAX_CELLS:
        raise SpreadsheetError(f"{path}: refused: {len(rows):,} records × {width:,} columns, "
                               f"more than {MAX_CELLS:,} cells")
    rows = [r + [""] * (width - len(r)) for r in rows]
    return Grid(file=path.name, sheet=None, rows=rows, lines=lines,
                decimal_comma=delimiter == ";")


def _shared(record: list[str], seen: dict[str, str]) -> list[str]:
    """Short repeated values (counts, labels, "NR") kept once: a column of 200,000 equal
    strings costs one object, not 200,000."""
    if len(seen) < SHARED_VALUES:
        return [seen.setdefault(v, v) if len(v) <= SHARED_LENGTH else v for v in record]
    return [seen.get(v, v) for v in record]


def _records(path: Path, handle, delimiter: str) -> tuple[list[list[str]], list[int]]:
    source = _Lines(handle, path)
    reader = csv.reader(source, delimiter=delimiter)
    rows, lines, previous, cells = [], [], 0, 0
    seen: dict[str, str] = {}
    try:
        for record in reader:
            cells += len(record)
            _check_record(path, record, previous + 1, len(rows) + 1, cells)
            rows.append(_shared(record, seen))
            lines.append(previous + 1)
            previous, source.record_chars = reader.line_num, 0
    except csv.Error as err:
        raise SpreadsheetError(f"{path}: line {reader.line_num}: not valid CSV ({err})") from err
    return rows, lines
