"""Reading .rm5 files: structure, escaped IDs, encodings, RoB codes, and refused files."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from rm5_canonical import REVMAN_FILES, SHARED_RM5

from workbench.io.rm5 import xmlsafe
from workbench.io.rm5.model import RevManError
from workbench.io.rm5.reader import read_rm5

FLEISS = REVMAN_FILES / "Fleiss1993.rm5"
ANTIBIOTICS = REVMAN_FILES / "antibiotics-for-sore-throat.rm5"


def test_shared_files_are_present():
    assert len(SHARED_RM5) == 4


def test_fleiss_structure_and_escaped_ids():
    """Fleiss1993.rm5: 12 included studies, STUDY_ID STD-MRC_x002d_1 is 'MRC-1' (revman.md b)."""
    review = read_rm5(FLEISS)
    assert review.title == "Examples from Fleiss 1993"
    assert len(review.studies) == 12
    assert review.studies["STD-MRC-1"].raw_id == "STD-MRC_x002d_1"
    assert review.studies["STD-AMIS"].name == "AMIS" and review.studies["STD-AMIS"].year == 1980
    [(comparison, dich), (_, cont)] = review.outcomes()
    assert (dich.kind, cont.kind) == ("DICH", "CONT")
    assert dich.settings["METHOD"] == "MH" and dich.settings["EFFECT_MEASURE"] == "OR"
    assert dich.group_labels == ("Aspirin", "Control")
    assert dich.rows[0].values == {"events_1": 49, "total_1": 615, "events_2": 67,
                                   "total_2": 624}


def test_log_attributes_are_base_10():
    """revman.md (b): LOG_EFFECT_SIZE=-0.1428 for OR 0.7197 (MRC-1 in Fleiss1993.rm5)."""
    row = read_rm5(FLEISS).comparisons[0].outcomes[0].rows[0]
    assert math.isclose(float(row.cached["LOG_EFFECT_SIZE"]),
                        math.log10(float(row.cached["EFFECT_SIZE"])), rel_tol=1e-12)


def test_rob_results_map_yes_to_low_and_no_to_high():
    """antibiotics-for-sore-throat.rm5: 'allocated to alternate conditions on alternate days'
    is RESULT=NO (high risk); 'random bottle dispensing' is YES (low risk)."""
    entries = read_rm5(ANTIBIOTICS).rob
    by_support = {e.support: e.judgement for e in entries if e.item.startswith("Random")}
    assert by_support["Participants allocated to alternate conditions on alternate days"] == \
        "high"
    assert by_support["Participants randomised by random bottle dispensing"] == "low"
    blinding = [e for e in entries if e.item.startswith("Blinding")]
    assert blinding and {e.group for e in blinding} == {"All outcomes"}


def test_characteristics_of_included_studies(tmp_path):
    path = _write(tmp_path, _review(chars="<CHAR_METHODS><P>Randomised, <B>parallel</B></P>"
                                          "<P>Two centres</P></CHAR_METHODS>"))
    study = read_rm5(path).studies["STD-A-2001"]
    assert study.characteristics == {"methods": "Randomised, parallel\nTwo centres"}


def test_windows_1252_bytes_in_an_iso_8859_1_file(tmp_path):
    """RevMan declares ISO-8859-1 but writes Windows-1252 quotes (revman.md b, meta's oct2txt)."""
    text = _review(name="O\x92Brien 2001").encode("latin-1")
    path = tmp_path / "q.rm5"
    path.write_bytes(text.replace(b"UTF-8", b"ISO-8859-1"))
    assert read_rm5(path).studies["STD-A-2001"].name == "O\u2019Brien 2001"


def _review(name="A 2001", chars="", data='EVENTS_1="1" TOTAL_1="10" EVENTS_2="2" '
            'TOTAL_2="10"', kind="DICH", extra="") -> str:
    char = f'<INCLUDED_CHAR STUDY_ID="STD-A-2001">{chars}</INCLUDED_CHAR>' if chars else ""
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<COCHRANE_REVIEW>\n'
            f'<COVER_SHEET><TITLE>T</TITLE></COVER_SHEET>\n<STUDIES_AND_REFERENCES><STUDIES>'
            f'<INCLUDED_STUDIES><STUDY ID="STD-A-2001" NAME="{name}" YEAR="2001"/>'
            f'</INCLUDED_STUDIES></STUDIES></STUDIES_AND_REFERENCES>\n<CHARACTERISTICS_OF_STUDIES>'
            f'<CHARACTERISTICS_OF_INCLUDED_STUDIES>{char}</CHARACTERISTICS_OF_INCLUDED_STUDIES>'
            f'</CHARACTERISTICS_OF_STUDIES>\n<ANALYSES_AND_DATA>\n<COMPARISON ID="CMP-001" NO="1">'
            f'<NAME>C</NAME>\n<{kind}_OUTCOME ID="CMP-001.01" METHOD="MH" EFFECT_MEASURE="RR" '
            f'RANDOM="NO" CI_TOTAL="95" CI_STUDY="95"{extra}><NAME>O</NAME>\n'
            f'<{kind}_DATA STUDY_ID="STD-A-2001" {data}/>\n</{kind}_OUTCOME>\n</COMPARISON>\n'
            f'</ANALYSES_AND_DATA>\n</COCHRANE_REVIEW>\n')


def _write(tmp_path: Path, text: str, name: str = "r.rm5") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _refused(path: Path, *words: str) -> str:
    with pytest.raises(RevManError) as err:
        read_rm5(path)
    message = str(err.value)
    assert str(path) in message
    for word in words:
        assert word in message
    return message


def test_truncated_file_names_the_line(tmp_path):
    data = ANTIBIOTICS.read_bytes()
    path = tmp_path / "cut.rm5"
    path.write_bytes(data[: len(data) // 2])
    _refused(path, "line", "not well-formed")


def test_malformed_xml_names_line_and_column(tmp_path):
    path = _write(tmp_path, _review().replace("<NAME>O</NAME>", "<NAME>O</NAMEX>"))
    _refused(path, "line 8", "column", "mismatched tag")


def test_a_number_that_is_not_names_element_attribute_and_line(tmp_path):
    path = _write(tmp_path, _review(data='EVENTS_1="twelve" TOTAL_1="10"'))
    _refused(path, "line 9", "<DICH_DATA>", "EVENTS_1='twelve'")


def test_unknown_data_type_names_the_element(tmp_path):
    path = _write(tmp_path, _review(kind="QUAL"))
    _refused(path, "line 8", "<QUAL_OUTCOME>", "unknown data type")


def test_unknown_study_names_the_row(tmp_path):
    path = _write(tmp_path, _review().replace('<DICH_DATA STUDY_ID="STD-A-2001"',
                                              '<DICH_DATA STUDY_ID="STD-Z"'))
    _refused(path, "line 9", "STD-Z")


def test_wrong_encoding_names_the_line(tmp_path):
    path = tmp_path / "enc.rm5"
    path.write_bytes(_review(name="M\u00fcller 2001").encode("latin-1"))  # declares UTF-8
    _refused(path, "line 4", "not valid UTF-8")


def test_entities_and_doctype_are_refused(tmp_path):
    bomb = _review().replace("<COCHRANE_REVIEW>", '<!DOCTYPE r [<!ENTITY a "aaaa">]>\n'
                             "<COCHRANE_REVIEW>")
    _refused(_write(tmp_path, bomb), "DOCTYPE", "never expanded")


def test_hostile_sizes_are_refused(tmp_path, monkeypatch):
    path = _write(tmp_path, _review())
    monkeypatch.setattr(xmlsafe, "MAX_BYTES", 100)
    _refused(path, "larger than 256 MiB")
    monkeypatch.setattr(xmlsafe, "MAX_BYTES", 256 * 1024 * 1024)
    deep = _review().replace("<NAME>C</NAME>", "<X>" * 300 + "</X>" * 300)
    _refused(_write(tmp_path, deep, "deep.rm5"), "nesting deeper")


def test_not_a_review(tmp_path):
    _refused(_write(tmp_path, "<?xml version='1.0'?><html/>"), "line 1", "not a RevMan review")
