"""Issue 15, spreadsheets: each hostile file seen in the field is a clear exit-2 refusal that
names the place, within bounded time and memory, and nothing changes."""

import io
import json
import re
import time
import zipfile
from pathlib import Path

import pytest

from workbench.cli import main
from workbench.core.limits import MAX_CELL_TEXT, MAX_LABEL

HEADER = "study,comparison,outcome,events_1,total_1,events_2,total_2\n"
ROW = "Smith 2001,K v P,Pain,{e},40,8,41\n"


def run(capsys, *argv) -> tuple[int, str]:
    code = main([*map(str, argv)])
    captured = capsys.readouterr()
    return code, captured.err


def refused(capsys, tmp_path: Path, source: Path, *extra) -> str:
    """Import into an existing project: exit 2, no internal error, both files unchanged."""
    project = tmp_path / "p.wbproj"
    if not project.exists():
        assert main(["new", str(project)]) == 0
    before = project.read_bytes(), source.read_bytes()
    started = time.monotonic()
    code, err = run(capsys, "import", project, source, *extra)
    assert code == 2, err
    assert "internal error" not in err and "Traceback" not in err
    assert time.monotonic() - started < 20  # "minutes" before the limits
    assert (project.read_bytes(), source.read_bytes()) == before
    return err


def xlsx(tmp_path: Path, sheet_xml: bytes | None = None, strings: bytes | None = None,
         name: str = "book.xlsx") -> Path:
    """A minimal workbook written member by member, so any member can be made hostile."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Extraction"
    for row in [["study", "comparison", "outcome", "events_1", "total_1", "events_2",
                 "total_2"], ["Smith 2001", "K v P", "Pain", 5, 40, 8, 41]]:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    path = tmp_path / name
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml" and sheet_xml is not None:
                body = sheet_xml(body) if callable(sheet_xml) else sheet_xml
            out.writestr(info.filename, body)
        if strings is not None:  # openpyxl writes inline strings; a hostile file need not
            out.writestr("xl/sharedStrings.xml", strings)
    return path


def test_corrupt_deflate_stream_is_refused_naming_the_file(capsys, tmp_path):
    path = xlsx(tmp_path)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    data[start:start + info.compress_size] = b"\xff" * info.compress_size  # not deflate
    path.write_bytes(bytes(data))
    err = refused(capsys, tmp_path, path)
    assert "book.xlsx" in err and "refused" in err


def test_encrypted_member_is_refused(capsys, tmp_path):
    path = xlsx(tmp_path)
    data = bytearray(path.read_bytes())
    # The first member's "encrypted" flag, in its local and central headers, as a
    # password-protected zip sets it.
    data[6] |= 1
    data[data.find(b"PK\x01\x02") + 8] |= 1
    path.write_bytes(bytes(data))
    assert "encrypted" in refused(capsys, tmp_path, path)


@pytest.mark.parametrize("ref, where", [
    (b"A1:C4000000000", "row 4000000000"), (b"A1:ZZZZZZ2", "column ZZZZZZ"),
    (b"C3:A1", "row 3, column C")])
def test_dimension_claiming_billions_of_cells_is_refused(capsys, tmp_path, ref, where):
    path = xlsx(tmp_path, lambda body: re.sub(rb'<dimension ref="[^"]*"',
                                              b'<dimension ref="' + ref + b'"', body))
    err = refused(capsys, tmp_path, path)
    assert "sheet 'Extraction'" in err and where in err and "dimension" in err


def test_far_cell_is_refused_with_its_place(capsys, tmp_path):
    path = xlsx(tmp_path, lambda body: body.replace(b'r="G2"', b'r="G1048576"'))
    err = refused(capsys, tmp_path, path)
    assert "row 1048576, column G" in err  # past core.limits.MAX_ROWS


def test_merged_range_to_column_zzzzz_is_refused(capsys, tmp_path):
    merge = b'<mergeCells count="1"><mergeCell ref="A1:ZZZZZ9"/></mergeCells>'
    path = xlsx(tmp_path, lambda body: body.replace(b"</sheetData>", b"</sheetData>" + merge))
    err = refused(capsys, tmp_path, path)
    assert "merged range" in err and "column ZZZZZ" in err


def test_shared_string_count_claiming_billions_is_refused(capsys, tmp_path):
    strings = (b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/'
               b'spreadsheetml/2006/main" count="4000000000" uniqueCount="4000000000">'
               b"<si><t>study</t></si></sst>")
    assert "4,000,000,000" in refused(capsys, tmp_path, xlsx(tmp_path, strings=strings))


def ods(tmp_path: Path, cell_attrs: str, rows_attrs: str = "") -> Path:
    """An .ods whose second row holds a study cell carrying the given attributes."""
    t = 'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
    o = 'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
    x = 'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    content = (f'<?xml version="1.0"?><office:document-content {t} {o} {x}><office:body>'
               '<office:spreadsheet><table:table table:name="Extraction"><table:table-row>'
               '<table:table-cell office:value-type="string"><text:p>study</text:p>'
               f'</table:table-cell></table:table-row><table:table-row {rows_attrs}>'
               f'<table:table-cell office:value-type="string" {cell_attrs}><text:p>Smith'
               '</text:p></table:table-cell></table:table-row></table:table>'
               '</office:spreadsheet></office:body></office:document-content>')
    path = tmp_path / "book.ods"
    with zipfile.ZipFile(path, "w") as out:
        out.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        out.writestr("content.xml", content)
    return path


@pytest.mark.parametrize("cell, row, expect", [
    ('table:number-columns-spanned="1000000000"', "", "merged range"),
    ('table:number-columns-repeated="1000000000"', "", "column"),
    ("", 'table:number-rows-repeated="1000000"', "row 1000001"),
])
def test_ods_spans_and_repeats_are_refused_quickly(capsys, tmp_path, cell, row, expect):
    err = refused(capsys, tmp_path, ods(tmp_path, cell, row))
    assert "book.ods, sheet 'Extraction'" in err and expect in err


def test_ods_trailing_empty_repeats_are_fine(tmp_path):
    """LibreOffice pads every sheet with a million empty rows; that is not refused."""
    from workbench.io.spreadsheet.odslimits import check_ods

    check_ods(ods(tmp_path, "", ""))  # the baseline reads
    path = ods(tmp_path, "", "")
    data = path.read_bytes()
    with zipfile.ZipFile(path) as archive:
        content = archive.read("content.xml").replace(
            b"</table:table>", b'<table:table-row table:number-rows-repeated="1048000">'
            b'<table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
            b"</table:table>")
    assert data
    with zipfile.ZipFile(path, "w") as out:
        out.writestr("content.xml", content)
    check_ods(path)


def test_csv_line_longer_than_the_field_limit_is_refused(capsys, tmp_path):
    path = tmp_path / "data.csv"
    path.write_text(HEADER + ROW.format(e=5) + "Jones 2003,K v P,Pain," + "9" * 200_000 +
                    ",40,8,41\n", encoding="utf-8")
    err = refused(capsys, tmp_path, path)
    assert "line 3" in err


def test_csv_cell_longer_than_a_spreadsheet_cell_names_its_column(capsys, tmp_path):
    path = tmp_path / "data.csv"
    path.write_text(HEADER + ROW.format(e=5) + "Jones,K v P,Pain," + "9" * (MAX_CELL_TEXT + 1)
                    + ",40,8,41\n", encoding="utf-8")
    assert "line 3, column D" in refused(capsys, tmp_path, path)


def test_csv_too_many_cells_is_refused(capsys, tmp_path):
    path = tmp_path / "data.csv"
    path.write_text(HEADER + ("1," * 999 + "1\n") * 2100, encoding="utf-8")
    assert "cells" in refused(capsys, tmp_path, path)


def test_utf16_csv_is_refused_as_not_a_csv_text(capsys, tmp_path):
    path = tmp_path / "data.csv"
    path.write_bytes((HEADER + ROW.format(e=5)).encode("utf-16"))
    assert "data.csv" in refused(capsys, tmp_path, path)


def test_infinity_from_text_is_unparseable_like_meta(capsys, tmp_path):
    path = tmp_path / "data.csv"
    path.write_text(HEADER + ROW.format(e="1e400"), encoding="utf-8")
    project = tmp_path / "p.wbproj"
    code, _ = run(capsys, "import", project, path, "--json")
    assert code == 2
    problem = json.loads(capsys.readouterr().out or "{}").get("problems") or []
    code = main(["import", str(project), str(path), "--json"])
    document = json.loads(capsys.readouterr().out)
    assert code == 2 and not project.exists() and problem == []
    assert [(p["row"], p["column"], p["reason"]) for p in document["problems"]] == [
        (2, "D", "unparseable_number")]


def test_label_longer_than_the_limit_is_a_problem_naming_the_cell(capsys, tmp_path):
    path = tmp_path / "data.csv"
    path.write_text(HEADER + "S" * (MAX_LABEL + 1) + ",K v P,Pain,5,40,8,41\n", encoding="utf-8")
    code = main(["import", str(tmp_path / "p.wbproj"), str(path), "--json"])
    document = json.loads(capsys.readouterr().out)
    assert code == 2
    assert [(p["row"], p["column"], p["reason"]) for p in document["problems"]] == [
        (2, "A", "text_too_long")]


@pytest.mark.parametrize("text, expect", [
    ('{"columns": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested"),
    ('{"header_rows": 1000000000, "columns": {"study": "study"}}', "'header_rows'"),
    ('{"header_row": 99999999999, "columns": {"study": "study"}}', "'header_row'"),
    ('{"constants": {"comparison": "' + "x" * 5000 + '"}}', "longer than"),
])
def test_hostile_mappings_are_refused(capsys, tmp_path, text, expect):
    source = tmp_path / "data.csv"
    source.write_text(HEADER + ROW.format(e=5), encoding="utf-8")
    mapping = tmp_path / "MAP.json"
    mapping.write_text(text, encoding="utf-8")
    err = refused(capsys, tmp_path, source, "--mapping", mapping)
    assert "MAP.json" in err and expect in err


class FakePanic(BaseException):
    """What pyo3 raises when Rust panics: a BaseException, not an Exception."""


@pytest.mark.parametrize("error", [FakePanic("index out of bounds"), MemoryError(),
                                   RecursionError(), __import__("zlib").error("bad")])
def test_every_reader_failure_becomes_a_refusal(capsys, tmp_path, monkeypatch, error):
    from python_calamine import CalamineWorkbook

    def explode(*_args, **_kwargs):
        raise error

    monkeypatch.setattr(CalamineWorkbook, "from_path", explode)
    err = refused(capsys, tmp_path, xlsx(tmp_path))
    assert "book.xlsx: " in err
    if isinstance(error, MemoryError | RecursionError | FakePanic):
        assert "refused" in err


def xls(tmp_path: Path) -> Path:
    xlwt = pytest.importorskip("xlwt")
    book = xlwt.Workbook()
    sheet = book.add_sheet("Extraction")
    for r, row in enumerate([["study", "comparison", "outcome", "events_1", "total_1",
                              "events_2", "total_2"], ["Smith", "K v P", "Pain", 5, 40, 8, 41]]):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    path = tmp_path / "book.xls"
    book.save(str(path))
    return path


def test_xls_inverted_dimension_is_refused(capsys, tmp_path):
    """Found by the fuzz test: first row after last made calamine reserve ~2^64 bytes."""
    path = xls(tmp_path)
    data = bytearray(path.read_bytes())
    at = data.find(b"\x00\x02\x0e\x00") + 4  # DIMENSIONS: first row (u32) comes first
    data[at:at + 4] = (213).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    err = refused(capsys, tmp_path, path)
    assert "sheet 'Extraction', row 214, column A" in err and "first cell is after" in err


def test_xls_dimension_claiming_too_many_rows_is_refused(capsys, tmp_path):
    path = xls(tmp_path)
    data = bytearray(path.read_bytes())
    at = data.find(b"\x00\x02\x0e\x00") + 8  # DIMENSIONS: last row + 1 (u32)
    data[at:at + 4] = b"\xff\xff\xff\xff"
    path.write_bytes(bytes(data))
    assert "the sheet's dimension beyond row 200,000" in refused(capsys, tmp_path, path)


@pytest.mark.parametrize("data, expect", [
    (b"study,events_1,total_1,events_2,total_2\nA," + b"9" * 200_000 + b",10,2,10\n",
     "not valid CSV"),
    ("study,events_1,total_1,events_2,total_2\nA,1,10,2,10\n".encode("utf-16"), "not UTF-8"),
    (b"study,events_1,total_1,events_2,total_2\nA,1e400,10,2,10\n", "data.csv"),
])
def test_meta_refuses_hostile_csv_naming_the_file(capsys, tmp_path, data, expect):
    path = tmp_path / "data.csv"
    path.write_bytes(data)
    code, err = run(capsys, "meta", path, "--measure", "RR", "--method", "DL")
    assert code == 2 and expect in err and "internal error" not in err
