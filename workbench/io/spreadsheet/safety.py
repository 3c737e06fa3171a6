"""Checks a file before any parser sees it: right kind, intact, no zip bomb, no XML entities."""

from __future__ import annotations

import zipfile
from pathlib import Path

from workbench.io.spreadsheet.guard import guarded
from workbench.io.spreadsheet.model import SpreadsheetError
from workbench.io.spreadsheet.odslimits import check_ods
from workbench.io.spreadsheet.prescan import check_xls, check_xlsx

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_TOTAL = 256 * 1024 * 1024
MAX_RATIO = 100
RATIO_FLOOR = 1024 * 1024  # small members may compress well; only larger ones are suspicious
PROLOG_SCAN = 64 * 1024  # a DOCTYPE must come before the root element, so the head suffices
ZIP_KINDS = {".xlsx": "an Excel workbook", ".xlsm": "an Excel workbook",
             ".ods": "an OpenDocument spreadsheet"}


def describe_content(head: bytes) -> str:
    """What a file's first bytes look like, so a refusal can say what the file really is."""
    if head.startswith(ZIP_MAGIC):
        return "a zip archive"
    if head.startswith(OLE_MAGIC):
        return "an Excel 97-2003 (OLE) file"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<!doctype html", b"<html", b"<table", b"<meta")) or b"<html" in text:
        return "an HTML page"
    if text.startswith(b"<?xml") or text.startswith(b"<"):
        return "an XML or HTML file"
    if b"\x00" in head:
        return "a binary file of unknown kind"
    return "a text (CSV) file"


@guarded
def check_file(path: Path) -> None:
    """Refuse a file that is not what its extension claims or that could exhaust memory."""
    if not path.is_file():
        raise SpreadsheetError(f"{path}: no such file")
    suffix = path.suffix.lower()
    with path.open("rb") as handle:
        head = handle.read(4096)
    if suffix in ZIP_KINDS:
        _expect(path, head.startswith(ZIP_MAGIC), ZIP_KINDS[suffix], head)
        check_archive(path)
        # Size claims are checked by a streaming pass: calamine allocates for them at once.
        (check_ods if suffix == ".ods" else check_xlsx)(path)
    elif suffix == ".xls":
        _expect(path, head.startswith(OLE_MAGIC), "an Excel 97-2003 workbook", head)
        _check_size(path, path.stat().st_size)
        check_xls(path)
    elif suffix == ".csv":
        _expect(path, not head.startswith((ZIP_MAGIC, OLE_MAGIC)) and b"\x00" not in head,
                "a CSV text file", head)
        _check_size(path, path.stat().st_size)
    else:
        raise SpreadsheetError(f"{path}: unsupported file type {suffix or '(none)'}; "
                               "use .xlsx, .xlsm, .xls, .ods or .csv")


def _expect(path: Path, ok: bool, claimed: str, head: bytes) -> None:
    if not ok:
        raise SpreadsheetError(f"{path}: refused: named as {claimed} but it is "
                               f"{describe_content(head)}")


def _check_size(path: Path, size: int) -> None:
    if size > MAX_TOTAL:
        raise SpreadsheetError(f"{path}: refused: larger than 256 MiB")


def check_archive(path: Path) -> None:
    """Intact zip, bounded uncompressed size and ratio, and no DOCTYPE in any XML member."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            _check_sizes(path, members)
            for info in members:
                if info.flag_bits & 0x1:
                    raise SpreadsheetError(f"{path}: refused: member {info.filename} is "
                                           "encrypted")
                if info.filename.lower().endswith((".xml", ".rels", ".vml")):
                    _check_xml_head(path, archive, info)
    except zipfile.BadZipFile as err:
        raise SpreadsheetError(f"{path}: refused: damaged or truncated archive ({err})") from err
    except (EOFError, zipfile.LargeZipFile, NotImplementedError) as err:
        raise SpreadsheetError(f"{path}: refused: unreadable archive ({err})") from err


def _check_sizes(path: Path, members: list[zipfile.ZipInfo]) -> None:
    total = sum(info.file_size for info in members)
    if total > MAX_TOTAL:
        raise SpreadsheetError(f"{path}: refused: uncompressed content is {total >> 20} MiB, "
                               "more than 256 MiB")
    for info in members:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
            raise SpreadsheetError(f"{path}: refused: member {info.filename} is compressed "
                                   f"{ratio:.0f}:1 (a zip bomb?)")


def _check_xml_head(path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    # Read a bounded prefix: decompressing whole members here would defeat the bomb check.
    with archive.open(info) as member:
        head = member.read(PROLOG_SCAN)
    upper = head.upper()
    if b"<!DOCTYPE" in upper or b"<!ENTITY" in upper:
        raise SpreadsheetError(f"{path}: refused: {info.filename} declares a DOCTYPE or XML "
                               "entities, which are never expanded")
