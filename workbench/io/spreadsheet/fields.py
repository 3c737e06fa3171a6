"""Import field names (cli.md): labels, numbers per data type, combined two-number cells."""

from __future__ import annotations

from workbench.core.model import FIELDS_BY_TYPE, DataType

LABEL_FIELDS = ("comparison", "outcome", "study", "year", "subgroup", "timepoint", "notes")
TEXT_FIELDS = ("subgroup", "timepoint", "notes")
COMBINED = {  # combined field -> (kind, first field, second field)
    "events_total_1": ("events_total", "events_1", "total_1"),
    "events_total_2": ("events_total", "events_2", "total_2"),
    "mean_sd_1": ("mean_sd", "mean_1", "sd_1"),
    "mean_sd_2": ("mean_sd", "mean_2", "sd_2"),
}
NUMBER_FIELDS = tuple(dict.fromkeys(f for t in DataType for f in FIELDS_BY_TYPE[t])) + (
    "variance",)
COUNT_FIELDS = frozenset({"events_1", "total_1", "events_2", "total_2"})
ALL_FIELDS = frozenset(LABEL_FIELDS + NUMBER_FIELDS + tuple(COMBINED) + ("data_type",))
DATA_TYPES = tuple(str(t) for t in DataType)


def covered(columns: set[str]) -> set[str]:
    """The number fields a set of mapped fields provides (combined cells give two)."""
    out = set(columns)
    for name, (_kind, first, second) in COMBINED.items():
        if name in columns:
            out |= {first, second}
    if "variance" in columns:
        out.add("se")
    return out


def best_data_type(columns: set[str]) -> str | None:
    """The data type whose fields the mapped columns provide in full (most fields first)."""
    have = covered(columns)
    complete = [t for t in DataType if set(FIELDS_BY_TYPE[t]) <= have]
    if not complete:
        return None
    return str(max(complete, key=lambda t: len(FIELDS_BY_TYPE[t])))
