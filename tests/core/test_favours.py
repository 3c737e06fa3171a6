"""'Favours' labels follow the outcome's direction; typed labels always win."""

from __future__ import annotations

import pytest

from workbench.core.model import Comparison, DataType, Outcome

COMPARISON = Comparison(1, "Ketamine versus placebo", "Ketamine", "Placebo")


def _outcome(higher_is_better, left="", right="") -> Outcome:
    return Outcome(1, 1, "x", DataType.DICHOTOMOUS, favours_left=left, favours_right=right,
                   higher_is_better=higher_is_better)


@pytest.mark.parametrize("higher_is_better, expected", [
    # A harm (adverse events): fewer events with ketamine, RR < 1, is left and favours it.
    (False, ("Favours Ketamine", "Favours Placebo")),
    # Not said: RevMan's default reads it as a harm.
    (None, ("Favours Ketamine", "Favours Placebo")),
    # A benefit (response): more responders with ketamine, RR > 1, is right and favours it.
    (True, ("Favours Placebo", "Favours Ketamine")),
])
def test_default_sides_follow_the_direction(higher_is_better, expected):
    assert _outcome(higher_is_better).favours(COMPARISON) == expected


def test_typed_labels_win_over_the_direction():
    outcome = _outcome(True, left="Favours saline")
    assert outcome.favours(COMPARISON) == ("Favours saline", "Favours Ketamine")
