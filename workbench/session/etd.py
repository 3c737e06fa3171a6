"""The Evidence-to-Decision document of a comparison (`workbench etd --json` and the exports)."""

from __future__ import annotations

from typing import Any

from workbench.core.etd import EffectRow, Framework, favours_intervention, load_framework, propose
from workbench.session.commands.etd import RECOMMENDATION
from workbench.session.scenario import Scenario
from workbench.session.workshop import sof_table
from workbench.storage import etd_store
from workbench.storage.store import Store


class EtdError(ValueError):
    """A comparison named that the project does not have."""


def comparison_ids(store: Store, name: str | None) -> list[int]:
    comparisons = store.comparisons()
    if name is None:
        return [c.id for c in comparisons]
    found = [c.id for c in comparisons if c.label == name]
    if not found:
        names = ", ".join(repr(c.label) for c in comparisons) or "none"
        raise EtdError(f"no comparison {name!r} in this project; comparisons are: {names}")
    return found


def panel_members(store: Store) -> list[dict[str, Any]]:
    """The panel with each member's id (for the commands that change one)."""
    return etd_store.members(store)


def etd_report(store: Store, comparison: str | None = None,
               scenario: Scenario | None = None) -> dict[str, Any]:
    """One comparison's framework, or {"frameworks": [...]} when there are several."""
    documents = [framework_document(store, cid, scenario or Scenario.none())
                 for cid in comparison_ids(store, comparison)]
    return documents[0] if len(documents) == 1 else {"frameworks": documents}


def framework_document(store: Store, comparison_id: int, scenario: Scenario) -> dict[str, Any]:
    framework = load_framework()
    sof = sof_table(store, comparison_id, scenario)
    effects = effect_rows(store, comparison_id, sof)
    proposals = propose(effects)
    judged = etd_store.judgements(store, comparison_id)
    votes = etd_store.votes(store, comparison_id)
    dissent = etd_store.dissent(store, comparison_id)
    criteria = [_criterion_doc(c, judged.get(c.id, {}), proposals.get(c.id),
                               _sof_evidence(c.from_sof, effects, sof), votes.get(c.id, {}),
                               [d for d in dissent if d["criterion"] == c.id])
                for c in framework.criteria]
    return {"comparison": sof["comparison"], "intervention": sof["intervention"],
            "comparator": sof["comparator"], "criteria": criteria,
            "recommendation": _recommendation_doc(framework, store, comparison_id, votes,
                                                  dissent),
            "panel": [{k: m[k] for k in etd_store.MEMBER_FIELDS}
                      for m in etd_store.members(store)],
            "summary_of_findings": [sof_line(r) for r in sof["rows"]]}


def _criterion_doc(criterion, row: dict, proposal, evidence: list[str], votes: dict,
                   dissent: list[dict]) -> dict[str, Any]:
    return {"id": criterion.id, "name": criterion.name, "question": criterion.question,
            "options": list(criterion.options), "judgement": row.get("judgement"),
            "proposed": None if proposal is None else {
                "judgement": proposal.judgement, "rule": proposal.rule},
            "evidence_from_sof": evidence,
            "research_evidence": row.get("research_evidence", ""),
            "additional_considerations": row.get("additional_considerations", ""),
            "votes": votes, "dissent": [{"member": d["member"], "note": d["note"]}
                                        for d in dissent]}


def _recommendation_doc(framework: Framework, store: Store, comparison_id: int, votes: dict,
                        dissent: list[dict]) -> dict[str, Any]:
    rec = etd_store.recommendation(store, comparison_id)
    return {**rec, "text": recommendation_text(framework, rec),
            "types": list(framework.recommendation_types), "qualifier": framework.qualifier,
            "votes": votes.get(RECOMMENDATION, {}),
            "dissent": [{"member": d["member"], "note": d["note"]} for d in dissent
                        if d["criterion"] == RECOMMENDATION]}


def recommendation_text(framework: Framework, rec: dict[str, Any]) -> str | None:
    """"Conditional for", or "Conditional for (only in the context of research)"."""
    if rec["type"] is None:
        return None
    qualifier = f" ({framework.qualifier.lower()})" if rec["research_only"] else ""
    return f"{rec['type']}{qualifier}"


def effect_rows(store: Store, comparison_id: int, sof: dict[str, Any]) -> list[EffectRow]:
    """What the proposals read from the SoF rows, with each outcome's stored direction."""
    outcomes = {o.label: o for o in store.outcomes(comparison_id)}
    out = []
    for row in sof["rows"]:
        effect = row.get("relative") or row.get("difference") or {}
        outcome = outcomes.get(row["outcome"])
        out.append(EffectRow(
            outcome=row["outcome"], importance=row.get("importance"),
            higher_is_better=outcome.higher_is_better if outcome else None,
            ratio=row.get("relative") is not None, estimate=effect.get("estimate"),
            ci_lower=effect.get("ci_lower"), ci_upper=effect.get("ci_upper"),
            certainty=row.get("certainty"), studies=row.get("studies") or 0))
    return out


def _sof_evidence(kind: str | None, effects: list[EffectRow], sof: dict) -> list[str]:
    """The SoF lines that fill a criterion's research evidence by themselves."""
    if kind is None:
        return []
    lines = {r["outcome"]: sof_line(r) for r in sof["rows"]}
    if kind == "certainty":
        return list(lines.values())
    side = kind == "desirable"
    return [lines[e.outcome] for e in effects if favours_intervention(e) is side]


def sof_line(row: dict[str, Any]) -> str:
    """"Pain relief: RR 1.85 (1.40 to 2.45); 193 more per 1,000 …; 812 participants (6
    studies); certainty Moderate" — one outcome of the SoF in one line."""
    parts = [row["outcome"]]
    rel = row.get("relative")
    if rel and rel.get("estimate") is not None:
        parts.append(f"{row['measure']} {rel['estimate']:.2f} ({rel['ci_lower']:.2f} to "
                     f"{rel['ci_upper']:.2f})")
    if row.get("absolute"):
        parts.append(row["absolute"][0]["text"])
    elif row.get("difference"):
        parts.append(row["difference"]["text"])
    if row.get("participants") is not None:
        parts.append(f"{row['participants']} participants ({row['studies']} studies)")
    else:
        parts.append(f"{row['studies']} studies")
    parts.append(f"certainty {row.get('certainty_label') or 'not assessed'}")
    return parts[0] + ": " + "; ".join(parts[1:])
