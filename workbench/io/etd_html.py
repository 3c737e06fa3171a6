"""The Evidence-to-Decision document as one self-contained HTML file (for the guideline)."""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from workbench.io.atomic import write_atomically

_STYLE = """body{font-family:sans-serif;max-width:60em;margin:2em auto;color:#111}
table{border-collapse:collapse;width:100%;margin:1em 0}th,td{border:1px solid #888;
padding:.4em;vertical-align:top;text-align:left}th{background:#1f2d45;color:#fff}
.chosen{font-weight:bold;background:#ffe9a8}.rule{color:#555;font-size:.9em}"""


def _p(text: str) -> str:
    return "".join(f"<p>{escape(line)}</p>" for line in text.splitlines() if line.strip())


def _options(criterion: dict[str, Any]) -> str:
    votes = criterion["votes"]
    cells = []
    for option in criterion["options"]:
        chosen = ' class="chosen"' if option == criterion["judgement"] else ""
        count = f" ({votes[option]} votes)" if option in votes else ""
        cells.append(f"<li{chosen}>{escape(option)}{count}</li>")
    return f"<ul>{''.join(cells)}</ul>"


def _criterion(c: dict[str, Any]) -> str:
    proposed = c["proposed"]
    rule = (f'<p class="rule">Proposed: {escape(proposed["judgement"] or "none")} — '
            f'{escape(proposed["rule"])}</p>') if proposed else ""
    evidence = "".join(f"<li>{escape(line)}</li>" for line in c["evidence_from_sof"])
    dissent = "".join(f"<li>{escape(d['member'])}: {escape(d['note'])}</li>"
                      for d in c["dissent"])
    return (f"<tr><td><b>{escape(c['name'])}</b><br>{escape(c['question'])}</td>"
            f"<td>Judgement: <b>{escape(c['judgement'] or 'not judged')}</b>{_options(c)}"
            f"{rule}</td><td>{'<ul>' + evidence + '</ul>' if evidence else ''}"
            f"{_p(c['research_evidence'])}</td><td>{_p(c['additional_considerations'])}"
            f"{'<p>Dissent:</p><ul>' + dissent + '</ul>' if dissent else ''}</td></tr>")


def _recommendation(r: dict[str, Any], parts: list[tuple[str, str]]) -> str:
    body = [f"<h2>Recommendation</h2><p><b>Type:</b> {escape(r['text'] or 'not decided')}</p>"]
    if r["votes"]:
        body.append("<p><b>Votes:</b> " + escape("; ".join(
            f"{k}: {v}" for k, v in r["votes"].items())) + "</p>")
    for key, name in parts:
        body.append(f"<h3>{escape(name)}</h3>{_p(r[key]) or '<p>—</p>'}")
    if r["dissent"]:
        body.append("<h3>Dissent</h3><ul>" + "".join(
            f"<li>{escape(d['member'])}: {escape(d['note'])}</li>" for d in r["dissent"])
            + "</ul>")
    return "".join(body)


def _panel(members: list[dict[str, Any]]) -> str:
    rows = "".join(
        f"<tr><td>{escape(m['name'])}</td><td>{escape(m['role'])}</td>"
        f"<td>{'yes' if m['present'] else 'no'}</td>"
        f"<td>{'declared: ' + escape(m['coi_text']) if m['coi_declared'] else 'none'}</td></tr>"
        for m in members)
    return ("<h2>Panel</h2><table><tr><th>Member</th><th>Role</th><th>Present</th>"
            f"<th>Conflict of interest</th></tr>{rows}</table>") if members else ""


def _framework(document: dict[str, Any], parts: list[tuple[str, str]]) -> str:
    criteria = "".join(_criterion(c) for c in document["criteria"])
    return (f"<h1>Evidence to Decision: {escape(document['comparison'])}</h1>"
            f"<p>{escape(document['intervention'])} compared with "
            f"{escape(document['comparator'])}</p><h2>Assessment</h2><table><tr>"
            "<th>Criterion</th><th>Judgement</th><th>Research evidence</th>"
            f"<th>Additional considerations</th></tr>{criteria}</table>"
            f"{_recommendation(document['recommendation'], parts)}"
            f"{_panel(document['panel'])}")


def etd_html(documents: list[dict[str, Any]], parts: list[tuple[str, str]]) -> str:
    """Framework documents (`workbench etd --json`) as one HTML page, one section each."""
    title = "Evidence to Decision: " + "; ".join(d["comparison"] for d in documents)
    body = "<hr>".join(_framework(d, parts) for d in documents)
    return (f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{escape(title)}</title><style>{_STYLE}</style></head><body>{body}"
            "</body></html>\n")


def write_etd_html(path: Path | str, documents: list[dict[str, Any]],
                   parts: list[tuple[str, str]]) -> Path:
    path = Path(path)
    text = etd_html(documents, parts)
    write_atomically(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))
    return path
