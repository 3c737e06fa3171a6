"""The frozen app bundle works on its own: started from its own folder, outside the source tree
and any virtual environment, it opens the demo, draws and exports a forest plot, runs `meta`
on a validation dataset and checks a project. A missing data file or hidden import fails here.

The bundle is built by `bash packaging/build.sh`; WORKBENCH_BUNDLE names its AppDir. .ci/run
builds it first, so in CI (CI=true) a missing bundle is a failure, never a skip.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
from pathlib import Path

import pytest

BUNDLE = os.environ.get("WORKBENCH_BUNDLE", "")
IN_CI = os.environ.get("CI", "").lower() == "true"

if not BUNDLE and not IN_CI:
    pytest.skip("no app bundle: run `bash packaging/build.sh` and set WORKBENCH_BUNDLE",
                allow_module_level=True)


@pytest.fixture(scope="module")
def app_run() -> Path:
    path = Path(BUNDLE) / "AppRun"
    if not path.is_file():
        pytest.fail(f"WORKBENCH_BUNDLE={BUNDLE!r}: no AppRun there (bash packaging/build.sh)")
    return path


def _run(app_run: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    # A bare environment: no PYTHONPATH, no virtual environment, no source tree on any path.
    env = {"PATH": "/usr/bin:/bin", "HOME": str(cwd), "LANG": "C.UTF-8",
           "QT_QPA_PLATFORM": "offscreen", "XDG_RUNTIME_DIR": str(cwd)}
    return subprocess.run([str(app_run), *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=120)


def _ok(result: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert result.returncode == 0, result.stderr[-2000:]
    return result


def test_the_bundle_lives_outside_the_source_tree(app_run):
    repo = Path(__file__).resolve().parents[2]
    assert repo not in app_run.resolve().parents or "dist" in app_run.parts
    assert not (app_run.parent / "usr" / "lib" / "evidence-workbench" / "_internal" /
                "workbench" / "tests").exists()


def test_demo_screenshot_plot_and_check(app_run, tmp_path):
    _ok(_run(app_run, tmp_path, "demo", "--out", "demo.wbproj"))
    _ok(_run(app_run, tmp_path, "demo.wbproj", "--screenshot", "window.png",
             "--size", "1200x800"))
    assert (tmp_path / "window.png").stat().st_size > 20_000  # a drawn window, not a blank
    for suffix in ("png", "svg", "pdf"):
        _ok(_run(app_run, tmp_path, "plot", "demo.wbproj", "--outcome", "Withdrawals",
                 "--out", f"forest.{suffix}"))
        assert (tmp_path / f"forest.{suffix}").stat().st_size > 1000
    report = json.loads(_ok(_run(app_run, tmp_path, "check", "demo.wbproj", "--json")).stdout)
    assert report["ok"] is True and report["problems"] == []


def test_bundled_resources_are_found(app_run, tmp_path):
    tools = json.loads(_ok(_run(app_run, tmp_path, "rob", "tools", "--json")).stdout)
    assert {t["id"] for t in tools["tools"]} >= {"rob2", "rob2-cluster", "robins-i",
                                                 "quadas-2", "rob1"}


def test_meta_on_a_validation_dataset(app_run, tmp_path, shared_dir):
    data = tmp_path / "bcg.csv"
    with (shared_dir / "validation" / "data" / "dat.bcg.csv").open(newline="") as src, \
            data.open("w", newline="") as dst:
        writer = csv.writer(dst)
        writer.writerow(["study", "events_1", "total_1", "events_2", "total_2"])
        for row in csv.DictReader(src):
            t, c = int(row["tpos"]), int(row["cpos"])
            writer.writerow([f"{row['author']} {row['year']}", t, t + int(row["tneg"]),
                             c, c + int(row["cneg"])])
    out = _ok(_run(app_run, tmp_path, "meta", str(data), "--measure", "RR", "--method", "FE",
                   "--json"))
    result = json.loads(out.stdout)
    # metafor's documentation example, expected.json id "bcg_RR_EE_doc":
    # est -0.4303, ci.lb -0.5097, ci.ub -0.3509, Q 152.233 (printed to 4 decimals / 3 for Q).
    assert round(result["estimate"], 4) == -0.4303
    assert round(result["ci_lower"], 4) == -0.5097
    assert round(result["ci_upper"], 4) == -0.3509
    assert round(result["q"], 3) == 152.233


def test_bad_input_is_refused_with_exit_2(app_run, tmp_path):
    (tmp_path / "junk.wbproj").write_bytes(b"not a project at all")
    result = _run(app_run, tmp_path, "check", "junk.wbproj")
    assert result.returncode == 2 and "junk.wbproj" in result.stderr
