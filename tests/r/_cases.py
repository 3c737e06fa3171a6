"""Seeded random analyses for the differential test: data, `workbench meta` flags, R code."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

RANDOM = ("DL", "REML", "ML", "PM", "SJ", "HE", "HS", "EB")
RMA = {"FE": "EE", **{m: m for m in RANDOM}}
COLUMNS = {"dichotomous": ("events_1", "total_1", "events_2", "total_2"),
           "continuous": ("mean_1", "sd_1", "total_1", "mean_2", "sd_2", "total_2"),
           "generic": ("estimate", "se")}
TYPE_OF = {"RR": "dichotomous", "OR": "dichotomous", "RD": "dichotomous",
           "MD": "continuous", "SMD": "continuous", "GEN": "generic"}


@dataclass
class Case:
    """One random analysis: its data rows and the options both sides run it with."""

    name: str
    measure: str
    method: str
    rows: list[dict] = field(default_factory=list)
    ci_level: float = 0.95
    hksj: bool = False
    hksj_adhoc: bool = False
    pi_k2: bool = False
    tau2_ci: bool = False
    cc_to: str = "only0"
    drop00: bool | None = None
    subgroups: bool = False
    bias: bool = False
    loo: bool = False

    def flags(self) -> list[str]:
        out = ["--measure", self.measure, "--method", self.method, "--ci-level",
               repr(self.ci_level), "--cc-to", self.cc_to]
        out += ["--hksj"] * self.hksj + ["--hksj-adhoc"] * self.hksj_adhoc
        out += ["--pi-df", "k-2"] * self.pi_k2 + ["--tau2-ci"] * self.tau2_ci
        out += ["--drop00"] * (self.drop00 is True) + ["--keep00"] * (self.drop00 is False)
        out += ["--subgroup", "grp"] * self.subgroups + ["--bias"] * self.bias
        return out + ["--leave-one-out"] * self.loo

    def csv(self) -> str:
        cols = ("study", *COLUMNS[TYPE_OF[self.measure]], "grp")
        lines = [",".join(cols)]
        lines += [",".join(str(r[c]) for c in cols) for r in self.rows]
        return "\n".join(lines) + "\n"


def _k(rng: random.Random) -> int:
    return rng.choice([1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 30, 40])


def _rows(rng: random.Random, measure: str, k: int) -> list[dict]:
    groups = ["a", "b", "c", ""][: rng.choice([2, 3, 4])]
    tau = rng.choice([0.0, 0.2, 0.6])
    rows = []
    for i in range(k):
        row = {"study": f"S{i + 1}", "grp": rng.choice(groups)}
        row.update(_values(rng, measure, tau))
        rows.append(row)
    return rows


def _values(rng: random.Random, measure: str, tau: float) -> dict:
    kind = TYPE_OF[measure]
    if kind == "generic":
        return {"estimate": round(rng.gauss(0.2, 0.4 + tau), 4),
                "se": round(rng.uniform(0.05, 0.8), 4)}
    if kind == "continuous":
        n1, n2 = rng.randint(4, 120), rng.randint(4, 120)
        shift = rng.gauss(0.5, 0.5 + tau)
        return {"mean_1": round(rng.gauss(10 + shift, 1), 3), "sd_1": round(rng.uniform(.5, 4), 3),
                "total_1": n1, "mean_2": round(rng.gauss(10, 1), 3),
                "sd_2": round(rng.uniform(.5, 4), 3), "total_2": n2}
    return _table(rng, tau)


def _table(rng: random.Random, tau: float) -> dict:
    """A 2x2 table; about one in five has a zero cell, one in ten is a double zero."""
    n1, n2 = rng.randint(3, 150), rng.randint(3, 150)
    p2 = rng.choice([0.01, 0.03, 0.1, 0.3, 0.6])
    p1 = min(0.97, max(0.0, p2 * rng.lognormvariate(-0.2, 0.3 + tau)))
    a = sum(rng.random() < p1 for _ in range(n1))
    c = sum(rng.random() < p2 for _ in range(n2))
    roll = rng.random()
    if roll < 0.07:
        a = c = 0
    elif roll < 0.1:
        a, c = n1, n2  # all events in both groups: also a double zero
    elif roll < 0.2:
        a = 0
    return {"events_1": a, "total_1": n1, "events_2": c, "total_2": n2}


def make_case(rng: random.Random, number: int) -> Case:
    measure = rng.choice(["RR", "OR", "RD", "MD", "SMD", "GEN"])
    methods = ["FE", *RANDOM] + (["MH"] * 2 if TYPE_OF[measure] == "dichotomous" else []) + (
        ["PETO"] * 2 if measure == "OR" else [])
    case = Case(f"c{number}", measure, rng.choice(methods))
    case.rows = _rows(rng, measure, _k(rng))
    case.ci_level = rng.choice([0.95, 0.95, 0.9, 0.99, 0.8])
    iv = case.method not in ("MH", "PETO")
    random_effects = case.method in RANDOM
    case.hksj = iv and rng.random() < 0.3
    case.hksj_adhoc = iv and not case.hksj and rng.random() < 0.15
    case.pi_k2 = random_effects and rng.random() < 0.2
    case.tau2_ci = random_effects and rng.random() < 0.4
    if TYPE_OF[measure] == "dichotomous":
        # MH and Peto refit subsets from raw tables in R, where "if0all" would look at the
        # subset only; our study values come from all tables (the same for IV models).
        case.cc_to = rng.choice(["only0", "only0", "all"] + ["if0all"] * iv)
        case.drop00 = rng.choice([None, None, True, False])
    case.subgroups = rng.random() < 0.3
    case.bias = rng.random() < 0.3
    case.loo = rng.random() < 0.3
    return case


def make_cases(seed: int, count: int) -> list[Case]:
    rng = random.Random(seed)
    return [make_case(rng, i) for i in range(count)]
