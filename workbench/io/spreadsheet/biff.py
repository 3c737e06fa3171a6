"""Cached errors in one .xls sheet, from its BIFF records (calamine shows them as '')."""

from __future__ import annotations

import struct
from pathlib import Path

Flags = dict[tuple[int, int], tuple[str, str]]

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
END_OF_CHAIN = 0xFFFFFFFE
_BOUNDSHEET, _BOOLERR, _FORMULA, _FILEPASS, _BOF, _EOF = 0x85, 0x205, 0x06, 0x2F, 0x809, 0x0A
ERRORS = {0x00: "#NULL!", 0x07: "#DIV/0!", 0x0F: "#VALUE!", 0x17: "#REF!", 0x1D: "#NAME?",
          0x24: "#NUM!", 0x2A: "#N/A", 0x2B: "#GETTING_DATA"}


class BiffError(ValueError):
    """The compound file or its workbook stream is not laid out as BIFF requires."""


class _Compound:
    """The parts of an OLE2 compound file needed to read one stream (MS-CFB)."""

    def __init__(self, data: bytes):
        if not data.startswith(OLE_MAGIC) or len(data) < 512:
            raise BiffError("not an OLE2 compound file")
        self.data = data
        self.shift = struct.unpack_from("<H", data, 0x1E)[0]
        if self.shift not in (9, 12):
            raise BiffError("unexpected sector size")
        self.size = 1 << self.shift
        self.fat = self._fat()

    def sector(self, number: int) -> bytes:
        start = (number + 1) << self.shift
        if start >= len(self.data):  # the last sector may be short, never missing
            raise BiffError("sector past the end of the file")
        return self.data[start:start + self.size]

    def _fat(self) -> list[int]:
        count = struct.unpack_from("<I", self.data, 0x2C)[0]
        difat, ndifat = struct.unpack_from("<2I", self.data, 0x44)
        sectors = [s for s in struct.unpack_from("<109I", self.data, 0x4C) if s < END_OF_CHAIN]
        for _ in range(min(ndifat, len(self.data) // self.size)):  # bounded by the file size
            if difat >= END_OF_CHAIN:
                break
            entries = struct.unpack(f"<{self.size // 4}I", self.sector(difat))
            sectors += [s for s in entries[:-1] if s < END_OF_CHAIN]
            difat = entries[-1]
        table = b"".join(self.sector(s) for s in sectors[:count])
        return list(struct.unpack(f"<{len(table) // 4}I", table))

    def chain(self, first: int, fat: list[int], read) -> bytes:
        parts, seen, number = [], set(), first
        while number < END_OF_CHAIN:
            if number in seen or number >= len(fat):
                raise BiffError("broken sector chain")
            seen.add(number)
            parts.append(read(number))
            number = fat[number]
        return b"".join(parts)

    def stream(self, names: tuple[str, ...]) -> bytes:
        directory = self.chain(struct.unpack_from("<I", self.data, 0x30)[0], self.fat,
                               self.sector)
        entries = [directory[i:i + 128] for i in range(0, len(directory) - 127, 128)]
        for entry in entries:
            # calamine reserves a stream's claimed size up front: a claim past the end of the
            # file is damage, and would cost gigabytes.
            claimed = struct.unpack_from("<Q", entry, 0x78)[0]
            claimed &= 0xFFFFFFFF if self.shift == 9 else -1  # v3: the high half is unused
            if entry[0x42] in (2, 5) and claimed > len(self.data):
                raise BiffError("a stream claims more bytes than the file holds")
            length = min(struct.unpack_from("<H", entry, 0x40)[0], 64)
            name = entry[:max(length - 2, 0)].decode("utf-16-le", "replace")
            if entry[0x42] == 2 and name.casefold() in names:
                start, size = struct.unpack_from("<IQ", entry, 0x74)
                return self._read(entries[0], start, size & 0xFFFFFFFF)
        raise BiffError("no workbook stream")

    def _read(self, root: bytes, start: int, size: int) -> bytes:
        cutoff = struct.unpack_from("<I", self.data, 0x38)[0]
        if size >= cutoff:
            return self.chain(start, self.fat, self.sector)[:size]
        # A small stream lives in the mini stream: 64-byte sectors inside the root's stream.
        mini_fat_data = self.chain(struct.unpack_from("<I", self.data, 0x3C)[0], self.fat,
                                   self.sector)
        mini_fat = list(struct.unpack(f"<{len(mini_fat_data) // 4}I", mini_fat_data))
        mini = self.chain(struct.unpack_from("<I", root, 0x74)[0], self.fat, self.sector)
        return self.chain(start, mini_fat, lambda n: mini[n * 64:n * 64 + 64])[:size]


def _records(stream: bytes, offset: int):
    """(record id, data) from offset on; stops at the stream's end or a truncated record."""
    while offset + 4 <= len(stream):
        kind, length = struct.unpack_from("<HH", stream, offset)
        yield kind, stream[offset + 4:offset + 4 + length]
        offset += 4 + length


def _sheet_name(data: bytes, biff8: bool) -> str:
    count = data[6] if len(data) > 6 else 0
    if not biff8:
        return data[7:7 + count].decode("cp1252", "replace")
    wide = len(data) > 7 and data[7] & 1
    raw = data[8:8 + count * (2 if wide else 1)]
    return raw.decode("utf-16-le" if wide else "latin-1", "replace")


def _sheet_offset(stream: bytes, sheet: str, biff8: bool) -> int | None:
    for kind, data in _records(stream, 0):
        if kind == _FILEPASS:
            raise BiffError("the workbook is encrypted")
        if kind == _BOUNDSHEET and len(data) >= 7 and _sheet_name(data, biff8) == sheet:
            return struct.unpack_from("<I", data)[0]
        if kind == _EOF:
            break
    return None


def _cell_error(kind: int, data: bytes) -> str | None:
    """The error text of a BOOLERR error cell or of a formula whose cached result is one."""
    if kind == _BOOLERR and len(data) >= 8 and data[7] == 1:
        return ERRORS.get(data[6], f"#ERR{data[6]}")
    # A FORMULA result whose last two bytes are FFFF is not a number; type 2 is an error.
    if kind == _FORMULA and len(data) >= 14 and data[12:14] == b"\xff\xff" and data[6] == 2:
        return ERRORS.get(data[8], f"#ERR{data[8]}")
    return None


def xls_flags(path: Path, sheet: str) -> Flags:
    """(row, col) -> ("cached_error", "#DIV/0!") for the cells of one sheet holding an error."""
    stream, biff8 = workbook_stream(path)  # Excel 5/95 names the stream Book
    offset = _sheet_offset(stream, sheet, biff8)
    if offset is None:
        return {}
    flags: Flags = {}
    depth = 0
    for kind, data in _records(stream, offset):
        # An embedded chart is a substream of its own (BOF ... EOF) inside the sheet's.
        depth += (kind == _BOF) - (kind == _EOF)
        if depth <= 0:
            break
        text = _cell_error(kind, data)
        if text is not None:
            row, col = struct.unpack_from("<HH", data)
            flags[(row, col)] = ("cached_error", text)
    return flags


_DIMENSIONS, _SST, _MERGED = 0x200, 0xFC, 0xE5
_CELLS = {0x201, 0x203, 0x204, 0x205, 0x27E, 0xFD, 0xD6, 0x06}
_MULTI = {0xBD, 0xBE}  # MULRK, MULBLANK: row, first column, ..., last column


def workbook_stream(path: Path) -> tuple[bytes, bool]:
    """The Workbook (BIFF8) or Book (BIFF5) stream and whether it is BIFF8."""
    book = _Compound(path.read_bytes())
    try:
        return book.stream(("workbook",)), True
    except BiffError:
        return book.stream(("book",)), False


def _sheet_names(stream: bytes, biff8: bool) -> dict[int, str]:
    names = {}
    for kind, data in _records(stream, 0):
        if kind == _BOUNDSHEET and len(data) >= 7:
            names[struct.unpack_from("<I", data)[0]] = _sheet_name(data, biff8)
        if kind == _EOF:
            break
    return names


def biff_claims(stream: bytes, biff8: bool):
    """(sheet, what, row, col) for every size claim: dimensions, cells, merges; and
    ("", "strings", count, 0) for the shared-string table."""
    names, sheet, offset = _sheet_names(stream, biff8), "", 0
    while offset + 4 <= len(stream):
        kind, length = struct.unpack_from("<HH", stream, offset)
        data = stream[offset + 4:offset + 4 + length]
        sheet = names.get(offset, sheet) if kind == _BOF else sheet
        offset += 4 + length
        yield from _claims(kind, data, sheet, biff8)


def _claims(kind: int, data: bytes, sheet: str, biff8: bool):
    if kind == _SST and len(data) >= 8:
        yield "", "strings", max(struct.unpack_from("<2I", data)), 0
    elif kind == _DIMENSIONS and len(data) >= (14 if biff8 else 10):
        first_row, rows, first_col, cols = (struct.unpack_from("<IIHH", data) if biff8
                                            else struct.unpack_from("<HHHH", data))
        if first_row > rows or first_col > cols:  # calamine would size the sheet negative
            yield sheet, "inverted", first_row, first_col
        yield sheet, "the sheet's dimension", max(rows - 1, 0), max(cols - 1, 0)
    elif kind in _CELLS and len(data) >= 4:
        yield sheet, "a cell", *struct.unpack_from("<HH", data)
    elif kind in _MULTI and len(data) >= 6:
        row = struct.unpack_from("<H", data)[0]
        yield sheet, "a cell", row, struct.unpack_from("<H", data, len(data) - 2)[0]
    elif kind == _MERGED and len(data) >= 2:
        count = min(struct.unpack_from("<H", data)[0], (len(data) - 2) // 8)
        for i in range(count):
            r0, r1, c0, c1 = struct.unpack_from("<4H", data, 2 + 8 * i)
            if r0 > r1 or c0 > c1:
                yield sheet, "inverted", r0, c0
            yield sheet, "a merged range", r1, c1
