"""Large inputs (issue 15): a 100,000-row CSV import, whole command, time and peak memory;
`workbench merge` of two 1,000-study reviewers' projects that differ in 5% of cells; a
50 MiB CSV's import, time and peak memory (budget 500 MiB)."""

from __future__ import annotations

import csv
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HEADER = ["study", "year", "comparison", "outcome", "events_1", "total_1", "events_2",
          "total_2"]
# Runs the command as the console script does and reports its own peak resident memory.
PEAK = ("import resource, sys; from workbench.cli import main; code = main(sys.argv[1:]); "
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr); "
        "sys.exit(code)")


def write_extraction(path: Path, studies: int, outcomes: int, seed: int = 1,
                     changed: float = 0.0) -> None:
    """studies x outcomes dichotomous rows; `changed` of the event cells differ (seeded)."""
    rng = random.Random(seed)
    change = random.Random(seed + 1)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for study in range(studies):
            for outcome in range(outcomes):
                total = 40 + rng.randrange(60)
                events = rng.randrange(total)
                if change.random() < changed:
                    events = (events + 1) % total
                writer.writerow([f"Study {study:06d}", 1990 + study % 30, "Drug vs placebo",
                                 f"Outcome {outcome}", events, total, rng.randrange(total),
                                 total])


def _command(*argv: str) -> tuple[float, float]:
    """Wall seconds and peak MB of one whole command in a fresh process."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", PEAK, *argv], capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-500:])
    return seconds, int(done.stderr.strip().splitlines()[-1]) / 1024


def import_100k(folder: Path, repeats: int) -> dict:
    source = folder / "extraction_100k.csv"
    write_extraction(source, studies=25_000, outcomes=4)  # 100,000 rows
    runs = []
    for i in range(repeats + 1):  # the first is the warm-up
        runs.append(_command("import", str(folder / f"big{i}.wbproj"), str(source)))
    runs = runs[1:]
    return {"import_100k_rows_csv_s": statistics.median(r[0] for r in runs),
            "import_100k_rows_peak_mb": max(r[1] for r in runs)}


def write_wide(path: Path, rows: int = 190_000) -> None:
    """About 50 MiB: 190,000 records with notes and two text columns (issue 15's budget:
    any source of 50 MiB or less imports within 500 MiB)."""
    with path.open("w", encoding="utf-8") as handle:
        handle.write(",".join(HEADER[:1] + HEADER[2:]) + ",notes,a,b\n")
        for i in range(rows):
            handle.write(f"S{i},C,O{i % 3},1,10,2,10," + "n" * 120 + "," + "a" * 60 + ","
                         + "b" * 60 + "\n")


def import_50mib(folder: Path) -> dict:
    source = folder / "wide_50mib.csv"
    write_wide(source)
    seconds, peak = _command("import", str(folder / "wide.wbproj"), str(source))
    return {"import_50mib_csv_s": seconds, "import_50mib_csv_peak_mb": peak}


def merge_1000(folder: Path, repeats: int) -> dict:
    ann, bob = folder / "ann.csv", folder / "bob.csv"
    write_extraction(ann, studies=1000, outcomes=5)
    write_extraction(bob, studies=1000, outcomes=5, changed=0.05 * 4 / 2)  # 5% of 4 cells
    for name, source in (("ann", ann), ("bob", bob)):
        _command("import", str(folder / f"{name}.wbproj"), str(source), "--reviewer", name)
    times = []
    for i in range(repeats + 1):
        target = folder / f"merge{i}.wbproj"
        shutil.copy(folder / "ann.wbproj", target)
        times.append(_command("merge", str(target), str(folder / "bob.wbproj"))[0])
    return {"merge_two_reviewers_1000_studies_s": statistics.median(times[1:])}


def run(quick: bool) -> dict:
    repeats = 1 if quick else 3
    with tempfile.TemporaryDirectory() as folder:
        figures = import_100k(Path(folder), repeats)
        figures.update(merge_1000(Path(folder), repeats))
        figures.update(import_50mib(Path(folder)))
    return figures


if __name__ == "__main__":
    print(run(quick="--quick" in sys.argv))
