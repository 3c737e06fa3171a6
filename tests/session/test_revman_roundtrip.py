"""Import each shared .rm5, export it, import the export: nothing changes (issue 12)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "io"))
from rm5_canonical import SHARED_RM5, differences  # noqa: E402

from workbench.io.rm5.writer import write_rm5  # noqa: E402
from workbench.session.project import Project  # noqa: E402
from workbench.session.revman_compute import compute  # noqa: E402
from workbench.session.revman_export import review_for_export  # noqa: E402
from workbench.session.revman_import import import_review  # noqa: E402
from workbench.storage.revman_store import revman_outcome  # noqa: E402

# RevMan 5.0 stored P_Q = 0 for an outcome without subgroups; 5.2 and later store 1, and we
# write what a current RevMan writes (Fleiss1993.rm5 is from 5.0.23, the others 5.2+).
VERSION_DIFFERENCES = {"Fleiss1993.rm5": ["<DICH_OUTCOME ID=CMP-001.01>: P_Q '0.0' vs '1.0'"]}


def content(project) -> dict:
    """Every value, setting and recomputed result, keyed by names rather than row ids."""
    store = project.store
    found: dict = {"title": store.review()["title"], "years": {
        store.study_label(k): v for k, v in store.study_years().items()},
        "characteristics": {s.label: store.study_characteristics(s.id) for s in store.studies()}}
    for comparison in store.comparisons():
        for outcome in store.outcomes(comparison.id):
            key = (comparison.label, outcome.label)
            computed = compute(store, outcome.id)
            found[key] = {
                "settings": (outcome.data_type, outcome.settings, outcome.favours_left,
                             outcome.favours_right, outcome.units, comparison.group_label_1),
                "revman": revman_outcome(store, outcome.id),
                "rows": [(r.study, r.timepoint, {f: s.values for f, s in r.cells.items()})
                         for r in computed.data.rows],
                "results": (computed.outcome, computed.subgroups, computed.row_attrs)}
    found["rob"] = sorted(store.execute(
        "SELECT s.label, j.domain, j.judgement, j.override_reason FROM rob_judgements j "
        "JOIN rob_assessments a ON a.id = j.assessment_id JOIN studies s ON s.id = a.study_id"))
    return found


@pytest.mark.parametrize("path", SHARED_RM5, ids=[p.name for p in SHARED_RM5])
def test_rm5_round_trip_changes_nothing(path, tmp_path):
    first = Project.create(tmp_path / "first.wbproj")
    import_review(first, path, reviewer="Ann")
    exported = tmp_path / "export.rm5"
    review, notes = review_for_export(first.store)
    write_rm5(review, exported)
    second = Project.create(tmp_path / "second.wbproj")
    report = import_review(second, exported, reviewer="Ann")
    assert notes == [] and report.check.differences == []
    assert content(second) == content(first)
    first.close()
    second.close()
    found, compared = differences(path, exported)
    assert found == VERSION_DIFFERENCES.get(path.name, [])
    assert compared > 200  # the comparison really looked at the analyses


def test_peto_rows_carry_o_minus_e_and_v_and_ci_levels_survive(tmp_path):
    """Peto (revman.md c): ln OR = Σ(O−E)/ΣV with O−E = a − n1(a+c)/N and the hypergeometric
    V = n1·n2·(a+c)(b+d) / (N²(N−1)). Study 1: a=10/50, c=20/50 gives O−E = −5 and
    V = 50·50·30·70/(100²·99); study 2: a=4/30, c=6/30 gives O−E = −1, V = 30·30·10·50/(60²·59).
    CI_STUDY 99 and CI_TOTAL 90 are written back as they were read."""
    import math
    from statistics import NormalDist

    from workbench.io.rm5.reader import read_rm5

    source = tmp_path / "peto.rm5"
    source.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><COCHRANE_REVIEW><COVER_SHEET><TITLE>T</TITLE>'
        '</COVER_SHEET><STUDIES_AND_REFERENCES><STUDIES><INCLUDED_STUDIES>'
        '<STUDY ID="STD-A" NAME="A 2001" YEAR="2001"/><STUDY ID="STD-B" NAME="B 2002" '
        'YEAR="2002"/></INCLUDED_STUDIES></STUDIES></STUDIES_AND_REFERENCES><ANALYSES_AND_DATA>'
        '<COMPARISON ID="CMP-001" NO="1"><NAME>C</NAME><DICH_OUTCOME ID="CMP-001.01" '
        'METHOD="PETO" EFFECT_MEASURE="PETO_OR" RANDOM="NO" CI_TOTAL="90" CI_STUDY="99">'
        '<NAME>Death</NAME><DICH_DATA STUDY_ID="STD-A" EVENTS_1="10" TOTAL_1="50" EVENTS_2="20"'
        ' TOTAL_2="50"/><DICH_DATA STUDY_ID="STD-B" EVENTS_1="4" TOTAL_1="30" EVENTS_2="6" '
        'TOTAL_2="30"/></DICH_OUTCOME></COMPARISON></ANALYSES_AND_DATA></COCHRANE_REVIEW>',
        encoding="utf-8")
    project = Project.create(tmp_path / "p.wbproj")
    import_review(project, source)
    exported = tmp_path / "out.rm5"
    write_rm5(review_for_export(project.store)[0], exported)
    project.close()
    outcome = read_rm5(exported).comparisons[0].outcomes[0]
    v = [50 * 50 * 30 * 70 / (100 ** 2 * 99), 30 * 30 * 10 * 50 / (60 ** 2 * 59)]
    assert [float(r.cached["O_E"]) for r in outcome.rows] == pytest.approx([-5, -1], rel=1e-12)
    assert [float(r.cached["VAR"]) for r in outcome.rows] == pytest.approx(v, rel=1e-12)
    assert float(outcome.cached["EFFECT_SIZE"]) == pytest.approx(math.exp(-6 / sum(v)),
                                                                 rel=1e-12)
    assert (outcome.settings["CI_TOTAL"], outcome.settings["CI_STUDY"]) == ("90", "99")
    z90 = NormalDist().inv_cdf(0.95)
    assert float(outcome.cached["CI_END"]) == pytest.approx(
        math.exp(-6 / sum(v) + z90 / math.sqrt(sum(v))), rel=1e-12)
    row = outcome.rows[0]
    z99, ln_or = NormalDist().inv_cdf(0.995), math.log(float(row.cached["EFFECT_SIZE"]))
    assert float(row.cached["CI_END"]) == pytest.approx(
        math.exp(ln_or + z99 * float(row.cached["SE"])), rel=1e-12)
