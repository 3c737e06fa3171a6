"""The Evidence-to-Decision document as a Word file (python-docx), for the guideline."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.shared import Pt

from workbench.io.atomic import write_atomically


def _lines(cell, lines: list[str]) -> None:
    """Fill a table cell with paragraphs (the first replaces the cell's empty paragraph)."""
    lines = [line for line in lines if line.strip()] or [""]
    cell.text = lines[0]
    for line in lines[1:]:
        cell.add_paragraph(line)


def _criterion_row(table, c: dict[str, Any]) -> None:
    cells = table.add_row().cells
    _lines(cells[0], [c["name"], c["question"]])
    cells[0].paragraphs[0].runs[0].bold = True
    marks = [("☒ " if o == c["judgement"] else "☐ ") + o
             + (f" ({c['votes'][o]} votes)" if o in c["votes"] else "") for o in c["options"]]
    proposed = c["proposed"]
    rule = [f"Proposed: {proposed['judgement'] or 'none'} — {proposed['rule']}"] if proposed \
        else []
    _lines(cells[1], [f"Judgement: {c['judgement'] or 'not judged'}", *marks, *rule])
    _lines(cells[2], [*c["evidence_from_sof"], *c["research_evidence"].splitlines()])
    dissent = [f"Dissent — {d['member']}: {d['note']}" for d in c["dissent"]]
    _lines(cells[3], [*c["additional_considerations"].splitlines(), *dissent])


def _assessment(doc, document: dict[str, Any]) -> None:
    doc.add_heading("Assessment", level=2)
    table = doc.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, title in zip(table.rows[0].cells, ("Criterion", "Judgement", "Research evidence",
                                                 "Additional considerations"), strict=True):
        cell.text = title
        cell.paragraphs[0].runs[0].bold = True
    for criterion in document["criteria"]:
        _criterion_row(table, criterion)


def _recommendation(doc, r: dict[str, Any], parts: list[tuple[str, str]]) -> None:
    doc.add_heading("Recommendation", level=2)
    doc.add_paragraph().add_run(f"Type: {r['text'] or 'not decided'}").bold = True
    if r["votes"]:
        doc.add_paragraph("Votes: " + "; ".join(f"{k}: {v}" for k, v in r["votes"].items()))
    for key, name in parts:
        doc.add_heading(name, level=3)
        for line in (r[key].splitlines() or ["—"]):
            doc.add_paragraph(line)
    if r["dissent"]:
        doc.add_heading("Dissent", level=3)
        for d in r["dissent"]:
            doc.add_paragraph(f"{d['member']}: {d['note']}", style="List Bullet")


def _panel(doc, members: list[dict[str, Any]]) -> None:
    if not members:
        return
    doc.add_heading("Panel", level=2)
    table = doc.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, title in zip(table.rows[0].cells, ("Member", "Role", "Present",
                                                 "Conflict of interest"), strict=True):
        cell.text = title
    for m in members:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = m["name"], m["role"]
        cells[2].text = "yes" if m["present"] else "no"
        cells[3].text = f"declared: {m['coi_text']}" if m["coi_declared"] else "none"


def _landscape(section) -> None:
    """Four columns of judgements and evidence need the page's long side."""
    width, height = section.page_width, section.page_height
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = max(width, height), min(width, height)


def write_etd_docx(path: Path | str, documents: list[dict[str, Any]],
                   parts: list[tuple[str, str]]) -> Path:
    """Framework documents (`workbench etd --json`) as one Word file, one section each."""
    path = Path(path)
    doc = Document()
    doc.styles["Normal"].font.size = Pt(10)
    _landscape(doc.sections[0])
    for index, document in enumerate(documents):
        if index:
            doc.add_page_break()
        doc.add_heading(f"Evidence to Decision: {document['comparison']}", level=1)
        doc.add_paragraph(f"{document['intervention']} compared with {document['comparator']}")
        _assessment(doc, document)
        _recommendation(doc, document["recommendation"], parts)
        _panel(doc, document["panel"])
    write_atomically(path, lambda tmp: doc.save(str(tmp)))
    return path
