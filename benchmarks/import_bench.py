"""Import speed: whole `workbench import` of a 3,000 x 40 workbook, against pandas+openpyxl."""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROWS, COLUMNS = 3000, 40
DATA_HEADER = ["Study", "Year", "Comparison", "Outcome", "Events (intervention)",
               "N intervention", "Events (control)", "N control"]


def write_workbook(path: Path) -> None:
    """A 3,000-row extraction sheet: 8 mapped columns and 32 characteristics columns."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Extraction")
    extra = [f"Characteristic {i}" for i in range(COLUMNS - len(DATA_HEADER))]
    sheet.append(DATA_HEADER + extra)
    for i in range(ROWS):
        total = 40 + i % 60
        sheet.append([f"Study {i // 3:04d}", 1990 + i % 30, "Drug vs placebo",
                      f"Outcome {i % 3}", i % total, total, (i * 7) % total, total]
                     + [f"text {i}-{j}" if j % 2 else (i * j) % 97 for j in range(len(extra))])
    book.save(path)


def _time(step, repeats: int) -> float:
    step()  # warm-up: file cache, imports
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run(quick: bool) -> dict:
    repeats = 3 if quick else 7
    with tempfile.TemporaryDirectory() as folder:
        folder_path = Path(folder)
        source = folder_path / "extraction_3000x40.xlsx"
        write_workbook(source)
        counter = iter(range(1000))

        def workbench_import() -> None:
            project = folder_path / f"bench{next(counter)}.wbproj"
            subprocess.run([sys.executable, "-m", "workbench", "import", str(project),
                            str(source)], check=True, capture_output=True)

        def pandas_read() -> None:
            import pandas

            pandas.read_excel(source, engine="openpyxl")

        ours = _time(workbench_import, repeats)
        peer = _time(pandas_read, repeats)
    return {"import_xlsx_3000x40_s": round(ours, 4),
            "pandas_openpyxl_read_3000x40_s": round(peer, 4),
            "import_xlsx_3000x40_vs_pandas_ratio": round(ours / peer, 3)}


if __name__ == "__main__":
    import json

    print(json.dumps(run(quick="--quick" in sys.argv)))
