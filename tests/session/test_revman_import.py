"""Importing RevMan reviews: cached results reproduced, one undo step, refusals change nothing."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "io"))
from rm5_canonical import REVMAN_FILES, SHARED_RM5  # noqa: E402

from workbench.io.rm5.model import RevManError  # noqa: E402
from workbench.io.rm5.reader import read_rm5  # noqa: E402
from workbench.session.commands.revman import ImportReview  # noqa: E402
from workbench.session.commands.structure import CommandError  # noqa: E402
from workbench.session.project import Project  # noqa: E402
from workbench.session.revman_compute import compute  # noqa: E402
from workbench.session.revman_import import import_review  # noqa: E402
from workbench.session.revman_plan import plan_review  # noqa: E402
from workbench.storage.revman_store import revman_outcome  # noqa: E402

TABLES = ["review", "reviewers", "studies", "study_values", "comparisons", "outcomes",
          "study_outcomes", "extracted_values", "rob_assessments", "rob_judgements",
          "study_characteristics", "revman_outcomes", "revman_studies"]


def dump(project) -> dict:
    db, drop = project.store.db, {"entered_at", "updated_at", "created_at"}
    return {t: sorted(tuple(v for k, v in row.items() if k not in drop) for row in db[t].rows)
            for t in TABLES}


@pytest.fixture
def new_project(tmp_path):
    project = Project.create(tmp_path / "r.wbproj")
    yield project
    project.close()


def test_every_cached_result_of_the_shared_files_is_reproduced(tmp_path):
    """shared/validation/revman: every cached value RevMan stored for the studies, subgroups
    and outcomes it shows (README "From RevMan attributes to contract keys"), recomputed in
    RevMan 5 mode: no differences. 3,165 values (the README's 3,161 checks count contract
    keys, which differ slightly from RevMan's attributes)."""
    checks = 0
    for path in SHARED_RM5:
        project = Project.create(tmp_path / f"{path.stem}.wbproj")
        report = import_review(project, path)
        project.close()
        assert report.check.differences == [], path.name
        checks += report.check.checks
    assert checks == 3165


def test_fleiss_import_lands_settings_labels_years_and_rob(new_project):
    report = import_review(new_project, REVMAN_FILES / "Fleiss1993.rm5")
    store = new_project.store
    assert store.review()["title"] == "Examples from Fleiss 1993"
    aspirin = store.outcomes()[0]
    # DICH_OUTCOME METHOD="MH" EFFECT_MEASURE="OR" RANDOM="NO" CI_TOTAL="95" SORT_BY="USER"
    s = aspirin.settings
    assert (s.measure, s.method, s.compat, s.ci_level) == ("OR", "MH", "revman5", 0.95)
    assert (aspirin.favours_left, aspirin.favours_right) == ("Favours experimental",
                                                             "Favours control")
    assert revman_outcome(store, aspirin.id).group_label_1 == "Aspirin"
    assert store.one("SELECT sort_by FROM outcomes WHERE id = ?", [aspirin.id]) == "user"
    assert store.study_years()[store.study_id("MRC-1")] == 1974
    # QIT-02 "Allocation concealment?" UNKNOWN for all 12 studies -> D2 "Unclear risk"
    assert report.counts["rob_judgements"] == 12
    assert {j for (j,) in store.execute("SELECT judgement FROM rob_judgements "
                                        "WHERE domain = 'D2'")} == {"Unclear risk"}


def test_mh_random_is_dl_with_q_around_mh(new_project):
    """README "Arguments": DICH MH RR, RANDOM=YES is --method DL --het-from MH."""
    import_review(new_project, REVMAN_FILES / "antibiotics-for-sore-throat.rm5")
    s = new_project.store.outcomes()[0].settings
    assert (s.measure, s.method, s.het_from) == ("RR", "DL", "MH")


def test_import_is_one_undo_step(new_project, fill_values, round_trip):
    fill_values(new_project.store, "Ann", [("Other", "Pain", "AMIS", {"events_1": 3.0})])
    plan = plan_review(read_rm5(REVMAN_FILES / "Fleiss1993.rm5"), "Fleiss1993.rm5")
    round_trip(new_project, ImportReview(plan=plan, reviewer="Ann"), dump)


def test_a_clashing_comparison_is_refused_and_nothing_changes(new_project):
    import_review(new_project, REVMAN_FILES / "Fleiss1993.rm5")
    before = dump(new_project)
    with pytest.raises(CommandError, match="already has a comparison"):
        import_review(new_project, REVMAN_FILES / "Fleiss1993.rm5")
    assert dump(new_project) == before


def test_a_bad_file_changes_nothing(new_project, tmp_path):
    import_review(new_project, REVMAN_FILES / "Fleiss1993.rm5")
    before = dump(new_project)
    bad = tmp_path / "bad.rm5"
    bad.write_bytes((REVMAN_FILES / "CD008521StatsDataOnly.rm5").read_bytes()[:50_000])
    with pytest.raises(RevManError, match="bad.rm5: line"):
        import_review(new_project, bad)
    assert dump(new_project) == before


IPD_ROWS = [(-2.5, 10.0), (-1.0, 4.0), (0.5, 6.0)]


def _ipd_file(tmp_path: Path) -> Path:
    data = "\n".join(f'<IPD_DATA STUDY_ID="STD-S{i}" O_E="{o}" VAR="{v}"/>'
                     for i, (o, v) in enumerate(IPD_ROWS))
    studies = "".join(f'<STUDY ID="STD-S{i}" NAME="S{i}" YEAR="200{i}"/>' for i in range(3))
    path = tmp_path / "ipd.rm5"
    path.write_text(
        f'<?xml version="1.0" encoding="UTF-8"?><COCHRANE_REVIEW><COVER_SHEET><TITLE>T</TITLE>'
        f'</COVER_SHEET><STUDIES_AND_REFERENCES><STUDIES><INCLUDED_STUDIES>{studies}'
        f'</INCLUDED_STUDIES></STUDIES></STUDIES_AND_REFERENCES><ANALYSES_AND_DATA>'
        f'<COMPARISON ID="CMP-001" NO="1"><NAME>C</NAME><IPD_OUTCOME ID="CMP-001.01" '
        f'METHOD="EXP_O_E_VAR" RANDOM="NO" CI_TOTAL="95" CI_STUDY="95"><NAME>Death</NAME>'
        f'<EFFECT_MEASURE>Hazard Ratio</EFFECT_MEASURE>{data}</IPD_OUTCOME></COMPARISON>'
        f'</ANALYSES_AND_DATA></COCHRANE_REVIEW>', encoding="utf-8")
    return path


def test_o_minus_e_and_variance_pool_as_revman_does(new_project, tmp_path):
    """O-E and variance (IPD_OUTCOME): RevMan pools exp(Σ(O-E)/ΣV) with SE 1/√ΣV (revman.md c,
    "Peto OR: ln OR = Σ(O−E)/ΣV, SE = 1/√ΣV", the same fixed-effect rule)."""
    import_review(new_project, _ipd_file(tmp_path))
    outcome = new_project.store.outcomes()[0]
    result = compute(new_project.store, outcome.id).result
    total_v = sum(v for _, v in IPD_ROWS)
    assert math.isclose(result.estimate, sum(o for o, _ in IPD_ROWS) / total_v, rel_tol=1e-12)
    assert math.isclose(result.se, total_v ** -0.5, rel_tol=1e-12)
    assert revman_outcome(new_project.store, outcome.id).effect_label == "Hazard Ratio"


def test_o_minus_e_data_are_written_back_as_o_minus_e(new_project, tmp_path):
    from workbench.io.rm5.writer import write_rm5
    from workbench.session.revman_export import review_for_export

    import_review(new_project, _ipd_file(tmp_path))
    out = tmp_path / "out.rm5"
    write_rm5(review_for_export(new_project.store)[0], out)
    outcome = read_rm5(out).comparisons[0].outcomes[0]
    assert outcome.kind == "IPD" and outcome.effect_label == "Hazard Ratio"
    written = [(r.values["o_e"], r.values["var"]) for r in outcome.rows]
    for (o, v), (o2, v2) in zip(IPD_ROWS, written, strict=True):
        assert math.isclose(o, o2, rel_tol=1e-12) and math.isclose(v, v2, rel_tol=1e-12)


def test_swapped_events_are_analysed_as_non_events(new_project, tmp_path):
    """SWAP_EVENTS="YES" ("Swap event and non-event" in RevMan Web): the risk ratio of
    non-events, ((n1 - a)/n1) / ((n2 - c)/n2), here (40/50)/(30/50) = 4/3 with IV weights."""
    path = tmp_path / "swap.rm5"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><COCHRANE_REVIEW><COVER_SHEET><TITLE>T</TITLE>'
        '</COVER_SHEET><STUDIES_AND_REFERENCES><STUDIES><INCLUDED_STUDIES><STUDY ID="STD-A" '
        'NAME="A 2001" YEAR="2001"/></INCLUDED_STUDIES></STUDIES></STUDIES_AND_REFERENCES>'
        '<ANALYSES_AND_DATA><COMPARISON ID="CMP-001" NO="1"><NAME>C</NAME><DICH_OUTCOME '
        'ID="CMP-001.01" METHOD="IV" EFFECT_MEASURE="RR" RANDOM="NO" CI_TOTAL="95" '
        'CI_STUDY="95" SWAP_EVENTS="YES"><NAME>Cure</NAME><DICH_DATA STUDY_ID="STD-A" '
        'EVENTS_1="10" TOTAL_1="50" EVENTS_2="20" TOTAL_2="50"/></DICH_OUTCOME></COMPARISON>'
        '</ANALYSES_AND_DATA></COCHRANE_REVIEW>', encoding="utf-8")
    import_review(new_project, path)
    from workbench.session.analysis import load_outcome

    outcome = new_project.store.outcomes()[0]
    _rows, result = load_outcome(new_project.store, outcome.id).analyse()
    assert math.isclose(math.exp(result.estimate), 4 / 3, rel_tol=1e-12)
    assert math.isclose(math.exp(compute(new_project.store, outcome.id).result.estimate), 4 / 3,
                        rel_tol=1e-12)
