"""Reads a CSV into a Grid: UTF-8 with or without BOM, else Latin-1; comma or semicolon."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from workbench.io.spreadsheet.model import SpreadsheetError
from workbench.io.spreadsheet.workbook import Grid


def decode(data: bytes) -> str:
    """UTF-8 (a BOM is dropped); a file that is not UTF-8 is read as Windows Latin-1."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:  # five bytes cp1252 leaves undefined
            return data.decode("latin-1")


def sniff_delimiter(text: str) -> str:
    """Comma or semicolon, whichever splits the first lines (outside quotes) more often."""
    sample = "\n".join(text.splitlines()[:20])
    counts = {}
    for delimiter in (",", ";"):
        rows = list(csv.reader(io.StringIO(sample), delimiter=delimiter))
        counts[delimiter] = sum(len(r) - 1 for r in rows if r)
    return ";" if counts[";"] > counts[","] else ","


def read_csv(path: Path) -> Grid:
    """Records with the line each starts on; semicolon files use the decimal comma."""
    try:
        text = decode(path.read_bytes())
    except OSError as err:
        raise SpreadsheetError(f"{path}: cannot read ({err})") from err
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows, lines, previous = [], [], 0
    try:
        for record in reader:
            rows.append(record)
            lines.append(previous + 1)
            previous = reader.line_num
    except csv.Error as err:
        raise SpreadsheetError(f"{path}: line {reader.line_num}: not valid CSV ({err})") from err
    width = max((len(r) for r in rows), default=0)
    rows = [r + [""] * (width - len(r)) for r in rows]
    return Grid(file=path.name, sheet=None, rows=rows, lines=lines,
                decimal_comma=delimiter == ";")
