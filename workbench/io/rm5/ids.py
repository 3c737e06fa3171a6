"""RevMan's escaped identifiers: `_xHHHH_` stands for one character (`_x002d_` is '-')."""

from __future__ import annotations

import re

_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_PLAIN = re.compile(r"[A-Za-z0-9.]")


def unescape(raw: str) -> str:
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), raw)


def study_id_for(name: str) -> str:
    """A RevMan study ID for a study label: spaces become '-', other characters outside
    [A-Za-z0-9.] are escaped (as RevMan wrote "MRC-1" as STD-MRC_x002d_1)."""
    parts = []
    for char in " ".join(name.split()):
        if char == " ":
            parts.append("-")
        elif _PLAIN.fullmatch(char):
            parts.append(char)
        else:
            parts.append(f"_x{ord(char):04x}_")
    return "STD-" + "".join(parts)


def paragraph_text(element) -> str:
    """The text of one rich-text paragraph; a <BR/> is a line break."""
    parts = [element.text or ""]
    for child in element:
        parts.append("\n" if child.tag == "BR" else paragraph_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def clean_lines(text: str) -> str:
    """Each line cleaned as clean_text does; empty lines dropped."""
    lines = [clean_text(line) for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def clean_text(text: str | None) -> str:
    """Element text with no-break spaces as spaces and runs of white space collapsed."""
    return " ".join((text or "").replace("\u00a0", " ").split())
