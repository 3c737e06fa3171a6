"""Cell rules: missing tokens, footnote markers, numbers as text, combined cells, years, labels."""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from typing import Any

from workbench.core.validation import MISSING_TOKENS

FOOTNOTES = "*†‡§#"
ESCAPED_STARTS = "=+-@"
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+")
_PAIR_SLASH = re.compile(r"^(.*?)/(.*)$", re.S)
_PAIR_PAREN = re.compile(r"^(.*?)\((.*)\)$", re.S)
_PAIR_PLUSMINUS = re.compile(r"^(.*?)±(.*)$", re.S)


class CellError(ValueError):
    """A cell that cannot be read as its field requires; `reason` is a problem code."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def raw_text(value: Any) -> str:
    """The cell as a person sees it, for problem reports ("55", not "55.0")."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)


def clean_text(value: Any) -> str:
    """Trimmed text with inner whitespace runs (line breaks too) collapsed to one space."""
    return " ".join(raw_text(value).split())


def is_missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return clean_text(value).casefold() in MISSING_TOKENS
    return False


def normalise_label(value: Any) -> str:
    """Study/comparison/outcome label: trimmed, spaces collapsed, NFC; case kept."""
    text = unescape(clean_text(value))
    return unicodedata.normalize("NFC", text)


def unescape(text: str) -> str:
    """Drop the apostrophe an export puts before = + - @ so no spreadsheet evaluates the cell."""
    if len(text) > 1 and text[0] == "'" and text[1] in ESCAPED_STARTS:
        return text[1:]
    return text


def parse_number(value: Any, decimal_comma: bool = False) -> float | None:
    """A number from a cell; None for a missing token; CellError when unparseable."""
    if isinstance(value, bool):
        raise CellError("unparseable_number")
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            raise CellError("unparseable_number")
        return float(value)
    if isinstance(value, str) and _NUMBER.fullmatch(value):
        return _finite(float(value))  # the common case: a plain number, never a missing token
    if is_missing(value):
        return None
    if not isinstance(value, str):
        raise CellError("unparseable_number")
    return _number_from_text(value, decimal_comma)


def _number_from_text(value: str, decimal_comma: bool) -> float:
    text = value.strip().rstrip(FOOTNOTES).strip().replace("\u2212", "-")
    if decimal_comma and _DECIMAL_COMMA.fullmatch(text):
        text = text.replace(",", ".")
    if not _NUMBER.fullmatch(text):
        raise CellError("unparseable_number")
    return _finite(float(text))


def _finite(number: float) -> float:
    if not math.isfinite(number):  # "1e400" overflows to infinity, which meta refuses too
        raise CellError("unparseable_number")
    return number


def _part(text: str, decimal_comma: bool) -> float | None:
    # An empty part ("12/") is unparseable; a missing token part ("NR/75") is missing.
    if not text.strip():
        raise CellError("unparseable_number")
    return parse_number(text, decimal_comma)


def parse_pair(value: Any, kind: str, decimal_comma: bool = False) -> tuple[float | None, ...]:
    """Two numbers from a combined cell: kind "events_total" (12/45) or "mean_sd" (5.2 (1.3))."""
    if is_missing(value):
        return None, None
    if not isinstance(value, str):
        raise CellError("unparseable_number")
    text = value.strip().rstrip(FOOTNOTES).strip()
    patterns = (_PAIR_SLASH,) if kind == "events_total" else (_PAIR_PLUSMINUS, _PAIR_PAREN)
    for pattern in patterns:
        match = pattern.match(text)
        if match:
            return _part(match.group(1), decimal_comma), _part(match.group(2), decimal_comma)
    raise CellError("unparseable_number")


def parse_year(value: Any) -> int | None:
    """Years may be numbers, text or Excel dates; the date's year is used."""
    if isinstance(value, dt.datetime | dt.date):
        return value.year
    number = parse_number(value)
    if number is None:
        return None
    if not number.is_integer() or not 1000 <= number <= 2999:
        raise CellError("invalid_year")
    return int(number)


def text_value(value: Any) -> str | None:
    """A free-text field (subgroup, timepoint, notes): cleaned, None when blank."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = normalise_label(value)
    return text or None


def column_letter(index: int) -> str:
    """0-based column index -> Excel letters (0 -> A, 26 -> AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
