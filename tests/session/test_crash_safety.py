"""A process killed with SIGKILL mid-edit leaves a consistent file with every committed edit."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time

import pytest

from workbench.session.project import Project
from workbench.storage.database import inspect_file

WRITER = """
import sys
from workbench.session.project import Project
from workbench.session.commands import AddStudyToOutcome, CellEdit, EditCells
project = Project.open(sys.argv[1], backup=False)
start = int(sys.argv[2])
for i in range(start, start + 100000):
    add = AddStudyToOutcome(1, f"Crash {i}")
    project.execute(add)
    edit = CellEdit(add.result_id, 1, 0, "events_1", float(i))
    project.execute(EditCells([edit]))
    print(i, flush=True)
"""

ITERATIONS = 30


def _crash_labels(path) -> dict[str, float | None]:
    project = Project.open(path, backup=False)
    try:
        rows = project.store.execute(
            "SELECT s.label, ev.value_num FROM studies s JOIN study_outcomes so ON "
            "so.study_id = s.id LEFT JOIN extracted_values ev ON ev.study_outcome_id = so.id "
            "AND ev.field = 'events_1' WHERE s.label LIKE 'Crash %'").fetchall()
    finally:
        project.close()
    return dict(rows)


@pytest.mark.slow
def test_sigkill_at_random_moments_loses_no_committed_edit(demo_path):
    rng = random.Random(20261125)
    confirmed: list[int] = []
    next_index = 0
    for _ in range(ITERATIONS):
        process = subprocess.Popen([sys.executable, "-c", WRITER, str(demo_path),
                                    str(next_index)], stdout=subprocess.PIPE, text=True)
        time.sleep(rng.uniform(0.4, 1.6))
        process.send_signal(signal.SIGKILL)
        out, _ = process.communicate()
        confirmed += [int(line) for line in out.split()]
        assert inspect_file(demo_path).ok, "file damaged by the kill"
        labels = _crash_labels(demo_path)
        for i in confirmed:
            assert labels.get(f"Crash {i}") == float(i), f"committed edit {i} lost"
        # Anything beyond the last confirmed edit is either fully there or absent.
        next_index = max([int(label.split()[1]) for label in labels] + [-1]) + 1
    assert len(confirmed) > ITERATIONS, "the writer never got going; the test proved nothing"
