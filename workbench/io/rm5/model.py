"""A RevMan review as plain data: what .rm5 files and RevMan Web packages hold, read or written."""

from __future__ import annotations

from dataclasses import dataclass, field

# RevMan's four data types, by the element prefix of .rm5 files.
KINDS = ("DICH", "CONT", "IV", "IPD")
# Per data type: file attribute -> our import field name (cli.md).
DATA_FIELDS: dict[str, dict[str, str]] = {
    "DICH": {"EVENTS_1": "events_1", "TOTAL_1": "total_1", "EVENTS_2": "events_2",
             "TOTAL_2": "total_2"},
    "CONT": {"MEAN_1": "mean_1", "SD_1": "sd_1", "TOTAL_1": "total_1", "MEAN_2": "mean_2",
             "SD_2": "sd_2", "TOTAL_2": "total_2"},
    "IV": {"EFFECT_SIZE": "estimate", "SE": "se"},
    "IPD": {"O_E": "o_e", "VAR": "var"},
}
CHARACTERISTICS = {"CHAR_METHODS": "methods", "CHAR_PARTICIPANTS": "participants",
                   "CHAR_INTERVENTIONS": "interventions", "CHAR_OUTCOMES": "outcomes",
                   "CHAR_NOTES": "notes"}


class RevManError(ValueError):
    """A RevMan file or package we refuse; the message names the file and the place."""


@dataclass
class RmStudy:
    id: str  # RevMan's ID, unescaped ("STD-MRC-1")
    raw_id: str  # as written in the file ("STD-MRC_x002d_1")
    name: str
    year: int | None = None
    characteristics: dict[str, str] = field(default_factory=dict)


@dataclass
class RmRow:
    """One study's data in an outcome or subgroup (no ID of its own: keyed by STUDY_ID)."""

    study_id: str
    values: dict[str, float | None]
    cached: dict[str, str] = field(default_factory=dict)  # RevMan's results, as stored
    order: int | None = None
    footnote: str = ""
    line: int = 0


@dataclass
class RmSubgroup:
    id: str
    name: str
    rows: list[RmRow] = field(default_factory=list)
    cached: dict[str, str] = field(default_factory=dict)


@dataclass
class RmOutcome:
    kind: str  # DICH, CONT, IV, IPD
    id: str
    name: str
    settings: dict[str, str]  # METHOD, EFFECT_MEASURE, RANDOM, CI_STUDY, ... as stored
    group_labels: tuple[str, str] = ("Experimental", "Control")
    graph_labels: tuple[str, str] = ("", "")
    effect_label: str = ""  # IV/IPD: the measure in words
    cached: dict[str, str] = field(default_factory=dict)
    rows: list[RmRow] = field(default_factory=list)  # rows outside any subgroup
    subgroups: list[RmSubgroup] = field(default_factory=list)
    line: int = 0

    def all_rows(self) -> list[tuple[RmRow, str | None]]:
        """Every row with its subgroup's name, in file order."""
        found: list[tuple[RmRow, str | None]] = [(r, None) for r in self.rows]
        for subgroup in self.subgroups:
            found.extend((r, subgroup.name) for r in subgroup.rows)
        return found


@dataclass
class RmComparison:
    id: str
    name: str
    outcomes: list[RmOutcome] = field(default_factory=list)


@dataclass
class RmRob:
    """One risk-of-bias judgement of one study: a RoB 1 item or a RoB 2 domain."""

    study_id: str
    item: str  # the item's or domain's name as the file gives it
    judgement: str  # "low", "unclear", "high" (RoB 1) or the RoB 2 label
    support: str = ""
    group: str = ""  # RoB 1 group-level items: the outcome group ("All outcomes")
    tool: str = "rob1"


@dataclass
class RmReview:
    title: str
    studies: dict[str, RmStudy] = field(default_factory=dict)  # by unescaped ID
    comparisons: list[RmComparison] = field(default_factory=list)
    rob: list[RmRob] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # what was read but cannot be kept

    def outcomes(self) -> list[tuple[RmComparison, RmOutcome]]:
        return [(c, o) for c in self.comparisons for o in c.outcomes]
