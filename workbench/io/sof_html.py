"""The Summary of Findings table and the evidence profile as one self-contained HTML file."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape
from pathlib import Path

from workbench.core.grade.document import CertaintyDocument
from workbench.core.grade.profile_cells import HEADERS, profile_layout
from workbench.core.grade.sof_cells import (
    EXPLANATION,
    GRADE_DEFINITIONS,
    PROVISIONAL_MARK,
    Footnote,
    SofRowCells,
    sof_layout,
)
from workbench.io.atomic import write_atomically

# Everything inline: the file travels by e-mail and prints on A4 landscape with no assets.
STYLE = """
@page { size: A4 landscape; margin: 1.5cm; }
body { font-family: "Calibri", "Carlito", "DejaVu Sans", sans-serif; font-size: 10pt;
       color: #111; max-width: 27cm; margin: 1em auto; }
h1 { font-size: 13pt; margin: 0 0 .3em; } h2 { font-size: 11pt; margin: 1.2em 0 .3em; }
table { border-collapse: collapse; width: 100%; page-break-inside: auto; }
thead { display: table-header-group; } tr { page-break-inside: avoid; }
th, td { border: 1px solid #555; padding: 3pt 4pt; vertical-align: top; text-align: left; }
th { background: #d9e2f3; font-weight: bold; }
td.outcome b { display: block; } .detail { color: #444; font-size: 9pt; }
.symbols { font-family: "Cambria Math", "DejaVu Sans", "Segoe UI Symbol", sans-serif;
           font-size: 12pt; letter-spacing: 1px; white-space: nowrap; }
.provisional { background: #fff4ce; font-style: italic; } .provisional .symbols { color: #777; }
sup { font-size: 7pt; } p.note { margin: .25em 0; } .warning { font-style: italic; }
div.line { margin-bottom: .2em; }
@media print { body { margin: 0; max-width: none; } }
"""


def _page(title: str, body: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f"<title>{escape(title)}</title><style>{STYLE}</style></head>"
            f"<body>\n{body}\n</body></html>\n")


def _lines(lines: Sequence[str]) -> str:
    flat = [part for line in lines for part in str(line).split("\n")]
    return "".join(f'<div class="line">{escape(text)}</div>' for text in flat)


def _footnotes(footnotes: Sequence[Footnote]) -> str:
    if not footnotes:
        return ""
    items = "".join(f'<p class="note"><sup>{escape(f.mark)}</sup> {escape(f.text)}</p>'
                    for f in footnotes)
    return f"<h2>Explanations</h2>{items}"


def _manuscript(item: CertaintyDocument) -> str:
    parts = []
    if item.methods:
        parts.append(f"<h2>Methods (for the manuscript)</h2><p>{escape(item.methods)}</p>")
    if item.results:
        body = "".join(f"<p>{escape(text)}</p>" for text in item.results)
        parts.append(f"<h2>Results (for the manuscript)</h2>{body}")
    return "".join(parts)


def _write(path: Path, title: str, body: str) -> None:
    text = _page(title, body)
    write_atomically(Path(path), lambda temporary: temporary.write_text(text, "utf-8"))


def _sof_row(row: SofRowCells) -> str:
    """One outcome: a sub-row per baseline risk, the other cells spanning them."""
    marks = row.marks + ([PROVISIONAL_MARK] if row.provisional else [])
    sup = f"<sup>{escape(','.join(marks))}</sup>" if marks else ""
    css = ' class="provisional"' if row.provisional else ""
    span = f' rowspan="{len(row.comparator)}"' if len(row.comparator) > 1 else ""
    certainty = (f'<span class="symbols">{escape(row.symbols)}</span><br>'
                 if row.symbols else "") + f"{escape(row.certainty)}{sup}"
    pairs = [f"<td>{_lines([c])}</td><td>{_lines([i])}</td>"
             for c, i in zip(row.comparator, row.intervention, strict=True)]
    first = (f'<tr><td class="outcome"{span}><b>{escape(row.outcome)}</b>'
             f'<span class="detail">{escape(row.outcome_detail)}</span></td>{pairs[0]}'
             f"<td{span}>{escape(row.relative)}</td><td{span}>{escape(row.participants)}</td>"
             f'<td{span}{css}>{certainty}</td><td{span}>{_lines(row.comments)}</td></tr>')
    return first + "".join(f"<tr>{pair}</tr>" for pair in pairs[1:])


def sof_section(item: CertaintyDocument) -> str:
    layout = sof_layout(item.sof, item.designs, item.units)
    comparator = escape(item.sof.get("comparator") or "comparator")
    intervention = escape(item.sof.get("intervention") or "intervention")
    head = ('<thead><tr><th rowspan="2">Outcomes</th>'
            '<th colspan="2">Anticipated absolute effects* (95% CI)</th>'
            '<th rowspan="2">Relative effect<br>(95% CI)</th>'
            '<th rowspan="2">№ of participants<br>(studies)</th>'
            '<th rowspan="2">Certainty of the evidence<br>(GRADE)</th>'
            '<th rowspan="2">Comments</th></tr>'
            f"<tr><th>Risk with {comparator}</th><th>Risk with {intervention}</th></tr></thead>")
    rows = "".join(_sof_row(r) for r in layout.rows)
    warnings = "".join(f'<p class="warning">Note: {escape(w)}</p>' for w in layout.warnings)
    population = "".join(f'<p class="note">{escape(line)}</p>' for line in layout.population)
    return (f"<section><h1>{escape(layout.title)}</h1>{population}"
            f"<table>{head}<tbody>{rows}</tbody></table>{warnings}"
            f'<p class="note">*{escape(EXPLANATION)}</p>'
            f'<p class="note">{escape(layout.abbreviations)}</p>'
            f"{_footnotes(layout.footnotes)}<p class=\"note\">{escape(GRADE_DEFINITIONS)}</p>"
            f"{_manuscript(item)}</section>")


def profile_section(item: CertaintyDocument) -> str:
    rows, footnotes = profile_layout(item.grade, item.sof)
    head = "".join(f"<th>{escape(h)}</th>" for h in HEADERS)
    body = []
    certainty_column = HEADERS.index("Certainty")
    for row in rows:
        cells = []
        for index, text in enumerate(row.cells):
            if index == certainty_column:
                css = ' class="provisional"' if row.provisional else ""
                cells.append(f'<td{css}><span class="symbols">{escape(row.symbols)}</span>'
                             f"<br>{escape(row.certainty)}</td>")
            else:
                marks = row.marks.get(index)
                sup = f"<sup>{escape(','.join(marks))}</sup>" if marks else ""
                cells.append(f"<td>{_lines([text])}{sup}</td>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    title = f"GRADE evidence profile: {item.sof.get('comparison', '')}"
    return (f"<section><h1>{escape(title)}</h1><table><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table>{_footnotes(footnotes)}"
            f'<p class="note">{escape(GRADE_DEFINITIONS)}</p></section>')


def _write_sections(path: Path, documents: Sequence[CertaintyDocument], kind: str,
                    section: Callable[[CertaintyDocument], str]) -> None:
    review = next((d.review_title for d in documents if d.review_title), "")
    title = f"{kind}: {review}" if review else kind
    _write(path, title, "\n".join(section(d) for d in documents))


def write_sof_html(path: Path, documents: Sequence[CertaintyDocument]) -> int:
    _write_sections(path, documents, "Summary of findings", sof_section)
    return sum(len(d.sof.get("rows") or []) for d in documents)


def write_profile_html(path: Path, documents: Sequence[CertaintyDocument]) -> int:
    _write_sections(path, documents, "GRADE evidence profile", profile_section)
    return sum(len(d.grade.get("outcomes") or []) for d in documents)
