"""`workbench import` of real .xls (xlwt) and .ods (odfpy) files: rows, merges, errors, refusals."""

import csv
import datetime as dt
import json
import re
import zipfile
from dataclasses import dataclass

import pytest

from workbench.cli import main

xlwt = pytest.importorskip("xlwt")  # test-only writers: pip install xlwt==1.3.0 odfpy==1.4.1
odf_doc = pytest.importorskip("odf.opendocument")
from odf.table import CoveredTableCell, Table, TableCell, TableRow  # noqa: E402
from odf.text import P  # noqa: E402

SHEET = "Extraktion – Ketamin"  # an en dash: BIFF8 stores the name as UTF-16
CALCEXT = "urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"
FORMATS = ["xls", "ods"]


@dataclass(frozen=True)
class Err:
    """A cell holding a cached error value, as a spreadsheet program saves it."""

    text: str


@dataclass(frozen=True)
class Formula:
    """A formula saved without a computed value."""

    text: str


# Sheet rows 1-11; merges as (first row, first col, last row, last col), 0-based.
EXTRACTION = [
    ["Ketamine for postoperative pain: extraction"],
    ["Study", "Year", "Outcome", "Ketamine", None, "Placebo", None],
    [None, None, None, "Events", "N", "Events", "N"],
    ["Müller 2015", dt.date(2015, 3, 1), "Pain at 24 h", "12", "45*", 10, 44],
    ["Søren 2018", 2018, "Pain at 24 h", "NR", "30", 8, 31],
    [],
    ["Added at the 2024 update"],
    ["Çelik 2020", "2020", "Pain at 24 h", 5, 20, "6", "21"],
    ["Ødegaard 2019", 2019, "Pain at 24 h", 50, 40, 3, 40],
    ["Łukasz 2021", 2021, "Pain at 24 h", "12,5", 30, 2, 30],
    ["Total", None, None, 79, 165, 29, 166],
]
MERGES = [(1, 0, 2, 0), (1, 1, 2, 1), (1, 2, 2, 2), (1, 3, 1, 4), (1, 5, 1, 6), (6, 0, 6, 6)]
MAPPING = {"sheet": SHEET, "header_row": 2, "header_rows": 2, "data_type": "dichotomous",
           "group_labels": ["Ketamine", "Placebo"],
           "constants": {"comparison": "Ketamine versus placebo"},
           "columns": {"study": "Study", "year": "Year", "outcome": "Outcome",
                       "events_1": "Ketamine Events", "total_1": "Ketamine N",
                       "events_2": "Placebo Events", "total_2": "Placebo N"}}
# A first sheet with an error where the data sheet has a number: flags must not leak across.
README = [["Read me"], [None], [None], [None, None, None, None, None, Err("#REF!")]]


def _xls(path, sheets):
    book = xlwt.Workbook(encoding="utf-8")
    for name, rows, merges in sheets:
        _xls_sheet(book.add_sheet(name), rows, merges)
    book.save(str(path))
    return path


def _xls_sheet(sheet, rows, merges):
    covered = {(r, c) for r0, c0, r1, c1 in merges
               for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
    date, plain = xlwt.easyxf(num_format_str="yyyy-mm-dd"), xlwt.Style.default_style
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is None or (r, c) in covered:
                continue
            if isinstance(value, Err):
                sheet.row(r).set_cell_error(c, value.text)
            elif isinstance(value, Formula):
                sheet.write(r, c, xlwt.Formula(value.text))
            else:
                sheet.write(r, c, value, date if isinstance(value, dt.date) else plain)
    for r0, c0, r1, c1 in merges:
        sheet.write_merge(r0, r1, c0, c1, rows[r0][c0])


def _ods(path, sheets):
    doc = odf_doc.OpenDocumentSpreadsheet()
    for name, rows, merges in sheets:
        doc.spreadsheet.addElement(_ods_table(name, rows, merges))
    doc.save(str(path))
    return path


def _ods_table(name, rows, merges):
    table = Table(name=name)
    starts = {(r0, c0): (r1 - r0 + 1, c1 - c0 + 1) for r0, c0, r1, c1 in merges}
    covered = {(r, c) for r0, c0, r1, c1 in merges
               for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)} - set(starts)
    width = max(len(r) for r in rows)
    for r, row in enumerate(rows):
        line = TableRow()
        for c in range(width):
            value = row[c] if c < len(row) else None
            if (r, c) in covered:
                line.addElement(CoveredTableCell())
                continue
            spans = starts.get((r, c))
            extra = ({"numberrowsspanned": spans[0], "numbercolumnsspanned": spans[1]}
                     if spans else {})
            line.addElement(_ods_cell(value, extra))
        table.addElement(line)
    return table


def _ods_cell(value, extra):
    if value is None:
        return TableCell(**extra)
    if isinstance(value, Formula):
        return TableCell(formula=f"of:={value.text}", **extra)  # never calculated: no value
    if isinstance(value, Err):
        # What LibreOffice saves for a formula whose result is an error.
        cell = TableCell(formula="of:=1/0", valuetype="string", stringvalue="", **extra)
        cell.setAttrNS(CALCEXT, "value-type", "error")
    elif isinstance(value, dt.date):
        cell = TableCell(valuetype="date", datevalue=value.isoformat(), **extra)
    elif isinstance(value, int | float):
        cell = TableCell(valuetype="float", value=value, **extra)
    else:
        cell = TableCell(valuetype="string", **extra)
    cell.addElement(P(text=value.text if isinstance(value, Err) else str(value)))
    return cell


WRITERS = {"xls": _xls, "ods": _ods}


def _workbook(tmp_path, fmt, rows=EXTRACTION, merges=MERGES):
    return WRITERS[fmt](tmp_path / f"extraction.{fmt}",
                        [("Read me", README, []), (SHEET, rows, merges)])


def _run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def _import(tmp_path, capsys, source, *extra):
    mapping = tmp_path / "map.json"
    mapping.write_text(json.dumps(MAPPING), encoding="utf-8")
    project = tmp_path / "p.wbproj"
    code, out, err = _run(capsys, "import", project, source, "--mapping", mapping, "--json",
                          *extra)
    return code, json.loads(out), err, project


def _located(problems):
    return [(p["sheet"], p["row"], p["column"], p["value"], p["reason"]) for p in problems]


@pytest.mark.parametrize("fmt", FORMATS)
def test_extraction_sheet_imports_the_expected_rows(tmp_path, capsys, fmt):
    code, doc, err, project = _import(tmp_path, capsys, _workbook(tmp_path, fmt),
                                      "--skip-invalid")
    assert code == 0, err
    assert (doc["rows_read"], doc["rows_imported"], doc["studies_added"],
            doc["outcomes_added"]) == (5, 3, 3, 1)
    assert _located(doc["problems"]) == [
        (SHEET, 9, "D", "50", "events_exceed_total"),
        (SHEET, 10, "D", "12,5", "unparseable_number")]
    assert [(m["row"], m["column"], m["field"], m["value"]) for m in doc["missing"]] == [
        (5, "D", "events_1", "NR")]
    assert [(s["row"], s["kind"]) for s in doc["skipped_rows"]] == [
        (6, "blank"), (7, "comment"), (11, "total")]
    out = tmp_path / "out.csv"
    assert _run(capsys, "export", project, "--to", "csv", "--out", out)[0] == 0
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = {r["study"]: r for r in csv.DictReader(handle)}
    got = {s: (r["year"], r["events_1"], r["total_1"], r["events_2"], r["total_2"])
           for s, r in rows.items()}
    assert got == {"Müller 2015": ("2015", "12", "45", "10", "44"),
                   "Søren 2018": ("2018", "", "30", "8", "31"),
                   "Çelik 2020": ("2020", "5", "20", "6", "21")}
    assert {r["comparison"] for r in rows.values()} == {"Ketamine versus placebo"}


@pytest.mark.parametrize("fmt", FORMATS)
def test_problems_refuse_the_import_and_name_sheet_row_column(tmp_path, capsys, fmt):
    code, doc, err, project = _import(tmp_path, capsys, _workbook(tmp_path, fmt))
    assert code == 2 and not project.exists() and doc["rows_imported"] == 0
    assert f"sheet {SHEET}, row 10, column D" in err


@pytest.mark.parametrize("fmt", FORMATS)
def test_cached_error_is_a_problem_never_a_blank(tmp_path, capsys, fmt):
    rows = [list(r) for r in EXTRACTION]
    rows[3][5] = Err("#DIV/0!")  # Müller's placebo events, F4
    code, doc, _err, _project = _import(tmp_path, capsys, _workbook(tmp_path, fmt, rows),
                                        "--skip-invalid")
    assert code == 0
    errors = [p for p in doc["problems"] if p["reason"] == "cached_error"]
    assert _located(errors) == [(SHEET, 4, "F", "#DIV/0!", "cached_error")]
    assert errors[0]["field"] == "events_2"
    assert doc["rows_imported"] == 2 and not any(m["row"] == 4 for m in doc["missing"])


def test_xls_formula_with_a_cached_error_is_a_problem(tmp_path, capsys, monkeypatch):
    # Excel saves a formula's error result in the FORMULA record; xlwt only ever writes an
    # empty-string result, so make its record carry #DIV/0! (type 2, code 0x07) instead.
    from xlwt import BIFFRecords

    original = BIFFRecords.FormulaRecord.__init__

    def with_error(self, row, col, xf_index, rpn, calc_flags=0):
        original(self, row, col, xf_index, rpn, calc_flags)
        data = bytearray(self._rec_data)
        data[6:14] = bytes([2, 0, 0x07, 0, 0, 0, 0xFF, 0xFF])
        self._rec_data = bytes(data)

    monkeypatch.setattr(BIFFRecords.FormulaRecord, "__init__", with_error)
    rows = [list(r) for r in EXTRACTION]
    rows[4][6] = Formula("1/0")  # Søren's placebo N, G5
    code, doc, _err, _project = _import(tmp_path, capsys, _workbook(tmp_path, "xls", rows))
    assert code == 2
    assert (SHEET, 5, "G", "#DIV/0!", "cached_error") in _located(doc["problems"])


def test_ods_formula_without_value_says_open_and_save(tmp_path, capsys):
    rows = [list(r) for r in EXTRACTION]
    rows[3][4] = Formula("[.D4]+33")  # Müller's ketamine N, E4
    code, doc, _err, _project = _import(tmp_path, capsys, _workbook(tmp_path, "ods", rows))
    assert code == 2
    found = [p for p in doc["problems"] if p["row"] == 4]
    assert _located(found) == [(SHEET, 4, "E", "=[.D4]+33", "formula_without_value")]
    assert "open and save" in found[0]["message"]


def test_xls_formula_saved_with_an_empty_result_reads_as_blank(tmp_path, capsys):
    # BIFF always stores a result; xlwt stores "" (as Excel does for =IF(..,"",..)), so the
    # cell reads as missing. Documented here so a change of behaviour is a decision.
    rows = [list(r) for r in EXTRACTION]
    rows[3][4] = Formula("D4+33")
    code, doc, _err, _project = _import(tmp_path, capsys, _workbook(tmp_path, "xls", rows),
                                        "--skip-invalid")
    assert code == 0
    assert (4, "E", "total_1", "") in [(m["row"], m["column"], m["field"], m["value"])
                                       for m in doc["missing"]]


def test_ods_without_merges_loses_the_two_row_header(tmp_path, capsys):
    # Control for the merge reader: without the merge, "Ketamine" names column D only.
    code, doc, err, _project = _import(tmp_path, capsys, _workbook(
        tmp_path, "ods", merges=[m for m in MERGES if m != (1, 3, 1, 4)]))
    assert code == 2 and "Ketamine N" in err


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("content", [
    b"<!DOCTYPE html><html><body><table><tr><td>Study</td></tr></table></body></html>",
    "Study,Year\nMüller 2015,2015\n".encode()])
def test_disguised_file_is_refused_before_parsing(tmp_path, capsys, fmt, content):
    fake = tmp_path / f"fake.{fmt}"
    fake.write_bytes(content)
    code, out, err = _run(capsys, "import", tmp_path / "p.wbproj", fake, "--json")
    assert code == 2 and "refused" in err and f"fake.{fmt}" in err
    assert "error" in json.loads(out) and not (tmp_path / "p.wbproj").exists()


def test_ods_doctype_after_a_long_prolog_is_refused(tmp_path, capsys):
    # The prolog scan in safety.py reads 64 KiB; a longer comment must not smuggle a DOCTYPE.
    path = _workbook(tmp_path, "ods")
    with zipfile.ZipFile(path) as archive:
        members = {i.filename: archive.read(i) for i in archive.infolist()}
    body = members["content.xml"].split(b"?>", 1)[1]
    members["content.xml"] = (b'<?xml version="1.0"?><!--' + b" " * 70_000 + b"-->"
                              b'<!DOCTYPE x [<!ENTITY a "aaaa">]>' + body)
    hostile = tmp_path / "hostile.ods"
    with zipfile.ZipFile(hostile, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    code, _doc, err, project = _import(tmp_path, capsys, hostile)
    assert code == 2 and "refused" in err and not project.exists()


LO_CONTENT = f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:calcext="{CALCEXT}" office:version="1.3"><office:body><office:spreadsheet>
<table:table table:name="Other"><table:table-row>
 <table:table-cell table:number-columns-spanned="3" table:number-rows-spanned="1"/>
 <table:covered-table-cell table:number-columns-repeated="2"/>
</table:table-row></table:table>
<table:table table:name="Data">
 <table:table-header-rows><table:table-row>
  <table:table-cell office:value-type="string"><text:p>Study</text:p></table:table-cell>
  <table:table-cell office:value-type="string" table:number-columns-spanned="2"
   table:number-rows-spanned="1"><text:p>Events</text:p></table:table-cell>
  <table:covered-table-cell/>
 </table:table-row></table:table-header-rows>
 <table:table-row table:number-rows-repeated="2">
  <table:table-cell table:number-columns-repeated="1024"/></table:table-row>
 <table:table-row-group><table:table-row>
  <table:table-cell office:value-type="string"><text:p>A</text:p>
   <office:annotation><text:p>#N/A is not this cell's value</text:p></office:annotation>
  </table:table-cell>
  <table:table-cell office:value-type="float" office:value="3" table:number-columns-repeated="2">
   <text:p>3</text:p></table:table-cell>
  <table:table-cell table:formula="of:=1/0" office:value-type="string" office:string-value=""
   calcext:value-type="error"><text:p>#DIV/0!</text:p>
   <office:annotation><text:p>checked</text:p></office:annotation></table:table-cell>
  <table:table-cell table:formula="of:=[.B4]*2"/>
 </table:table-row></table:table-row-group>
 <table:table-row table:number-rows-repeated="1048570">
  <table:table-cell table:number-columns-repeated="16384"/></table:table-row>
</table:table></office:spreadsheet></office:body></office:document-content>
"""


MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">
 <manifest:file-entry manifest:full-path="/"
  manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>
"""


def test_ods_positions_follow_repeats_groups_and_covered_cells(tmp_path):
    # Laid out as LibreOffice saves: header-rows wrapper, repeated blank rows and cells, row
    # groups, annotations inside cells, covered cells, a huge trailing repeat.
    from workbench.io.spreadsheet.odsxml import ods_scan
    from workbench.io.spreadsheet.workbook import read_sheet

    path = tmp_path / "lo.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        # LibreOffice writes no whitespace between elements (and calamine rejects it there).
        archive.writestr("content.xml", re.sub(r">\s+<", "><", LO_CONTENT))
        archive.writestr("META-INF/manifest.xml", MANIFEST)
    merged, flags = ods_scan(path, "Data")
    assert merged == [(0, 1, 0, 2)]
    assert flags == {(3, 3): ("cached_error", "#DIV/0!"),
                     (3, 4): ("formula_without_value", "=[.B4]*2")}
    grid = read_sheet(path, "Data")
    assert grid.rows[3][:3] == ["A", 3.0, 3.0] and grid.rows[3][3] == ""


@pytest.mark.parametrize("fmt", FORMATS)
def test_without_a_map_the_recognised_sheet_is_read(tmp_path, capsys, fmt):
    header = ["Study ID", "Year", "Comparison", "Outcome", "Events (intervention)",
              "N intervention", "Events (control)", "N control"]
    rows = [header, ["Đorđević 2010", 2010, "K vs P", "Nausea", 4, 20, 6, 21],
            [None, None, "K vs P", "Pain", "7", "20", "9", "21"]]
    source = WRITERS[fmt](tmp_path / f"plain.{fmt}",
                          [("Read me", README, []), ("Data", rows, [(1, 0, 2, 0), (1, 1, 2, 1)])])
    code, out, err = _run(capsys, "import", tmp_path / "p.wbproj", source, "--json")
    doc = json.loads(out)
    assert code == 0, err
    assert (doc["sheet"], doc["rows_read"], doc["rows_imported"], doc["studies_added"],
            doc["outcomes_added"]) == ("Data", 2, 2, 1, 2)


def _mini_stream_xls(stream: bytes) -> bytes:
    """A compound file whose Workbook stream (< 4096 bytes) lives in the 64-byte mini stream,
    as some writers save small workbooks; xlwt always pads its stream past that cutoff."""
    import struct

    mini = stream + b"\0" * (-len(stream) % 64)
    mini_sectors = len(mini) // 64
    data_sectors = -(-len(mini) // 512)
    end, free = 0xFFFFFFFE, 0xFFFFFFFF
    # Sectors: 0 FAT, 1 directory, 2 mini FAT, 3.. the root's stream (the mini stream).
    fat = [0xFFFFFFFD, end, end] + [3 + i + 1 for i in range(data_sectors - 1)] + [end]
    mini_fat = list(range(1, mini_sectors)) + [end]

    def entry(name, kind, start, size):
        raw = name.encode("utf-16-le") + b"\0\0"
        return (raw.ljust(64, b"\0") + struct.pack("<HBB3I", len(raw), kind, 1, free, free, free)
                + b"\0" * 36 + struct.pack("<IQ", start, size))

    header = (bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 16
              + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 10
              + struct.pack("<8I", 1, 1, 0, 4096, 2, 1, end, 0)
              + struct.pack("<109I", 0, *[free] * 108))
    directory = (entry("Root Entry", 5, 3, len(mini)) + entry("Workbook", 2, 0, len(stream)))
    sectors = [struct.pack("<128I", *(fat + [free] * (128 - len(fat)))),
               directory.ljust(512, b"\0"),
               struct.pack("<128I", *(mini_fat + [free] * (128 - len(mini_fat)))),
               mini.ljust(data_sectors * 512, b"\0")]
    return header + b"".join(sectors)


def test_xls_with_its_workbook_in_the_mini_stream(tmp_path):
    from workbench.io.spreadsheet.biff import _Compound, xls_flags
    from workbench.io.spreadsheet.workbook import read_sheet

    rows = [["Study", "Events"], ["A", Err("#NUM!")]]
    big = _xls(tmp_path / "big.xls", [("Data", rows, [])])
    padded = _Compound(big.read_bytes()).stream(("workbook",))
    end = 0
    while padded[end:end + 2] != b"\0\0":  # records up to xlwt's zero padding
        end += 4 + int.from_bytes(padded[end + 2:end + 4], "little")
    assert end < 4096
    small = tmp_path / "small.xls"
    small.write_bytes(_mini_stream_xls(padded[:end]))
    assert read_sheet(small, "Data").rows[1][0] == "A"  # calamine reads it as well
    assert xls_flags(small, "Data") == {(1, 1): ("cached_error", "#NUM!")}
