"""The fuzz harness: seeds, cases, and worker processes under a memory cap and a timeout.

A case is one mutated input and the commands run on it; a worker process runs cases in turn
(`workbench.cli.main`, as the console script does) under RLIMIT_AS, and the parent kills it
when a case outlasts its timeout. Crash: an exit code other than 0/2 or a dead worker. Hang: a
timeout. Damage: a source or project file changed by a refused command."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import random
import resource
import select
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import _mutate

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
SHARED = REPO.parent / "shared" / "fixtures"
MEMORY_CAP = 1536 << 20  # address space per worker (Python and its libraries map ~400 MB)
RSS_BUDGET_MB = 500
RECYCLE = 40  # cases per worker before a fresh one (state and memory never accumulate)
KINDS = ("xlsx", "xlsm", "xls", "ods", "csv", "map", "project", "meta")


@dataclass
class Tally:
    cases: int = 0
    crashes: list[str] = field(default_factory=list)
    hangs: list[str] = field(default_factory=list)
    damage: list[str] = field(default_factory=list)
    peak_rss_mb: float = 0.0
    by_kind: dict[str, int] = field(default_factory=dict)
    exits: dict[str, int] = field(default_factory=dict)
    kind_exits: dict[str, int] = field(default_factory=dict)  # "xlsx import 0": count

    def summary(self) -> dict:
        return {"cases": self.cases, "crashes": len(self.crashes), "hangs": len(self.hangs),
                "damage": len(self.damage), "peak_rss_mb": round(self.peak_rss_mb, 1),
                "by_kind": self.by_kind, "exits": self.exits,
                "kind_exits": dict(sorted(self.kind_exits.items())),
                "examples": (self.crashes + self.hangs + self.damage)[:10]}


# --- worker (child side) ------------------------------------------------------------------
def worker_main() -> None:
    """Read one JSON argv per line, run it, answer with the exit code and peak memory."""
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))
    from workbench.cli import main

    for line in sys.stdin:
        argv = json.loads(line)
        out = io.StringIO()
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
                code = main(argv)
        except BaseException as err:  # noqa: BLE001 - anything escaping main is a crash
            code, out = 99, io.StringIO(f"escaped {type(err).__name__}: {err}")
        rss = _own_peak_mb()
        answer = {"code": code, "rss": rss, "said": out.getvalue()[-400:]}
        sys.__stdout__.write(json.dumps(answer) + "\n")
        sys.__stdout__.flush()


# --- worker (parent side) -----------------------------------------------------------------
class Worker:
    def __init__(self, timeout: float):
        self.timeout, self.proc, self.used = timeout, None, 0

    def _start(self) -> None:
        env = dict(os.environ, PYTHONPATH=f"{REPO}{os.pathsep}{HERE}",
                   QT_QPA_PLATFORM="offscreen")
        self.proc = subprocess.Popen(
            [sys.executable, "-c", "import _harness; _harness.worker_main()"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            cwd=HERE, env=env, text=True, bufsize=1)
        self.used = 0

    def run(self, argv: list[str]) -> dict:
        if self.proc is None or self.used >= RECYCLE:
            self.close()
            self._start()
        self.used += 1
        self.proc.stdin.write(json.dumps(argv) + "\n")
        self.proc.stdin.flush()
        ready, _, _ = select.select([self.proc.stdout], [], [], self.timeout)
        line = self.proc.stdout.readline() if ready else ""
        if not ready:
            self.kill()
            return {"code": "hang", "rss": 0, "said": ""}
        if not line:  # the worker died: abort, allocation failure, segfault
            said = self.proc.stderr.read()[:600]
            self.kill()
            return {"code": "died", "rss": 0, "said": said}
        return json.loads(line)

    def kill(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait()
            self.proc = None

    def close(self) -> None:
        if self.proc is not None:
            self.proc.stdin.close()
            self.proc.wait(timeout=30)
            self.proc = None


# --- seeds --------------------------------------------------------------------------------
def digest(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None


def _demo(folder: Path) -> Path:
    from workbench.cli import main

    path = folder / "demo.wbproj"
    with contextlib.redirect_stdout(io.StringIO()):
        main(["demo", "--out", str(path)])
    return path


def _csv_seed(folder: Path, demo: Path) -> Path:
    from workbench.cli import main

    path = folder / "demo.csv"
    with contextlib.redirect_stdout(io.StringIO()):
        main(["export", str(demo), "--to", "csv", "--out", str(path)])
    return path


ROWS = [["Study", "Year", "Comparison", "Outcome", "Events (intervention)",
         "N intervention", "Events (control)", "N control"],
        ["Müller 2015", 2015, "K v P", "Pain", 12, 45, 10, 44],
        ["Søren 2018", 2018, "K v P", "Pain", 8, 30, 8, 31],
        ["Çelik 2020", "2020", "K v P", "Pain", "5", "20", "NR", 21]]


def _xls_seed(folder: Path) -> Path | None:
    try:
        import xlwt
    except ImportError:
        return None
    book = xlwt.Workbook()
    sheet = book.add_sheet("Extraction")
    for r, row in enumerate(ROWS):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    sheet.write_merge(6, 6, 0, 7, "Added later")
    path = folder / "gen.xls"
    book.save(str(path))
    return path


def _ods_seed(folder: Path) -> Path | None:
    try:
        from odf.opendocument import OpenDocumentSpreadsheet
        from odf.table import Table, TableCell, TableRow
        from odf.text import P
    except ImportError:
        return None
    doc = OpenDocumentSpreadsheet()
    table = Table(name="Extraction")
    for row in ROWS:
        tr = TableRow()
        for value in row:
            kind = {"valuetype": "float", "value": value} if isinstance(value, int) else {
                "valuetype": "string"}
            cell = TableCell(**kind)
            cell.addElement(P(text=str(value)))
            tr.addElement(cell)
        table.addElement(tr)
    doc.spreadsheet.addElement(table)
    path = folder / "gen.ods"
    doc.save(str(path))
    return path


def _xlsx_seed(folder: Path) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Extraction"
    for row in ROWS:
        sheet.append(row)
    sheet.merge_cells("A6:H6")
    path = folder / "gen.xlsx"
    book.save(path)
    return path


def build_seeds(folder: Path) -> dict[str, list]:
    """Spreadsheets (shared fixtures and generated ones), mappings and projects."""
    folder.mkdir(parents=True, exist_ok=True)
    demo = _demo(folder)
    xlsx = [_xlsx_seed(folder), *sorted(SHARED.glob("*.xlsx"))]
    maps = [(x, m) for x in xlsx for m in sorted(SHARED.glob(f"{x.stem}*.MAP.json"))]
    xlsm = folder / "gen.xlsm"
    shutil.copy(xlsx[0], xlsm)
    small = folder / "small.wbproj"
    from workbench.cli import main

    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        code = main(["import", str(small), str(xlsx[0])])
    assert code == 0, "the generated seed must import cleanly"
    with contextlib.redirect_stdout(io.StringIO()):
        main(["export", str(demo), "--to", "robvis", "--out", str(folder / "robvis")])
    meta = folder / "meta.csv"
    meta.write_text("study,events_1,total_1,events_2,total_2\n" + "".join(
        f"S{i},{i % 7},{20 + i},{(3 * i) % 9},{22 + i}\n" for i in range(12)), encoding="utf-8")
    return {"robvis": sorted((folder / "robvis").glob("*.csv")), "meta": [meta],
            "xlsx": xlsx, "xlsm": [xlsm],
            "xls": [p for p in [_xls_seed(folder)] if p],
            "ods": [p for p in [_ods_seed(folder)] if p], "csv": [_csv_seed(folder, demo)],
            "map": maps or [(xlsx[0], None)], "project": [demo, small]}


# --- cases --------------------------------------------------------------------------------
def make_source(kind: str, seeds: dict, rng: random.Random, folder: Path
                ) -> tuple[Path, Path | None]:
    """A mutated source file (and mapping) for one import case."""
    if kind == "map":
        source, mapping = rng.choice(seeds["map"])
        target = folder / "map.MAP.json"
        base = json.loads(mapping.read_text()) if mapping else {"columns": {"study": "Study"}}
        target.write_bytes(_mutate.mutate_mapping(base, rng))
        return Path(source), target
    seed = rng.choice(seeds[kind])
    data = Path(seed).read_bytes()
    if kind in ("xlsx", "xlsm", "ods"):
        data = _mutate.mutate_archive(data, rng) if rng.random() < 0.85 else \
            _mutate.flip_bytes(data, rng)
    elif kind == "xls":
        data = _mutate.mutate_xls(data, rng)
    else:
        data = _mutate.mutate_csv(data, rng)
    target = folder / f"case.{kind}"
    target.write_bytes(data)
    return target, None


def run_import_case(worker: Worker, kind: str, seeds: dict, rng: random.Random,
                    folder: Path, tally: Tally) -> None:
    source, mapping = make_source(kind, seeds, rng, folder)
    project = folder / "target.wbproj"
    project.unlink(missing_ok=True)
    if rng.random() < 0.5:
        shutil.copy(seeds["project"][1], project)
    argv = ["import", str(project), str(source), "--json"]
    argv += ["--mapping", str(mapping)] if mapping else []
    argv += rng.choice([[], [], ["--skip-invalid"], ["--dry-run"]])
    if kind == "csv" and rng.random() < 0.3:  # the robvis-style table reader, on the demo
        table = folder / "case.csv"
        data = rng.choice(seeds["robvis"]).read_bytes()
        table.write_bytes(_mutate.mutate_csv(data, rng) if rng.random() < 0.7 else data)
        shutil.copy(seeds["project"][0], project)
        argv = ["rob", "import", str(project), str(table), "--tool", "rob2", "--outcome",
                "At least 30% pain relief", "--json"]
    before = {p: digest(p) for p in (source, mapping, project) if p}
    code = _judge(worker, argv, kind, tally)
    changed = [p for p, d in before.items() if digest(p) != d]
    writes = code == 0 and "--dry-run" not in argv
    if changed and not (writes and changed == [project]):
        tally.damage.append(f"{kind}: {argv} exit {code} changed {changed}" + _keep(argv))
    if writes and argv[0] == "import":
        _judge(worker, ["analyse", str(project), "--json"], kind, tally)


def run_meta_case(worker: Worker, seeds: dict, rng: random.Random, folder: Path,
                  tally: Tally) -> None:
    """`workbench meta` on a mutated contract CSV: no project, the source must not change."""
    source = folder / "meta.csv"
    source.write_bytes(_mutate.mutate_csv(seeds["meta"][0].read_bytes(), rng))
    before = digest(source)
    method = rng.choice(["DL", "REML", "MH", "PETO", "FE"])
    _judge(worker, ["meta", str(source), "--measure", rng.choice(["RR", "OR"]), "--method",
                    method, "--json"] + rng.choice([[], ["--bias"], ["--leave-one-out"]]),
           "meta", tally)
    if digest(source) != before:
        tally.damage.append("meta: the source changed")


def run_project_case(worker: Worker, seeds: dict, rng: random.Random, folder: Path,
                     tally: Tally) -> None:
    mutated = folder / "mutated.wbproj"
    shutil.rmtree(folder / "mutated.backups", ignore_errors=True)
    shutil.rmtree(folder / "robvis", ignore_errors=True)
    what = _mutate.mutate_project(rng.choice(seeds["project"]), mutated, rng)
    base = folder / "base.wbproj"
    shutil.copy(seeds["project"][0], base)
    before = {mutated: digest(mutated), base: digest(base)}
    code = _judge(worker, ["check", str(mutated), "--json"], "project", tally, what)
    writable = folder / "writable.wbproj"
    shutil.rmtree(folder / "writable.backups", ignore_errors=True)
    shutil.copy(mutated, writable)
    commands = [["analyse", str(mutated), "--json"],
                ["export", str(mutated), "--to", "csv", "--out", str(folder / "x.csv")],
                ["export", str(mutated), "--to", "xlsx", "--out", str(folder / "x.xlsx")],
                ["export", str(mutated), "--to", "robvis", "--out", str(folder / "robvis")],
                ["export", str(mutated), "--to", "metafor", "--out", str(folder / "x.R")],
                ["conflicts", str(mutated), "--json"], ["agreement", str(mutated), "--json"],
                ["grade", str(mutated), "--json"], ["sof", str(mutated), "--json"],
                ["merge", str(base), str(mutated)],
                # opened for writing: an import into a copy of the mutated file
                ["import", str(writable), str(seeds["csv"][0]), "--reviewer", "fuzz"]]
    for argv in commands:
        result = _judge(worker, argv, "project", tally, what)
        if code == 2 and result == 0:
            tally.crashes.append(f"project ({what}): check refused but {argv[0]} accepted")
    if digest(mutated) != before[mutated]:
        tally.damage.append(f"project ({what}): the mutated file changed")
    if code == 2 and digest(base) != before[base]:
        tally.damage.append(f"project ({what}): a refused merge changed the project")


def _judge(worker: Worker, argv: list[str], kind: str, tally: Tally, what: str = "") -> object:
    result = worker.run(argv)
    code = result["code"]
    tally.peak_rss_mb = max(tally.peak_rss_mb, result["rss"])
    tally.exits[str(code)] = tally.exits.get(str(code), 0) + 1
    key = f"{kind} {argv[0]} {code}"
    tally.kind_exits[key] = tally.kind_exits.get(key, 0) + 1
    label = f"{kind} {what} {argv[0]}: {result['said'][-500:]!r}"
    if code == "hang":
        tally.hangs.append(label + _keep(argv))
    elif code not in (0, 2):
        tally.crashes.append(f"exit {code}: {label}" + _keep(argv))
    return code


def _keep(argv: list[str]) -> str:
    """Copy a failing case's files beside the work folder, to reproduce it by hand."""
    files = [Path(a) for a in argv if Path(a).is_file() and Path(a).parent.name == "work"]
    if not files:
        return ""
    root = files[0].parent.parent / "failures"
    kept = root / f"{len(list(root.glob('*'))):04d}"
    kept.mkdir(parents=True, exist_ok=True)
    for path in files:
        shutil.copy(path, kept / path.name)
    (kept / "argv.json").write_text(json.dumps(argv))
    return f" (kept in {kept})"


def fuzz(count: int, seed: int, folder: Path, timeout: float = 30.0,
         kinds: tuple[str, ...] = KINDS) -> Tally:
    """`count` cases, spread over the kinds, reproducible from `seed`."""
    rng = random.Random(seed)
    seeds = build_seeds(folder / "seeds")
    tally, worker = Tally(), Worker(timeout)
    work = folder / "work"
    work.mkdir(exist_ok=True)
    try:
        for index in range(count):
            kind = kinds[index % len(kinds)]
            if kind in ("xls", "ods") and not seeds[kind]:
                kind = "xlsx"
            case_rng = random.Random(rng.random())
            tally.by_kind[kind] = tally.by_kind.get(kind, 0) + 1
            tally.cases += 1
            if kind == "project":
                run_project_case(worker, seeds, case_rng, work, tally)
            elif kind == "meta":
                run_meta_case(worker, seeds, case_rng, work, tally)
            else:
                run_import_case(worker, kind, seeds, case_rng, work, tally)
    finally:
        worker.kill()
    return tally


def _own_peak_mb() -> float:
    """This worker's own peak resident memory (VmHWM). ru_maxrss is no good here: Linux
    carries the forking parent's high-water mark across exec, so a worker started from a
    large pytest process reported pytest's peak, not its own."""
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status
                    if line.startswith("VmHWM")) / 1024
