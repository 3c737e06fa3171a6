"""Parse an .rm5 file safely: bounded size, no DTD or entities, RevMan's 8-bit encodings."""

from __future__ import annotations

import codecs
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

from workbench.io.rm5.model import RevManError

MAX_BYTES = 256 * 1024 * 1024  # as for spreadsheets (cli.md): larger files are refused
MAX_ELEMENTS = 5_000_000
MAX_DEPTH = 256
_DECLARATION = re.compile(rb"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"'][^>]*\?>")
# RevMan 5 declares ISO-8859-1 but writes Windows-1252 quotes and dashes (0x80-0x9F), as the
# R package meta notes; those bytes are control characters in ISO-8859-1.
_EIGHT_BIT = {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "windows-1252", "cp1252"}


@dataclass
class Parsed:
    """The element tree and the line each element starts on (for messages)."""

    root: ET.Element
    lines: dict[int, int] = field(default_factory=dict)

    def line(self, element: ET.Element) -> int:
        return self.lines.get(id(element), 0)


def read_bytes(path: Path) -> bytes:
    if not path.is_file():
        raise RevManError(f"{path}: no such file")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise RevManError(f"{path}: refused: {size >> 20} MiB, larger than 256 MiB")
    return path.read_bytes()


def parse(path: Path, data: bytes | None = None) -> Parsed:
    data = read_bytes(path) if data is None else data
    if len(data) > MAX_BYTES:
        raise RevManError(f"{path}: refused: larger than 256 MiB")
    text = _as_utf8(path, data)
    return _Builder(path).run(text)


def _as_utf8(path: Path, data: bytes) -> bytes:
    """The document as UTF-8 with its declaration saying so; a byte that is not valid in the
    declared encoding is refused with its line."""
    found = _DECLARATION.match(data)
    declared = found.group(1).decode("ascii").lower() if found else "utf-8"
    body = data[found.end():] if found else data
    if declared in _EIGHT_BIT:
        text = body.decode("cp1252", errors="latin1_fallback")
    elif declared in ("utf-8", "utf8"):
        try:
            text = body.decode("utf-8-sig")
        except UnicodeDecodeError as err:
            line = body[:err.start].count(b"\n") + 1 + _prolog_lines(data, found)
            raise RevManError(f"{path}: line {line}: not valid UTF-8 although the file "
                              f"declares UTF-8 (byte 0x{body[err.start]:02x}); save it from "
                              "RevMan again") from err
    else:
        raise RevManError(f"{path}: line 1: unsupported encoding {declared!r} "
                          "(RevMan writes ISO-8859-1 or UTF-8)")
    prolog = '<?xml version="1.0" encoding="UTF-8"?>' + "\n" * _prolog_lines(data, found)
    return (prolog + text).encode("utf-8") if found else text.encode("utf-8")


def _prolog_lines(data: bytes, found: re.Match | None) -> int:
    return data[:found.end()].count(b"\n") if found else 0


def _latin1_fallback(err: UnicodeDecodeError) -> tuple[str, int]:
    # The five bytes Windows-1252 leaves undefined keep their ISO-8859-1 meaning.
    return err.object[err.start:err.end].decode("latin-1"), err.end


codecs.register_error("latin1_fallback", _latin1_fallback)


class _Builder:
    """expat callbacks into an ElementTree, refusing DTDs and entity declarations."""

    def __init__(self, path: Path):
        self.path, self.builder = path, ET.TreeBuilder()
        self.parsed_lines: dict[int, int] = {}
        self.count = self.depth = 0
        self.parser = expat.ParserCreate()
        self.parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        self.parser.StartDoctypeDeclHandler = self._doctype
        self.parser.EntityDeclHandler = self._entity
        self.parser.StartElementHandler = self._start
        self.parser.EndElementHandler = self._end
        self.parser.CharacterDataHandler = self.builder.data
        self.parser.buffer_text = True

    def run(self, text: bytes) -> Parsed:
        try:
            self.parser.Parse(text, True)
        except expat.ExpatError as err:
            raise RevManError(f"{self.path}: line {err.lineno}, column {err.offset + 1}: "
                              f"not well-formed XML ({expat.ErrorString(err.code)})") from err
        root = self.builder.close()
        return Parsed(root=root, lines=self.parsed_lines)

    def _where(self) -> str:
        return f"{self.path}: line {self.parser.CurrentLineNumber}"

    def _doctype(self, *_args) -> None:
        raise RevManError(f"{self._where()}: refused: the file declares a DOCTYPE; "
                          "XML entities are never expanded")

    def _entity(self, *_args) -> None:
        raise RevManError(f"{self._where()}: refused: the file declares XML entities")

    def _start(self, tag: str, attrs: dict[str, str]) -> None:
        self.count += 1
        self.depth += 1
        if self.count > MAX_ELEMENTS or self.depth > MAX_DEPTH:
            raise RevManError(f"{self._where()}: refused: more than {MAX_ELEMENTS:,} elements "
                              f"or nesting deeper than {MAX_DEPTH}")
        element = self.builder.start(tag, attrs)
        self.parsed_lines[id(element)] = self.parser.CurrentLineNumber

    def _end(self, tag: str) -> None:
        self.depth -= 1
        self.builder.end(tag)
