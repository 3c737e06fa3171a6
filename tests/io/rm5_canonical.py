"""Canonical comparison of two .rm5 files' analyses (ANALYSES_AND_DATA), element by element."""

from __future__ import annotations

from pathlib import Path

from workbench.io.rm5.cached import agrees
from workbench.io.rm5.ids import unescape
from workbench.io.rm5.xmlsafe import parse

# Bookkeeping that says when and in which order, not what: compared as present, not by value.
BOOKKEEPING = frozenset({"MODIFIED", "MODIFIED_BY", "ORDER"})
# Outcome-level results RevMan keeps but does not show without totals (README rule 10).
HIDDEN_WITHOUT_TOTALS = frozenset({"EFFECT_SIZE", "CI_START", "CI_END", "LOG_EFFECT_SIZE",
                                   "LOG_CI_START", "LOG_CI_END", "Z", "P_Z", "ESTIMABLE"})


def analyses(path: Path):
    parsed = parse(path)
    root = parsed.root
    names = {unescape(s.get("ID")): s.get("NAME") for s in root.iter("STUDY")}
    return root.find("ANALYSES_AND_DATA"), names


def differences(original: Path, exported: Path) -> tuple[list[str], int]:
    """What the export lacks or changes; and how many attribute values were compared."""
    (a, names_a), (b, names_b) = analyses(original), analyses(exported)
    found, compared = [], 0
    elements_a, elements_b = list(a.iter()), list(b.iter())
    if [e.tag for e in elements_a] != [e.tag for e in elements_b]:
        return [f"element sequence differs: {len(elements_a)} vs {len(elements_b)}"], 0
    outcome_totals = "YES"
    for x, y in zip(elements_a, elements_b, strict=True):
        where = f"<{x.tag} ID={x.get('ID') or x.get('STUDY_ID')}>"
        if x.tag.endswith("_OUTCOME"):
            outcome_totals = x.get("TOTALS", "YES")
        missing = set(x.attrib) - set(y.attrib)
        if missing:
            found.append(f"{where}: attributes missing {sorted(missing)}")
        if (x.text or "").strip() != (y.text or "").strip() and not len(x):
            found.append(f"{where}: text {x.text!r} vs {y.text!r}")
        for name, stored in x.attrib.items():
            if name in BOOKKEEPING or not stored.strip() or name in missing:
                continue
            if x.tag.endswith("_OUTCOME") and outcome_totals != "YES" and \
                    name in HIDDEN_WITHOUT_TOTALS:
                continue
            compared += 1
            ours = y.get(name)
            if name == "STUDY_ID":
                ok = names_a[unescape(stored)] == names_b[unescape(ours)] or \
                    names_a[unescape(stored)].replace("\u00a0", " ") == names_b[unescape(ours)]
            else:
                ok = stored == ours or agrees(name, stored, ours)
            if not ok:
                found.append(f"{where}: {name} {stored!r} vs {ours!r}")
    return found, compared


REVMAN_FILES = Path(__file__).resolve().parents[2].parent / "shared" / "validation" / "revman"
SHARED_RM5 = sorted(REVMAN_FILES.glob("*.rm5"))
