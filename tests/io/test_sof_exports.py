"""The SoF and evidence-profile documents: Word tables read back with python-docx, HTML read
back with html.parser; every row, footnote and symbol is there and hostile text is escaped.

Documents: certainty_documents.py (cli.md's `sof`/`grade` shapes, numbers worked there)."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest
from certainty_documents import GRADE, SOF, document
from docx.enum.section import WD_ORIENT

from workbench.io.profile_docx import write_profile_docx
from workbench.io.sof_docx import write_sof_docx
from workbench.io.sof_html import write_profile_html, write_sof_html

HOSTILE = '<script>alert("x")</script> & <b>pain</b>'


def cell_texts(path: Path) -> tuple[list[list[str]], str, docx.Document]:
    opened = docx.Document(str(path))
    table = opened.tables[0]
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    body = "\n".join(p.text for p in opened.paragraphs)
    return rows, body, opened


def test_sof_docx_holds_every_row_footnote_and_symbol(tmp_path):
    path = tmp_path / "sof.docx"
    assert write_sof_docx(path, [document()]) == 3
    rows, body, opened = cell_texts(path)
    section = opened.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert section.page_width > section.page_height
    assert rows[0][1] == "Anticipated absolute effects* (95% CI)"  # merged over two columns
    assert rows[1][1:3] == ["Risk with Placebo", "Risk with Ketamine"]
    body_rows = rows[2:]
    # Withdrawals spans two sub-rows (two baselines), then Pain intensity, Quality of life.
    assert [r[0].split("\n")[0] for r in body_rows] == ["Withdrawals", "Withdrawals",
                                                        "Pain intensity", "Quality of life"]
    assert body_rows[0][1] == "Study population\n219 per 1,000"
    assert body_rows[1][1] == "High risk\n300 per 1,000"
    assert "264 more per 1,000 (from 156 more to 396 more)" in body_rows[1][2]
    assert body_rows[0][3] == "RR 1.88 (1.52 to 2.32)" and body_rows[0][4] == "850 (12 RCTs)"
    assert body_rows[0][5] == "⊕⊕◯◯\nLOW a,b"
    assert body_rows[2][5] == "⊕⊕⊕◯\nModerate (provisional) a,†"  # never shown as final
    assert body_rows[2][2] == "MD 1.19 lower (1.53 lower to 0.85 lower)"
    assert body_rows[3][1] == "No studies"
    assert "Ketamine may increase withdrawals." in body_rows[0][6]
    for text in ("a Most of the weight comes from trials at high risk of bias.",
                 "b Fewer than 300 events (optimal information size).",
                 "† Provisional", "We pooled risk ratios (RR)",
                 "Ketamine may increase withdrawals (RR 1.88, 95% CI 1.52 to 2.32)."):
        assert text in body
    marks = [r for p in opened.tables[0].rows[2].cells[5].paragraphs for r in p.runs
             if r.font.superscript]
    assert [r.text.strip() for r in marks] == ["a,b"]


def test_profile_docx_holds_every_domain(tmp_path):
    path = tmp_path / "profile.docx"
    assert write_profile_docx(path, [document()]) == 3
    rows, body, _ = cell_texts(path)
    assert rows[0][3:9] == ["Risk of bias", "Inconsistency", "Indirectness", "Imprecision",
                            "Publication bias", "Other considerations"]
    assert rows[1][:4] == ["Withdrawals", "12", "Randomised trials", "serious a"]
    assert rows[1][6] == "serious (stale) b" and rows[1][12] == "⊕⊕◯◯\nLow"
    assert rows[2][12] == "⊕⊕⊕◯\nModerate (provisional)"
    assert "Risk of bias: Most of the weight is at high risk of bias." in body


class Collector(HTMLParser):
    """Text per table cell, tags seen, and whether a script element exists."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: list[str] = []
        self.tags: list[str] = []
        self.text: list[str] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.cells.append(" ".join(" ".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data):
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)


def parsed(path: Path) -> Collector:
    collector = Collector()
    collector.feed(path.read_text("utf-8"))
    return collector


def test_sof_html_holds_rows_footnotes_symbols_and_prints_landscape(tmp_path):
    path = tmp_path / "sof.html"
    assert write_sof_html(path, [document()]) == 3
    page = parsed(path)
    assert "Study population 219 per 1,000" in page.cells
    assert "⊕⊕◯◯ Low a,b" in page.cells
    assert "⊕⊕⊕◯ Moderate (provisional) a,†" in page.cells
    assert "RR 1.88 (1.52 to 2.32)" in page.cells and "850 (12 RCTs)" in page.cells
    text = " ".join(page.text)
    assert "Fewer than 300 events (optimal information size)." in text
    assert "size: A4 landscape" in path.read_text("utf-8")
    assert not any(tag in ("script", "link", "img") for tag in page.tags)  # self-contained


def test_html_escapes_hostile_labels(tmp_path):
    sof = dict(SOF, intervention=HOSTILE,
               rows=[dict(SOF["rows"][0], outcome=HOSTILE, statement=HOSTILE)])
    grade = {"outcomes": [dict(GRADE["outcomes"][0], outcome=HOSTILE)]}
    item = document(sof=sof, grade=grade, methods=HOSTILE, results=[HOSTILE])
    for write, name in ((write_sof_html, "sof.html"), (write_profile_html, "profile.html")):
        path = tmp_path / name
        write(path, [item])
        page, raw = parsed(path), path.read_text("utf-8")
        assert "script" not in page.tags and "<b>pain</b>" not in raw
        assert "&lt;script&gt;" in raw
        assert any(HOSTILE in cell for cell in page.cells)  # shown as text, not markup


def test_profile_html_holds_every_domain(tmp_path):
    path = tmp_path / "profile.html"
    write_profile_html(path, [document()])
    page = parsed(path)
    assert "serious (stale) b" in page.cells and "not serious (suggested)" in page.cells
    assert "Critical (8)" in page.cells


def test_a_failed_write_leaves_the_earlier_file(tmp_path, monkeypatch):
    path = tmp_path / "sof.docx"
    write_sof_docx(path, [document()])
    before = path.read_bytes()

    def disk_full(self, target):
        Path(target).write_bytes(b"half a file")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(docx.document.Document, "save", disk_full)
    with pytest.raises(OSError):
        write_sof_docx(path, [document()])
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["sof.docx"]  # no temporary left behind
