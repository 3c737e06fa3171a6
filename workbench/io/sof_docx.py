"""The Summary of Findings table as a Word document (python-docx): landscape, footnotes, ⊕◯."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from docx.document import Document as DocumentType
from docx.enum.text import WD_BREAK

from workbench.core.grade.document import CertaintyDocument
from workbench.core.grade.sof_cells import (
    EXPLANATION,
    GRADE_DEFINITIONS,
    PROVISIONAL_MARK,
    SofLayout,
    SofRowCells,
    sof_layout,
)
from workbench.io import docx_parts as parts

# Outcome, risk with comparator, risk with intervention, relative, participants, certainty,
# comments: 26.7 cm of landscape A4 between the margins.
WIDTHS = (4.6, 3.6, 4.4, 3.0, 2.6, 3.1, 5.4)


def write_sof_docx(path: Path, documents: Sequence[CertaintyDocument]) -> int:
    """One table per comparison, each on its own page; returns the number of rows written."""
    def build() -> DocumentType:
        document = parts.landscape_document()
        for index, item in enumerate(documents):
            if index:
                document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            add_sof(document, item)
        return document

    parts.save(path, build)
    return sum(len(d.sof.get("rows") or []) for d in documents)


def add_sof(document: DocumentType, item: CertaintyDocument) -> None:
    layout = sof_layout(item.sof, item.designs, item.units)
    heading = document.add_paragraph()
    heading.add_run(layout.title).bold = True
    heading.runs[0].font.size = parts.Pt(12)
    for line in layout.population:
        document.add_paragraph(line)
    table = parts.new_table(document, len(WIDTHS), WIDTHS)
    _header(table, item.sof)
    for row in layout.rows:
        _row(table, row)
    _notes(document, layout)
    parts.add_text_section(document, "Methods (for the manuscript)", [item.methods])
    parts.add_text_section(document, "Results (for the manuscript)", item.results)


def _header(table, sof: dict) -> None:
    comparator = sof.get("comparator") or "comparator"
    intervention = sof.get("intervention") or "intervention"
    top = parts.add_row(table, WIDTHS, header=True)
    second = parts.add_row(table, WIDTHS, header=True)
    spans = {0: "Outcomes", 3: "Relative effect\n(95% CI)", 4: "№ of participants\n(studies)",
             5: "Certainty of the evidence\n(GRADE)", 6: "Comments"}
    for column, text in spans.items():
        merged = top.cells[column].merge(second.cells[column])
        parts.write_cell(merged, [text], bold=True)
    absolute = top.cells[1].merge(top.cells[2])
    parts.write_cell(absolute, ["Anticipated absolute effects* (95% CI)"], bold=True)
    parts.write_cell(second.cells[1], [f"Risk with {comparator}"], bold=True)
    parts.write_cell(second.cells[2], [f"Risk with {intervention}"], bold=True)
    for row in (top, second):
        for cell in row.cells:
            parts.shade(cell, parts.HEADER_FILL)


def _row(table, row: SofRowCells) -> None:
    """One outcome; each baseline risk is a sub-row of the two absolute columns, the other
    columns span them (as Cochrane's tables print 'Study population' and 'High risk')."""
    sub_rows = [parts.add_row(table, WIDTHS) for _ in row.comparator]
    cells = list(sub_rows[0].cells)
    for column in (0, 3, 4, 5, 6):
        cells[column] = cells[column].merge(sub_rows[-1].cells[column])
    for sub_row, comparator, intervention in zip(sub_rows, row.comparator, row.intervention,
                                                 strict=True):
        parts.write_cell(sub_row.cells[1], [comparator])
        parts.write_cell(sub_row.cells[2], [intervention])
    parts.write_cell(cells[0], [row.outcome, row.outcome_detail], bold_first=True)
    parts.write_cell(cells[3], [row.relative])
    parts.write_cell(cells[4], [row.participants])
    _certainty(cells[5], row)
    parts.write_cell(cells[6], row.comments)


def _certainty(cell, row: SofRowCells) -> None:
    paragraph = cell.paragraphs[0]
    if row.symbols:
        parts.add_symbols(paragraph, row.symbols, row.provisional)
        paragraph = cell.add_paragraph()
    run = paragraph.add_run(row.certainty.upper() if not row.provisional else row.certainty)
    run.bold = not row.provisional
    run.italic = row.provisional
    parts.add_mark(paragraph, row.marks + ([PROVISIONAL_MARK] if row.provisional else []))
    if row.provisional:
        parts.shade(cell, parts.PROVISIONAL_FILL)


def _notes(document: DocumentType, layout: SofLayout) -> None:
    for warning in layout.warnings:
        document.add_paragraph().add_run(f"Note: {warning}").italic = True
    document.add_paragraph(f"*{EXPLANATION}")
    document.add_paragraph(layout.abbreviations)
    parts.add_footnotes(document, layout.footnotes)
    document.add_paragraph(GRADE_DEFINITIONS)
