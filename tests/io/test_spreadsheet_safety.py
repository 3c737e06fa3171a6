"""Hostile files are refused before parsing, each with a message naming the file."""

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from workbench.io.spreadsheet import SpreadsheetError, read_batch


def _refused(path: Path, words: str) -> None:
    with pytest.raises(SpreadsheetError) as err:
        read_batch(path)
    assert str(path) in err.value.message
    assert words in err.value.message


def _workbook(path: Path) -> Path:
    book = openpyxl.Workbook()
    book.active.append(["Study", "Comparison", "Outcome", "events_1", "total_1", "events_2",
                        "total_2"])
    book.active.append(["A 2001", "X vs Y", "Death", 1, 10, 2, 10])
    book.save(path)
    return path


def test_truncated_zip_is_refused(tmp_path):
    good = _workbook(tmp_path / "good.xlsx").read_bytes()
    bad = tmp_path / "truncated.xlsx"
    bad.write_bytes(good[: len(good) // 2])
    _refused(bad, "truncated")


def test_csv_renamed_xlsx_is_refused(tmp_path):
    path = tmp_path / "data.xlsx"
    path.write_text("study,events_1\nA,1\n")
    _refused(path, "CSV")


def test_html_renamed_xls_is_refused(tmp_path):
    path = tmp_path / "export.xls"
    path.write_text("<html><body><table><tr><td>Study</td></tr></table></body></html>")
    _refused(path, "HTML")


def test_zip_bomb_is_refused(tmp_path):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (8 * 1024 * 1024))
    _refused(path, "compressed")


def test_xml_entities_are_refused(tmp_path):
    source = _workbook(tmp_path / "good.xlsx")
    path = tmp_path / "entities.xlsx"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(path, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == "xl/workbook.xml":
                data = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>'
                        + data.split(b"?>", 1)[-1])
            new.writestr(info, data)
    _refused(path, "DOCTYPE")


def test_oversized_total_is_refused(tmp_path, monkeypatch):
    from workbench.io.spreadsheet import safety

    monkeypatch.setattr(safety, "MAX_TOTAL", 1000)
    _refused(_workbook(tmp_path / "big.xlsx"), "256 MiB")


def test_unsupported_extension(tmp_path):
    path = tmp_path / "data.txt"
    path.write_text("x")
    _refused(path, "unsupported")


def test_binary_csv_is_refused(tmp_path):
    path = tmp_path / "data.csv"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a", "b")
    path.write_bytes(buffer.getvalue())
    _refused(path, "zip")
