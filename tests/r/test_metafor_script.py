"""`export --to metafor` run by real R: its results CSV equals ours at full precision.

The script is the one users get; R (metafor 3.8-1 from Debian here) runs it on the demo review
and on every dataset of ../shared/validation/data, in one R process each.
"""

from __future__ import annotations

import math
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from _rlib import compare, read_results, require_r, run_r

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "core"))
from _datasets import (  # noqa: E402
    bcg_rows,
    binary_rows,
    continuous_rows,
    generic_rows,
)
from _shared import dataset  # noqa: E402

from workbench.core.meta import run_meta  # noqa: E402
from workbench.core.model import AnalysisSettings, DataType, StudyRow  # noqa: E402
from workbench.io.export_metafor import MetaforOutcome, has_subgroups, render_script  # noqa: E402

D, C, G = DataType.DICHOTOMOUS, DataType.CONTINUOUS, DataType.GENERIC


@pytest.fixture(scope="module")
def rscript() -> str:
    return require_r()


def _ours(item: MetaforOutcome) -> dict:
    return run_meta(item.rows, item.data_type, item.settings,
                    subgroups=has_subgroups(item)).to_dict()


def _check_script(rscript: str, tmp_path: Path, items: list[MetaforOutcome]) -> int:
    script = tmp_path / "analyses.R"
    script.write_text(render_script("p", "t", items, "now", "test"), encoding="utf-8")
    run_r(rscript, script)
    results = read_results(tmp_path / "analyses-results.csv")
    failures, total = [], 0
    for item in items:
        title = f"{item.comparison} / {item.outcome}"
        theirs = {key: v for (outcome, key), v in results.items() if outcome == title}
        assert theirs, f"R wrote nothing for {title}"
        bad, n = compare(_ours(item), theirs, title)
        failures += bad
        total += n
    assert not failures, "\n".join(failures[:40])
    print(f"{len(items)} outcomes, {total} values agree with metafor")
    return total


def test_the_demo_script_reproduces_every_outcome(rscript, tmp_path, demo_path):
    """Every outcome of the bundled demo, with its stored settings, and a REML + HKSJ +
    subgroup variant of each, as `export --to metafor` writes them."""
    from workbench.session.export_analyses import analysed_outcomes
    from workbench.session.project import Project

    project = Project.open(demo_path)
    try:
        items = [a.outcome for a in analysed_outcomes(project.store) if a.result is not None]
    finally:
        project.close()
    variants = [replace(i, outcome=i.outcome + " (HKSJ adhoc, 90%)", settings=replace(
        i.settings, hksj_adhoc=True, ci_level=0.9)) for i in items]
    variants += [replace(i, outcome=i.outcome + " (RevMan Web)", settings=replace(
        i.settings, compat="revman-web", hksj=True, tau2_ci=True, pi_df="k-2"))
        for i in items if i.settings.measure in ("MD", "GEN")]  # RevMan's 2x2 and g rules differ
    assert _check_script(rscript, tmp_path, items + variants) > 500


def _plo(records) -> list[StudyRow]:
    """dat.pritz1997 as generic logits log(x/(n-x)), 1/x + 1/(n-x) (metafor's PLO, which adds
    0.5 to x and n - x where either is 0)."""
    rows = []
    for r in records:
        x, n = float(r["xi"]), float(r["ni"])
        if x in (0, n):
            x, n = x + 0.5, n + 1
        rows.append(StudyRow(r["study"], {"estimate": math.log(x / (n - x)),
                                          "se": math.sqrt(1 / x + 1 / (n - x))}))
    return rows


def _zcor(records) -> list[StudyRow]:
    """dat.molloy2014 as generic Fisher z: atanh(r), variance 1/(n-3) (metafor's ZCOR)."""
    return [StudyRow(r["authors"], {"estimate": math.atanh(float(r["ri"])),
                                    "se": 1 / math.sqrt(float(r["ni"]) - 3)}) for r in records]


def _with_se(rows: list[StudyRow]) -> list[StudyRow]:
    """Projects store generic data as estimate and SE (the exported columns)."""
    return [replace(r, values={"estimate": r.values["estimate"],
                               "se": None if r.values.get("variance") is None
                               else math.sqrt(r.values["variance"])}) for r in rows]


def _validation_sets() -> list[tuple[str, DataType, list[StudyRow], tuple[str, ...]]]:
    """(dataset, data type, rows, measures) for every file of ../shared/validation/data."""
    collins = dataset("dat.collins1985a")
    yusuf = [r for r in dataset("dat.yusuf1985") if r["table"] == "6"]
    gibson = dataset("dat.gibson2002")
    sets = [
        ("clasp_dersimonian2007", D, binary_rows(dataset("clasp_dersimonian2007")), ("OR",)),
        ("dat.bcg", D, bcg_rows(), ("RR", "OR", "RD")),
        ("dat.collins1985a", D, binary_rows(collins, "b.xti", "nti", "b.xci", "nci", "trial"),
         ("OR", "RD")),
        ("dat.curtis1998", C, continuous_rows(dataset("dat.curtis1998")), ("MD", "SMD")),
        ("dat.egger2001", D, binary_rows(dataset("dat.egger2001")), ("OR", "RR")),
        ("dat.gibson2002", C, continuous_rows([r for r in gibson if r["m1i"] != "NA"]),
         ("SMD",)),
        ("dat.hackshaw1998", G, _with_se(generic_rows(dataset("dat.hackshaw1998"))), ("GEN",)),
        ("dat.hine1989", D, binary_rows(dataset("dat.hine1989")), ("RD", "RR")),
        ("dat.li2007", D, binary_rows(dataset("dat.li2007")), ("OR",)),
        ("dat.molloy2014", G, _zcor(dataset("dat.molloy2014")), ("GEN",)),
        ("dat.nielweise2007", D, binary_rows(dataset("dat.nielweise2007")), ("OR", "RR")),
        ("dat.normand1999", C, continuous_rows(dataset("dat.normand1999")), ("MD", "SMD")),
        ("dat.pritz1997", G, _plo(dataset("dat.pritz1997")), ("GEN",)),
        ("dat.raudenbush1985", G, _with_se(generic_rows(dataset("dat.raudenbush1985"))), ("GEN",)),
        ("dat.yusuf1985", D, binary_rows(yusuf, label="trial"), ("OR",)),
        *((name, G, _with_se(generic_rows(dataset(name))), ("GEN",))
          for name in ("viechtbauer2005_ex1", "viechtbauer2005_ex2")),
    ]
    return sets


def _methods(data_type: DataType, measure: str) -> list[dict]:
    """The stored settings each dataset is exported with: every estimator, MH and Peto."""
    plans = [dict(method=m) for m in ("FE", "DL", "REML", "ML", "PM", "SJ", "HE", "HS", "EB")]
    plans += [dict(method="REML", hksj=True), dict(method="DL", hksj_adhoc=True,
                                                     ci_level=0.9)]
    if data_type is D:
        plans.append(dict(method="MH"))
        if measure == "OR":
            plans.append(dict(method="PETO"))
    return plans


def test_every_validation_dataset_through_the_exported_script(rscript, tmp_path):
    items = []
    for name, data_type, rows, measures in _validation_sets():
        assert rows, name
        for measure in measures:
            for plan in _methods(data_type, measure):
                settings = AnalysisSettings(measure=measure, log_scale=data_type is G, **plan)
                label = f"{measure} " + " ".join(f"{k}={v}" for k, v in plan.items())
                items.append(MetaforOutcome(name, label, data_type, settings, tuple(rows)))
    names = {item.comparison for item in items}
    assert len(names) == 17  # every file in ../shared/validation/data
    assert _check_script(rscript, tmp_path, items) > 10_000
