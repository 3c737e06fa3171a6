"""The forest plot as rows of text and glyphs, computed from a MetaResult alone (no Qt)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from workbench.core import report_text as tx
from workbench.core.model import Comparison, DataType, Outcome, StudyRow
from workbench.core.results import MetaResult, StudyResult, SubgroupResult
from workbench.gui.forest.rob import RobBlock, rob_block
from workbench.gui.forest.scale import Scale, choose_scale

SORT_KEYS = ("input", "study", "year", "weight", "effect")


@dataclass(frozen=True)
class Column:
    """A text column: key, title, the spanning group title above it, alignment."""

    key: str
    title: str
    group: str = ""
    align: str = "right"


class Glyph(NamedTuple):
    """What the graphic column draws on a row, in plot x coordinates (a NamedTuple: a live
    edit builds a thousand of these, and frozen dataclasses are three times slower to make)."""

    kind: str  # "square", "diamond" or "pi"
    est: float
    lo: float
    hi: float
    weight: float = 0.0


class Row(NamedTuple):
    """One line of the plot. `style` is normal, bold, heading or note (small, spans columns)."""

    kind: str
    cells: tuple[str, ...]
    style: str = "normal"
    glyph: Glyph | None = None
    study_index: int | None = None
    rob: tuple[str | None, ...] = ()


@dataclass(frozen=True)
class ForestLayout:
    """Everything the widget draws; `structure` changes only when the set of rows changes."""

    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    scale: Scale
    graph_last_row: int  # the glyph area spans rows 0 .. graph_last_row
    effect_title: tuple[str, str]
    favours: tuple[str, str]
    rob: RobBlock | None = None
    structure: tuple = field(default=(), compare=False)


def arm_columns(data_type: DataType, comparison: Comparison) -> tuple[Column, ...]:
    g1, g2 = comparison.group_label_1, comparison.group_label_2
    if data_type == DataType.DICHOTOMOUS:
        names = (("events", "Events"), ("total", "Total"))
    elif data_type == DataType.CONTINUOUS:
        names = (("mean", "Mean"), ("sd", "SD"), ("total", "Total"))
    else:
        return (Column("estimate", "Estimate"), Column("se", "SE"))
    return tuple(Column(f"{key}_{arm}", title, group)
                 for arm, group in ((1, g1), (2, g2)) for key, title in names)


DISPUTED_MARK = "†"  # after a study label: an unresolved disagreement between reviewers


def build_layout(result: MetaResult, rows: Sequence[StudyRow], outcome: Outcome,
                 comparison: Comparison, rob: Mapping | None = None,
                 sort: str = "input", cache: dict | None = None,
                 view: str = "", workflow: bool = True) -> ForestLayout:
    """Rows in RevMan order: [heading, studies, subtotal, footers] per subgroup, then Total.

    `cache` (any dict kept between calls) remembers the formatted texts of unchanged studies,
    so that a live edit re-formats one study rather than all of them.
    """
    log = result.scale == "log"
    scale = choose_scale(_extent_values(result), log)
    if cache is not None and len(cache) > 8 * len(rows) + 64:
        cache.clear()  # bounded: old entries of edited values would otherwise pile up
    ctx = _Context(result, rows, outcome, comparison, scale, rob_block(rob),
                   {} if cache is None else cache)
    ctx.workflow = workflow  # the disputed-value mark and note: for the reviewers, not readers
    columns = (Column("study", "Study or Subgroup", align="left"),
               *arm_columns(outcome.data_type, comparison), Column("weight", "Weight"),
               Column("effect", "", align="right"))
    body = ctx.body(sort)
    graph_last = max(i for i, r in enumerate(body) if r.kind in ("total", "pi"))
    title = (tx.MEASURE_NAMES.get(result.measure, result.measure),
             f"{tx.method_label(result.method, outcome.settings.het_from)}, "
             f"{result.ci_level * 100:g}% CI" + (f" · {view}" if view else ""))
    favours = outcome.favours(comparison)
    # Footer lines carry changing numbers; only their place belongs to the structure.
    labels = tuple((r.kind, "" if r.kind == "note" else r.cells[0]) for r in body)
    structure = (outcome.data_type, labels, scale,
                 ctx.rob is not None and ctx.rob.domains, title)
    return ForestLayout(columns, tuple(body), scale, graph_last, title, favours, ctx.rob,
                        structure)


def _extent_values(result: MetaResult) -> list[float]:
    values = [v for s in result.studies for v in (s.yi, s.ci_lower, s.ci_upper)]
    values += [result.ci_lower, result.ci_upper]
    for sub in result.subgroups or ():
        values += [sub.ci_lower, sub.ci_upper]
    return [v for v in values if v is not None]


class _Context:
    """Builds the rows; holds what every row builder needs."""

    def __init__(self, result: MetaResult, rows: Sequence[StudyRow], outcome: Outcome,
                 comparison: Comparison, scale: Scale, rob: RobBlock | None, cache: dict):
        self.result, self.rows, self.outcome, self.scale = result, rows, outcome, scale
        self.rob, self.cache = rob, cache
        self.log = result.scale == "log"
        self.random = outcome.settings.is_random
        self.arms = arm_columns(outcome.data_type, comparison)
        self.max_weight = max((s.weight or 0.0 for s in result.studies), default=0.0)
        # Studies with complete data, checked once: every subtotal and total sums over them.
        self.complete = [all(v is not None for v in r.values.values()) for r in rows]
        self._arm_sums: dict[str, np.ndarray] = {}
        self.workflow = True

    def body(self, sort: str) -> list[Row]:
        order = _sorted(range(len(self.rows)), self.rows, self.result.studies, sort)
        out: list[Row] = []
        subgroups = self.result.subgroups
        if subgroups:
            for sub in subgroups:
                members = [i for i in order if (self.rows[i].subgroup or "") == sub.name]
                out += self._subgroup(sub, members)
        else:
            out += [self._study(i) for i in order]
        out += self._total(order, bool(subgroups))
        return out

    def _subgroup(self, sub: SubgroupResult, members: list[int]) -> list[Row]:
        heading = Row("heading", self._cells(sub.name or "(no subgroup)"), "heading")
        rows = [heading, *(self._study(i) for i in members)]
        rows.append(self._summary("subtotal", "Subtotal", members, sub.estimate,
                                  sub.ci_lower, sub.ci_upper, sub.weight))
        rows += self._events(members)
        het, effect = tx.subgroup_lines(sub, self.random, self.result.statistic_type)
        rows += [self._note(het), self._note(effect), Row("blank", self._cells(""))]
        return rows

    def _total(self, members: list[int], has_subgroups: bool) -> list[Row]:
        r = self.result
        total = 100.0 if r.estimate is not None else None
        rows = [self._summary("total", "Total", members, r.estimate, r.ci_lower, r.ci_upper,
                              total)]
        if self.random and r.pi_lower is not None and r.pi_upper is not None:
            rows.append(self._pi(r.estimate, r.pi_lower, r.pi_upper))
        rows += self._events(members)
        rows += [self._note(line) for line in tx.result_lines(r, self.random)]
        if has_subgroups:
            rows.append(self._note(tx.subgroup_test_text(r.subgroup_test)))
            if r.subgroup_test is not None and r.subgroup_test.note:
                rows.append(self._note(r.subgroup_test.note))
        disputed = [i for i, row in enumerate(self.rows) if row.disputed]
        if disputed and self.workflow:
            kept = any(self.result.studies[i].included for i in disputed)
            rows.append(self._note(f"{DISPUTED_MARK} Reviewers disagree on a value of this "
                                   "study; " + ("this view uses the value shown."
                                                if kept else "it is left out until the "
                                                "conflict is resolved.")))
        return rows

    def _cells(self, label: str, values: Mapping[str, str] | None = None) -> tuple[str, ...]:
        values = values or {}
        keys = [c.key for c in self.arms] + ["weight", "effect"]
        return (label, *(values.get(k, "") for k in keys))

    def _study(self, index: int) -> Row:
        row, res = self.rows[index], self.result.studies[index]
        has_ci = res.yi is not None and res.ci_lower is not None and res.ci_upper is not None
        arms = self._arm_texts(row)
        effect = (self._effect_text(res) if has_ci
                  else "Reviewers disagree" if row.disputed and self.workflow
                  else "Not estimable")
        label = f"{row.study} {DISPUTED_MARK}" if row.disputed and self.workflow else row.study
        cells = (label, *arms, tx.weight_text(res.weight), effect)
        glyph = None
        if has_ci and res.included:
            to = self.scale.to_plot
            glyph = Glyph("square", to(res.yi), to(res.ci_lower), to(res.ci_upper),
                          res.weight or 0.0)
        judgements = self.rob.judgements(row.study) if self.rob else ()
        return Row("study", cells, glyph=glyph, study_index=index, rob=judgements)

    def _arm_texts(self, row: StudyRow) -> tuple[str, ...]:
        key = ("arms", tuple(row.values.get(c.key) for c in self.arms))
        texts = self.cache.get(key)
        if texts is None:
            texts = tuple(tx.number_text(v) for v in key[1])
            self.cache[key] = texts
        return texts

    def _effect_text(self, res: StudyResult) -> str:
        key = ("effect", res.yi, res.ci_lower, res.ci_upper, self.log)
        text = self.cache.get(key)
        if text is None:
            text = tx.effect_text(res.yi, res.ci_lower, res.ci_upper, self.log)
            self.cache[key] = text
        return text

    def _summary(self, kind: str, label: str, members: list[int], est: float | None,
                 lo: float | None, hi: float | None, weight: float | None) -> Row:
        values = {c.key: self._sum(c.key, members) for c in self.arms if c.key.startswith("total")}
        values["weight"] = tx.weight_text(weight)
        values["effect"] = tx.effect_text(est, lo, hi, self.log)
        glyph = None
        if est is not None and lo is not None and hi is not None:
            to = self.scale.to_plot
            glyph = Glyph("diamond", to(est), to(lo), to(hi))
        ci = f"{self.result.ci_level * 100:g}% CI"
        return Row(kind, self._cells(f"{label} ({ci})", values), "bold", glyph)

    def _pi(self, est: float | None, lo: float, hi: float) -> Row:
        to = self.scale.to_plot
        glyph = Glyph("pi", to(est or 0.0), to(lo), to(hi))
        text = tx.effect_text(est, lo, hi, self.log).split(" ", 1)[1]
        level = f"{self.result.ci_level * 100:g}%"
        return Row("pi", self._cells(f"Prediction interval ({level})", {"effect": text}),
                   "normal", glyph)

    def _events(self, members: list[int]) -> list[Row]:
        if self.outcome.data_type != DataType.DICHOTOMOUS:
            return []
        values = {k: self._sum(k, members) for k in ("events_1", "events_2")}
        return [Row("events", self._cells("Total events", values), "note")]

    def _note(self, text: str) -> Row:
        return Row("note", self._cells(text), "note")

    def _sum(self, key: str, members: list[int]) -> str:
        # Participants and events of the studies with complete data (as RevMan counts them):
        # a study missing its events must not add its participants, or 39/160 misleads.
        # Display bookkeeping, not statistics.
        column = self._arm_sums.get(key)
        if column is None:  # one array per arm field, so a subtotal is one indexed sum
            column = np.array([(r.values.get(key) or 0) if ok else 0 for r, ok in
                               zip(self.rows, self.complete, strict=True)], dtype=float)
            self._arm_sums[key] = column
        total = float(column[np.asarray(members, dtype=int)].sum()) if members else 0
        return tx.number_text(total)


def _sorted(indices: range, rows: Sequence[StudyRow], studies: Sequence[StudyResult],
            sort: str) -> list[int]:
    """Study order within each group; not-estimable studies sort last on numeric keys."""
    if sort not in SORT_KEYS:
        raise ValueError(f"unknown sort key {sort!r}; use one of {', '.join(SORT_KEYS)}")
    keys = {
        "input": lambda i: 0,
        "study": lambda i: rows[i].study.casefold(),
        "year": lambda i: (rows[i].year is None, rows[i].year or 0, rows[i].study.casefold()),
        "weight": lambda i: (studies[i].weight is None, -(studies[i].weight or 0.0)),
        "effect": lambda i: (studies[i].yi is None, studies[i].yi or 0.0),
    }
    return sorted(indices, key=keys[sort])

