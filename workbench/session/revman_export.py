"""A project as an RmReview with RevMan 5's cached results, for .rm5 and RevMan Web files."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict

from workbench.core.model import Comparison, Outcome
from workbench.io.rm5.ids import study_id_for, unescape
from workbench.io.rm5.model import (
    RmComparison,
    RmOutcome,
    RmReview,
    RmRob,
    RmRow,
    RmStudy,
    RmSubgroup,
)
from workbench.io.rm5.settings import OurSettings, to_revman
from workbench.session.revman_compute import Computed, compute
from workbench.session.revman_rob import level_code, rob1_items
from workbench.storage import rob_store
from workbench.storage.revman_store import revman_study_ids, sort_by
from workbench.storage.store import Store


def review_for_export(store: Store) -> tuple[RmReview, list[str]]:
    """The whole project, and notes on what RevMan 5 cannot hold."""
    notes: list[str] = []
    review = RmReview(title=store.review().get("title", ""))
    keys = _studies(store, review)
    order = Counter()
    for number, comparison in enumerate(store.comparisons(), start=1):
        rm = RmComparison(id=f"CMP-{number:03d}", name=comparison.label)
        kept = []
        for position, outcome in enumerate(store.outcomes(comparison.id), start=1):
            written, revman_id = _outcome(store, comparison, outcome,
                                          f"{rm.id}.{position:02d}", keys, order, notes)
            rm.outcomes.append(written)
            kept.append(revman_id)
        _keep_ids(rm, kept)
        review.comparisons.append(rm)
    review.rob = _rob(store, keys, notes) + _rob2(store, keys, notes)
    return review, notes


def _keep_ids(comparison: RmComparison, kept: list[str | None]) -> None:
    """Outcome IDs from the imported file where they still fit this comparison (RevMan keeps
    an outcome's number when others are deleted, e.g. CMP-001.36); NO follows the ID."""
    usable = all(k and k.rsplit(".", 1)[0] == comparison.id for k in kept) and \
        len(set(kept)) == len(kept)
    for outcome, kept_id in zip(comparison.outcomes, kept, strict=True):
        if usable:
            outcome.id = kept_id
            for number, subgroup in enumerate(outcome.subgroups, start=1):
                subgroup.id = f"{kept_id}.{number:02d}"
        suffix = f" ({outcome.id})"
        outcome.name = outcome.name.removesuffix(suffix)  # the import's disambiguation


def _studies(store: Store, review: RmReview) -> dict[int, str]:
    """Every study with its RevMan ID (kept from an import, else made from the label)."""
    known, keys, used = revman_study_ids(store), {}, set()
    years = store.study_years()
    for study in store.studies():
        raw = known.get(study.id) or study_id_for(study.label)
        while unescape(raw) in used:
            raw += "_x002a_"  # '*': two labels that escape alike stay two studies
        used.add(unescape(raw))
        keys[study.id] = unescape(raw)
        review.studies[unescape(raw)] = RmStudy(
            id=unescape(raw), raw_id=raw, name=study.label, year=years.get(study.id),
            characteristics=store.study_characteristics(study.id))
    return keys


def _outcome(store: Store, comparison: Comparison, outcome: Outcome, outcome_id: str,
             keys: dict[int, str], order: Counter, notes: list[str]
             ) -> tuple[RmOutcome, str | None]:
    place = f"{comparison.label} > {outcome.label}"
    computed = compute(store, outcome.id)
    extras = {k: v for k, v in asdict(computed.extras).items()
              if k not in ("group_label_1", "group_label_2")}
    ours = OurSettings(outcome.data_type, outcome.settings, extras,
                       sort_by=sort_by(store, outcome.id), units=outcome.units)
    kind, attrs, changed = to_revman(ours)
    notes += [f"{place}: {text}" for text in changed]
    groups = (computed.extras.group_label_1 or comparison.group_label_1,
              computed.extras.group_label_2 or comparison.group_label_2)
    rm = RmOutcome(kind=kind, id=outcome_id, name=outcome.label, settings=attrs,
                   group_labels=groups, graph_labels=outcome.favours(comparison),
                   effect_label=computed.extras.effect_label, cached=computed.outcome)
    _rows(rm, computed, keys, order)
    rm.settings["SUBGROUPS"] = "YES" if rm.subgroups else "NO"
    left_out = sum(1 for r in computed.data.rows if not r.included)
    if left_out:
        notes.append(f"{place}: {left_out} excluded rows not written")
    return rm, computed.extras.revman_id


def _rows(rm: RmOutcome, computed: Computed, keys: dict[int, str], order: Counter) -> None:
    included = [r for r in computed.data.rows if r.included]
    subgroups: dict[str, RmSubgroup] = {}
    for row, entered, attrs in zip(included, computed.entered, computed.row_attrs, strict=True):
        order["n"] += 1
        notes = row.value("notes")
        rm_row = RmRow(study_id=keys[row.study_id], values=_values(rm.kind, entered.values),
                       cached=attrs, order=order["n"],
                       footnote=notes if isinstance(notes, str) else "")
        if entered.subgroup:
            if entered.subgroup not in subgroups:
                subgroups[entered.subgroup] = RmSubgroup(
                    id=f"{rm.id}.{len(subgroups) + 1:02d}", name=entered.subgroup,
                    cached=computed.subgroups.get(entered.subgroup, {}))
            subgroups[entered.subgroup].rows.append(rm_row)
        else:
            rm.rows.append(rm_row)
    rm.subgroups = list(subgroups.values())


def _values(kind: str, values: dict) -> dict:
    """Generic data written as O-E and variance where it was entered so: V = 1/SE²,
    O-E = estimate·V (the inverse of the import's mapping)."""
    if kind != "IPD":
        return dict(values)
    estimate, se = values.get("estimate"), values.get("se")
    if estimate is None or not se:
        return {"o_e": None, "var": None}
    return {"o_e": estimate / se ** 2, "var": 1 / se ** 2}


def _rob(store: Store, keys: dict[int, str], notes: list[str]) -> list[RmRob]:
    """RoB 1 study-level judgements: the consensus, else the judgement all reviewers share."""
    judged: dict[int, dict[str, set[tuple[str, str]]]] = {}
    for assessment in rob_store.assessments(store, "rob1"):
        if assessment.outcome_id is not None:
            continue
        for domain, judgement in assessment.judgements.items():
            code = level_code("rob1", judgement.judgement or "")
            if code is not None:
                judged.setdefault(assessment.study_id, {}).setdefault(domain, set()).add(
                    (code, judgement.override_reason))
    agreed = rob_store.consensus_items(store, "rob1")
    found = []
    for study_id, domains in judged.items():
        chosen = {}
        for domain, options in domains.items():
            consensus = agreed.get((study_id, None), {}).get(f"{domain}:judgement")
            if consensus and level_code("rob1", consensus):
                chosen[domain] = (level_code("rob1", consensus), next(iter(options))[1])
            elif len({code for code, _ in options}) == 1:
                chosen[domain] = sorted(options)[0]
            else:
                notes.append(f"risk of bias {domain} of study {keys[study_id]}: reviewers "
                             "disagree and there is no consensus; not written")
        found += [RmRob(keys[study_id], item, code, support, group)
                  for item, group, code, support in rob1_items(chosen)]
    return found


def _rob2(store: Store, keys: dict[int, str], notes: list[str]) -> list[RmRob]:
    """RoB 2 judgements of whole studies (as RevMan Web's package holds them), one reviewer's
    where only one judged; the .rm5 writer leaves them out (RevMan 5 has RoB 1 only)."""
    found: dict[tuple[int, str], set[tuple[str, str]]] = {}
    per_result = 0
    for assessment in rob_store.assessments(store, "rob2"):
        if assessment.outcome_id is not None:
            per_result += 1
            continue
        items = {d: (j.judgement, j.override_reason) for d, j in assessment.judgements.items()}
        if assessment.overall:
            items["overall"] = (assessment.overall, assessment.overall_reason)
        for domain, (label, support) in items.items():
            code = level_code("rob2", label or "")
            if code is not None:
                found.setdefault((assessment.study_id, domain), set()).add((code, support))
    if per_result:
        notes.append(f"{per_result} RoB 2 assessments of single results not written (RevMan "
                     "files hold judgements of whole studies)")
    return [RmRob(keys[sid], domain, *sorted(options)[0], tool="rob2")
            for (sid, domain), options in sorted(found.items()) if len(
                {c for c, _ in options}) == 1]
