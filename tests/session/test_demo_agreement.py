"""Agreement on the demo review: RoB judgements made by the algorithm count, not only typed ones."""

from __future__ import annotations

import pytest

from workbench.session.dual import agreement, list_conflicts


def test_rob_kappa_uses_final_judgements_from_the_algorithm(demo_project):
    doc = agreement(demo_project)
    d2 = doc["rob"]["rob2"]["D2"]
    # The demo data file's D2 codes (resources/demo/ketamine.json, "rob"): both reviewers give
    # 10 Low and 2 Some concerns alike; on Gallo 1997 A says High, B Some concerns.
    # po = 12/13; margins A: L 10, S 2, H 1; B: L 10, S 3, H 0
    # pe = (10*10 + 2*3 + 1*0) / 13^2 = 106/169
    # kappa = (156/169 - 106/169) / (63/169) = 50/63
    assert d2["n"] == 13
    assert d2["percent"] == pytest.approx(100 * 12 / 13)
    assert d2["kappa"] == pytest.approx(50 / 63)
    assert -1 <= d2["kappa_ci_lower"] <= d2["kappa"] <= d2["kappa_ci_upper"] <= 1
    assert doc["rob"]["rob2"]["D1"]["percent"] == 100.0  # counted once per study, not twice


def test_demo_conflicts_include_the_derived_domain_judgements(demo_project):
    fields = {(c.study, c.field) for c in list_conflicts(demo_project)}
    assert ("Gallo 1997", "rob2:D2:judgement") in fields
    assert ("Brandt 1994", "rob2:D3:judgement") in fields
    assert ("Brandt 1994", "events_1") in fields and ("Moreau 1996a", "year") in fields
