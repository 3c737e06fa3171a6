"""The GRADE evidence profile (every domain per outcome) as a Word document (python-docx)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from docx.document import Document as DocumentType
from docx.enum.text import WD_BREAK

from workbench.core.grade.document import CertaintyDocument
from workbench.core.grade.profile_cells import HEADERS, ProfileRow, profile_layout
from workbench.core.grade.sof_cells import GRADE_DEFINITIONS
from workbench.io import docx_parts as parts

# Fourteen columns across 26.7 cm: the domains narrow, the effects and outcome wider.
WIDTHS = (2.3, 1.3, 1.8, 1.5, 2.1, 2.0, 1.9, 1.8, 2.1, 1.9, 1.6, 2.4, 2.2, 1.8)


def write_profile_docx(path: Path, documents: Sequence[CertaintyDocument]) -> int:
    """One evidence profile per comparison; returns the number of outcome rows written."""
    def build() -> DocumentType:
        document = parts.landscape_document(font_size=7.5)
        for index, item in enumerate(documents):
            if index:
                document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            add_profile(document, item)
        return document

    parts.save(path, build)
    return sum(len(d.grade.get("outcomes") or []) for d in documents)


def add_profile(document: DocumentType, item: CertaintyDocument) -> None:
    rows, footnotes = profile_layout(item.grade, item.sof)
    heading = document.add_paragraph()
    run = heading.add_run(f"GRADE evidence profile: {item.sof.get('comparison', '')}")
    run.bold, run.font.size = True, parts.Pt(12)
    document.add_paragraph(f"Intervention: {item.sof.get('intervention', '')}; "
                           f"comparator: {item.sof.get('comparator', '')}")
    table = parts.new_table(document, len(WIDTHS), WIDTHS)
    header = parts.add_row(table, WIDTHS, header=True)
    for cell, text in zip(header.cells, HEADERS, strict=True):
        parts.write_cell(cell, [text], bold=True, size=7)
        parts.shade(cell, parts.HEADER_FILL)
    for row in rows:
        _row(table, row)
    if any(r.provisional for r in rows):
        document.add_paragraph().add_run(
            "Provisional: a reason to rate down that is marked (suggested) has not been "
            "judged yet; the certainty shown may change.").italic = True
    parts.add_footnotes(document, footnotes)
    document.add_paragraph(GRADE_DEFINITIONS)


def _row(table, row: ProfileRow) -> None:
    cells = parts.add_row(table, WIDTHS).cells
    for index, (cell, text) in enumerate(zip(cells, row.cells, strict=True)):
        if HEADERS[index] == "Certainty":
            if row.symbols:
                parts.add_symbols(cell.paragraphs[0], row.symbols, row.provisional)
            paragraph = cell.add_paragraph() if row.symbols else cell.paragraphs[0]
            paragraph.add_run(row.certainty).italic = row.provisional
        else:
            parts.write_cell(cell, [text], bold_first=index == 0)
            parts.add_mark(cell.paragraphs[-1], row.marks.get(index, []))
    if row.provisional:
        parts.shade(cells[HEADERS.index("Certainty")], parts.PROVISIONAL_FILL)
