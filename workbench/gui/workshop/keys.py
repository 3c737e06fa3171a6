"""The workshop's key map: one list, shown on "?" and used by the tests and the docs."""

KEY_MAP: tuple[tuple[str, str], ...] = (
    ("← / →", "previous / next outcome (in the framework: previous / next page)"),
    ("1 – 9", "jump to outcome 1–9 (on a criterion page: choose judgement 1–9)"),
    ("W", "what-ifs on / off"),
    ("H", "what-if: leave out studies at high risk of bias"),
    ("M", "what-if: fixed ↔ random effects"),
    ("T", "what-if: next τ² estimator"),
    ("K", "what-if: HKSJ on / off"),
    ("L", "what-if: leave out the next study in turn"),
    ("R", "what-if: a different baseline risk (per 1,000); on the recommendation page: "
          "only in research on / off"),
    ("0", "what-if: back to the stored analysis"),
    ("Enter", "keep this what-if (stored; Ctrl+Z undoes)"),
    ("G", "certainty with its reasons on / off"),
    ("E", "the Evidence-to-Decision framework on / off"),
    ("V", "framework: type the vote tally of this page"),
    ("D", "framework: record dissent by name"),
    ("N", "framework: research evidence / additional considerations of this page"),
    ("P", "framework: add a panel member (name; role; conflict) or switch one present / absent"),
    ("B", "blank the screen (any key brings it back)"),
    ("Ctrl+Z / Ctrl+Y", "undo / redo"),
    ("?", "this key map"),
    ("Esc", "leave workshop mode"),
)
