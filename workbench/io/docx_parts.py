"""Shared pieces of the Word documents (SoF and evidence profile): page, cells, notes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentType
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table, _Cell

from workbench.core.grade.sof_cells import Footnote
from workbench.io.atomic import write_atomically

GREY = RGBColor(0x59, 0x59, 0x59)
HEADER_FILL = "D9E2F3"
PROVISIONAL_FILL = "FFF4CE"
# Windows' symbol font has ⊕ and ◯; elsewhere the fallback finds them (DejaVu Sans). Not
# Cambria Math: LibreOffice maps it to a math font whose ◯ prints as a filled disc.
SYMBOL_FONT = "Segoe UI Symbol"


def landscape_document(font_size: float = 9) -> DocumentType:
    """A4 landscape with narrow margins: an SoF table needs the width."""
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    style = document.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(font_size)
    style.paragraph_format.space_after = Pt(2)
    return document


def new_table(document: DocumentType, columns: int, widths_cm: Sequence[float]) -> Table:
    table = document.add_table(rows=0, cols=columns)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)
    _narrow_margins(table)
    return table


def _narrow_margins(table: Table, twips: int = 57) -> None:
    """0.1 cm left and right inside cells (Word's default is 0.19): words like
    'Inconsistency' then fit a narrow column without breaking mid-word."""
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), str(twips))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    table._tbl.tblPr.append(margins)


def add_row(table: Table, widths_cm: Sequence[float], header: bool = False):
    row = table.add_row()
    for cell, width in zip(row.cells, widths_cm, strict=True):
        cell.width = Cm(width)
    if header:
        _repeat_header(row)
    return row


def _repeat_header(row) -> None:
    """Header rows repeat at the top of every page the table runs onto."""
    properties = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    properties.append(element)


def shade(cell: _Cell, fill: str) -> None:
    properties = cell._tc.get_or_add_tcPr()
    element = OxmlElement("w:shd")
    element.set(qn("w:val"), "clear")
    element.set(qn("w:color"), "auto")
    element.set(qn("w:fill"), fill)
    properties.append(element)


def write_cell(cell: _Cell, lines: Sequence[str], bold_first: bool = False,
               italic: bool = False, size: float | None = None, bold: bool = False) -> None:
    """Each line its own paragraph; an embedded newline starts another paragraph too."""
    flat = [part for line in lines for part in str(line).split("\n")] or [""]
    paragraph = cell.paragraphs[0]
    for index, text in enumerate(flat):
        if index:
            paragraph = cell.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(1)
        run = paragraph.add_run(text)
        run.bold = bold or (bold_first and index == 0)
        run.italic = italic
        if size:
            run.font.size = Pt(size)


def add_mark(paragraph, marks: Sequence[str]) -> None:
    if marks:
        run = paragraph.add_run(" " + ",".join(marks))
        run.font.superscript = True


def add_symbols(paragraph, symbols: str, provisional: bool) -> None:
    run = paragraph.add_run(symbols)
    run.font.name = SYMBOL_FONT
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:eastAsia", "w:cs"):  # Word picks the slot by character range; fill all
        fonts.set(qn(slot), SYMBOL_FONT)
    run.font.size = Pt(11)
    if provisional:
        run.font.color.rgb = GREY


def add_footnotes(document: DocumentType, footnotes: Sequence[Footnote]) -> None:
    if not footnotes:
        return
    document.add_paragraph().add_run("Explanations").bold = True
    for note in footnotes:
        paragraph = document.add_paragraph()
        mark = paragraph.add_run(note.mark)
        mark.font.superscript = True
        paragraph.add_run(f" {note.text}")


def add_text_section(document: DocumentType, heading: str, paragraphs: Sequence[str]) -> None:
    if not any(paragraphs):
        return
    document.add_paragraph().add_run(heading).bold = True
    for text in paragraphs:
        if text:
            document.add_paragraph(text)


def save(path: Path, build: Callable[[], DocumentType]) -> None:
    """Build the document, then write it atomically (a failure leaves any older file intact)."""
    document = build()
    write_atomically(Path(path), lambda temporary: document.save(str(temporary)))
