"""The .wbproj schema as append-only sqlite-utils migrations; people can read it with sqlite3."""

from __future__ import annotations

import sqlite3

from workbench.storage.sqlite_lib import Database, Migrations

APPLICATION_ID = 0x57424E43  # "WBNC" (cli.md)
MIGRATION_SET = "workbench"

migrations = Migrations(MIGRATION_SET)

# Version 1: everything the product needs from the start (issue 2), so later features add
# behaviour, not tables. Plain names, foreign keys, text where a person reads it.
_V1 = """
CREATE TABLE review (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    title TEXT NOT NULL,
    question TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE TABLE reviewers (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);
CREATE TABLE studies (
    id INTEGER PRIMARY KEY,
    label TEXT NOT NULL UNIQUE,
    design TEXT NOT NULL DEFAULT 'RCT',
    notes TEXT NOT NULL DEFAULT ''
);
-- Study-level extracted fields (year, ...) belong to the reviewer who entered them.
CREATE TABLE study_values (
    id INTEGER PRIMARY KEY,
    study_id INTEGER NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
    reviewer_id INTEGER NOT NULL REFERENCES reviewers(id),
    field TEXT NOT NULL,
    value_num REAL,
    value_text TEXT,
    source TEXT NOT NULL DEFAULT '',
    entered_at TEXT NOT NULL,
    UNIQUE (study_id, reviewer_id, field)
);
CREATE TABLE comparisons (
    id INTEGER PRIMARY KEY,
    label TEXT NOT NULL UNIQUE,
    group_label_1 TEXT NOT NULL DEFAULT 'Experimental',
    group_label_2 TEXT NOT NULL DEFAULT 'Control',
    position INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE outcomes (
    id INTEGER PRIMARY KEY,
    comparison_id INTEGER NOT NULL REFERENCES comparisons(id) ON DELETE CASCADE,
    label TEXT NOT NULL,
    data_type TEXT NOT NULL CHECK (data_type IN ('dichotomous', 'continuous', 'generic')),
    measure TEXT NOT NULL,
    method TEXT NOT NULL DEFAULT 'REML',
    ci_level REAL NOT NULL DEFAULT 0.95,
    hksj INTEGER NOT NULL DEFAULT 0,
    cc REAL NOT NULL DEFAULT 0.5,
    cc_to TEXT NOT NULL DEFAULT 'only0',
    drop00 INTEGER,
    het_from TEXT NOT NULL DEFAULT 'IV',
    compat TEXT,
    log_scale INTEGER NOT NULL DEFAULT 0,
    sort_by TEXT NOT NULL DEFAULT 'study',
    position INTEGER NOT NULL DEFAULT 0,
    UNIQUE (comparison_id, label)
);
-- A result: one study's data for one outcome (and timepoint); the unit of extraction,
-- of conflicts and of RoB 2 assessments.
CREATE TABLE study_outcomes (
    id INTEGER PRIMARY KEY,
    study_id INTEGER NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
    outcome_id INTEGER NOT NULL REFERENCES outcomes(id) ON DELETE CASCADE,
    timepoint TEXT NOT NULL DEFAULT '',
    included INTEGER NOT NULL DEFAULT 1,
    position INTEGER NOT NULL DEFAULT 0,
    UNIQUE (study_id, outcome_id, timepoint)
);
-- One reviewer's value of one field (events_1, mean_2, subgroup, notes ...) of a result.
-- A row with both values NULL records "reported as missing" (NR), unlike no row at all.
CREATE TABLE extracted_values (
    id INTEGER PRIMARY KEY,
    study_outcome_id INTEGER NOT NULL REFERENCES study_outcomes(id) ON DELETE CASCADE,
    reviewer_id INTEGER NOT NULL REFERENCES reviewers(id),
    field TEXT NOT NULL,
    value_num REAL,
    value_text TEXT,
    source TEXT NOT NULL DEFAULT '',
    entered_at TEXT NOT NULL,
    UNIQUE (study_outcome_id, reviewer_id, field)
);
-- The agreed value of a cell on which reviewers differed: who resolved it, when and why.
CREATE TABLE consensus_values (
    id INTEGER PRIMARY KEY,
    study_outcome_id INTEGER REFERENCES study_outcomes(id) ON DELETE CASCADE,
    study_id INTEGER REFERENCES studies(id) ON DELETE CASCADE,
    field TEXT NOT NULL,
    value_num REAL,
    value_text TEXT,
    resolved_by INTEGER NOT NULL REFERENCES reviewers(id),
    resolved_at TEXT NOT NULL,
    reason TEXT NOT NULL,
    CHECK ((study_outcome_id IS NULL) <> (study_id IS NULL))
);
CREATE UNIQUE INDEX consensus_result_field ON consensus_values (study_outcome_id, field)
    WHERE study_outcome_id IS NOT NULL;
CREATE UNIQUE INDEX consensus_study_field ON consensus_values (study_id, field)
    WHERE study_id IS NOT NULL;
-- Risk of bias: one assessment per reviewer, tool and result (outcome NULL: whole study).
CREATE TABLE rob_assessments (
    id INTEGER PRIMARY KEY,
    reviewer_id INTEGER NOT NULL REFERENCES reviewers(id),
    tool_id TEXT NOT NULL,
    tool_version TEXT NOT NULL,
    study_id INTEGER NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
    outcome_id INTEGER REFERENCES outcomes(id) ON DELETE CASCADE,
    effect TEXT,
    deviations TEXT NOT NULL DEFAULT '',
    overall_judgement TEXT,
    overall_override_reason TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX rob_assessment_result ON rob_assessments
    (reviewer_id, tool_id, study_id, outcome_id) WHERE outcome_id IS NOT NULL;
CREATE UNIQUE INDEX rob_assessment_study ON rob_assessments
    (reviewer_id, tool_id, study_id) WHERE outcome_id IS NULL;
CREATE TABLE rob_answers (
    assessment_id INTEGER NOT NULL REFERENCES rob_assessments(id) ON DELETE CASCADE,
    question TEXT NOT NULL,
    answer TEXT NOT NULL CHECK (answer IN ('Y', 'PY', 'PN', 'N', 'NI', 'NA')),
    support TEXT NOT NULL DEFAULT '',
    location TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (assessment_id, question)
);
CREATE TABLE rob_judgements (
    assessment_id INTEGER NOT NULL REFERENCES rob_assessments(id) ON DELETE CASCADE,
    domain TEXT NOT NULL,
    judgement TEXT,
    override_reason TEXT NOT NULL DEFAULT '',
    direction TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (assessment_id, domain)
);
-- Consensus on risk-of-bias items: item is "D1:1.2" (an answer) or "D1:judgement".
CREATE TABLE rob_consensus (
    id INTEGER PRIMARY KEY,
    tool_id TEXT NOT NULL,
    study_id INTEGER NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
    outcome_id INTEGER REFERENCES outcomes(id) ON DELETE CASCADE,
    item TEXT NOT NULL,
    value TEXT NOT NULL,
    resolved_by INTEGER NOT NULL REFERENCES reviewers(id),
    resolved_at TEXT NOT NULL,
    reason TEXT NOT NULL
);
CREATE TABLE grade_judgements (
    outcome_id INTEGER NOT NULL REFERENCES outcomes(id) ON DELETE CASCADE,
    factor TEXT NOT NULL,
    levels INTEGER NOT NULL DEFAULT 0,
    reason TEXT NOT NULL DEFAULT '',
    updated_by INTEGER REFERENCES reviewers(id),
    updated_at TEXT NOT NULL,
    PRIMARY KEY (outcome_id, factor)
);
CREATE TABLE import_mappings (
    id INTEGER PRIMARY KEY,
    signature TEXT NOT NULL UNIQUE,
    mapping_json TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    reviewer TEXT NOT NULL,
    command TEXT NOT NULL,
    description TEXT NOT NULL,
    before_json TEXT NOT NULL DEFAULT '',
    after_json TEXT NOT NULL DEFAULT ''
);
CREATE INDEX extracted_values_reviewer ON extracted_values (reviewer_id);
CREATE INDEX study_outcomes_outcome ON study_outcomes (outcome_id);
"""


@migrations(name="0001_initial")
def m0001_initial(db: Database) -> None:
    """Create every table of the first schema."""
    for statement in split_statements(_V1):
        db.execute(statement)


# Version 2 (issue 7): blind dual extraction needs to know when a reviewer has finished
# extracting a study; other reviewers' values stay hidden until every reviewer has.
_V2 = """
CREATE TABLE study_progress (
    study_id INTEGER NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
    reviewer_id INTEGER NOT NULL REFERENCES reviewers(id),
    finished_at TEXT NOT NULL,
    PRIMARY KEY (study_id, reviewer_id)
);
"""


@migrations(name="0002_study_progress")
def m0002_study_progress(db: Database) -> None:
    """Record which reviewer has finished extracting which study (blind mode)."""
    for statement in split_statements(_V2):
        db.execute(statement)


# Version 3 (issue 5): which side of the forest plot favours which group depends on whether
# the outcome is good (response) or bad (adverse events); RevMan keeps these per outcome.
_V3 = """
ALTER TABLE outcomes ADD COLUMN favours_left TEXT NOT NULL DEFAULT '';
ALTER TABLE outcomes ADD COLUMN favours_right TEXT NOT NULL DEFAULT '';
"""


@migrations(name="0003_outcome_favours_labels")
def m0003_outcome_favours_labels(db: Database) -> None:
    """Per-outcome 'Favours …' labels under the forest plot's axis ('' = from the groups)."""
    for statement in split_statements(_V3):
        db.execute(statement)


# Version 4 (second wave): what an outcome and a study carry beyond their numbers, shared by
# the certainty and Summary of Findings views, the outline editor and RevMan files. Direction
# decides the "Favours" sides and statements; importance is GRADE's 1-9 scale.
_V4 = """
ALTER TABLE outcomes ADD COLUMN higher_is_better INTEGER CHECK (higher_is_better IN (0, 1));
ALTER TABLE outcomes ADD COLUMN importance INTEGER CHECK (importance BETWEEN 1 AND 9);
ALTER TABLE outcomes ADD COLUMN units TEXT NOT NULL DEFAULT '';
ALTER TABLE outcomes ADD COLUMN follow_up TEXT NOT NULL DEFAULT '';
-- RevMan's "Characteristics of included studies": one free text per study and field.
CREATE TABLE study_characteristics (
    study_id INTEGER NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
    field TEXT NOT NULL CHECK (field IN ('methods', 'participants', 'interventions',
                                          'outcomes', 'notes')),
    text TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (study_id, field)
);
"""


@migrations(name="0004_outcome_direction_and_characteristics")
def m0004_outcome_direction_and_characteristics(db: Database) -> None:
    """Outcome direction, importance, units and follow-up; study characteristics."""
    for statement in split_statements(_V4):
        db.execute(statement)


# Version 5 (issue 16): certainty of evidence per reviewer like every extracted value, its
# consensus, per-outcome GRADE settings, and the Summary of Findings choices. Each judgement
# keeps the evidence it was made on (JSON, rounded) so a change underneath marks it stale.
# The schema-1 table grade_judgements was never written and had no reviewer: dropped so that
# a person reading the file finds one place for GRADE judgements, not two.
_V5 = """
DROP TABLE grade_judgements;
CREATE TABLE certainty_judgements (
    outcome_id INTEGER NOT NULL REFERENCES outcomes(id) ON DELETE CASCADE,
    reviewer_id INTEGER NOT NULL REFERENCES reviewers(id),
    domain TEXT NOT NULL,
    level INTEGER NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    evidence_snapshot TEXT NOT NULL DEFAULT '',
    judged_at TEXT NOT NULL,
    PRIMARY KEY (outcome_id, reviewer_id, domain)
);
CREATE TABLE certainty_consensus (
    outcome_id INTEGER NOT NULL REFERENCES outcomes(id) ON DELETE CASCADE,
    domain TEXT NOT NULL,
    level INTEGER NOT NULL,
    evidence_snapshot TEXT NOT NULL DEFAULT '',
    resolved_by INTEGER NOT NULL REFERENCES reviewers(id),
    resolved_at TEXT NOT NULL,
    reason TEXT NOT NULL,
    PRIMARY KEY (outcome_id, domain)
);
CREATE TABLE certainty_settings (
    outcome_id INTEGER PRIMARY KEY REFERENCES outcomes(id) ON DELETE CASCADE,
    design TEXT CHECK (design IN ('randomised', 'non-randomised')),
    threshold_kind TEXT NOT NULL DEFAULT 'natural'
        CHECK (threshold_kind IN ('natural', 'per_1000', 'mid')),
    threshold_lower REAL,
    threshold_upper REAL
);
CREATE TABLE sof_baselines (
    outcome_id INTEGER NOT NULL REFERENCES outcomes(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('study', 'median', 'typed')),
    label TEXT NOT NULL DEFAULT '',
    risk REAL,
    PRIMARY KEY (outcome_id, position)
);
CREATE TABLE sof_rows (
    comparison_id INTEGER NOT NULL REFERENCES comparisons(id) ON DELETE CASCADE,
    outcome_id INTEGER NOT NULL REFERENCES outcomes(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    PRIMARY KEY (comparison_id, outcome_id)
);
-- A narrative outcome: the reviewer's text replaces the effects (grade.md section 4).
CREATE TABLE sof_narratives (
    outcome_id INTEGER PRIMARY KEY REFERENCES outcomes(id) ON DELETE CASCADE,
    text TEXT NOT NULL
);
CREATE TABLE sof_statements (
    outcome_id INTEGER PRIMARY KEY REFERENCES outcomes(id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    snapshot TEXT NOT NULL DEFAULT '',
    edited_by INTEGER REFERENCES reviewers(id),
    edited_at TEXT NOT NULL
);
"""


@migrations(name="0005_certainty")
def m0005_certainty(db: Database) -> None:
    """Certainty judgements per reviewer and agreed, GRADE settings, SoF rows and statements."""
    for statement in split_statements(_V5):
        db.execute(statement)


def split_statements(script: str) -> list[str]:
    """Split a DDL script into statements; executescript() would commit mid-migration."""
    statements, pending = [], ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            statements.append(pending.strip())
            pending = ""
    return [s for s in statements if s]


def schema_version_of_build() -> int:
    """The number of migrations this build knows; a file with more is from a newer build."""
    return len(migrations._migrations)


def migration_names() -> list[str]:
    return [m.name for m in migrations._migrations]
