"""Formula neutralisation shared by every CSV and XLSX writer (exports, robvis tables)."""

from __future__ import annotations

# What a spreadsheet may evaluate at the start of a cell (OWASP's CSV injection list: = + - @,
# and tab and carriage return, after which some programs still evaluate the rest).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """The text an export writes: an apostrophe before a formula-like start, so no
    spreadsheet program evaluates the cell (import removes it again, cli.md)."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text
