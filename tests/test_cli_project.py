"""`workbench --version`, `new`, `demo`, `check` and `--screenshot` as cli.md specifies."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys

import pytest

from workbench import __version__
from workbench.cli import main
from workbench.storage.schema import APPLICATION_ID, schema_version_of_build


def run_cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "workbench", *args], capture_output=True,
                          text=True, env=env, timeout=120)


def test_version(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert __version__ in capsys.readouterr().out


def test_new_then_check_json(tmp_path, capsys):
    path = tmp_path / "review.wbproj"
    assert main(["new", str(path), "--title", "My review"]) == 0
    capsys.readouterr()
    assert main(["check", str(path), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc == {"ok": True, "application_id": APPLICATION_ID,
                   "schema_version": schema_version_of_build(), "read_only": False,
                   "problems": []}


def test_new_refuses_to_overwrite(tmp_path, capsys):
    path = tmp_path / "review.wbproj"
    path.write_text("precious")
    assert main(["new", str(path)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert path.read_text() == "precious"


def test_new_in_missing_folder_is_a_clear_error(tmp_path, capsys):
    assert main(["new", str(tmp_path / "no" / "review.wbproj")]) == 2
    err = capsys.readouterr().err
    assert "does not exist" in err and "Traceback" not in err


def test_demo_writes_the_illustrative_review(tmp_path, capsys):
    path = tmp_path / "demo.wbproj"
    assert main(["demo", "--out", str(path)]) == 0
    conn = sqlite3.connect(path)
    title, notes = conn.execute("SELECT title, notes FROM review").fetchone()
    studies = conn.execute("SELECT COUNT(*) FROM studies").fetchone()[0]
    outcomes = [r[0] for r in conn.execute("SELECT label FROM outcomes")]
    reviewers = conn.execute("SELECT COUNT(*) FROM reviewers").fetchone()[0]
    conn.close()
    assert title == "Ketamine for chronic pain (illustrative data)"
    assert "not real trial results" in notes
    assert 10 <= studies <= 14 and reviewers == 2
    assert {"At least 30% pain relief", "Pain intensity (0-10)", "Any adverse event",
            "Psychotomimetic adverse events", "Withdrawals"} == set(outcomes)


@pytest.mark.parametrize("content", [b"not a database at all", b""])
def test_check_refuses_foreign_files_without_touching_them(tmp_path, content):
    path = tmp_path / "x.wbproj"
    path.write_bytes(content)
    result = run_cli("check", str(path), "--json")
    assert result.returncode == 2
    doc = json.loads(result.stdout)
    assert doc["ok"] is False and doc["problems"]
    assert "not an Evidence Workbench project" in result.stderr
    assert path.read_bytes() == content


def test_check_reports_newer_file_as_read_only(demo_path, capsys):
    conn = sqlite3.connect(demo_path)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                 "VALUES ('workbench', '9999_future', 'later')")
    conn.commit()
    conn.close()
    assert main(["check", str(demo_path), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["ok"] is True and doc["read_only"] is True


def test_screenshot_without_display(demo_path, tmp_path):
    target = tmp_path / "window.png"
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM")}
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    env["XDG_DATA_HOME"] = str(tmp_path / "data")
    result = run_cli(str(demo_path), "--screenshot", str(target), "--size", "1200x800",
                     env=env)
    assert result.returncode == 0, result.stderr
    from PySide6.QtGui import QImage

    image = QImage(str(target))
    assert (image.width(), image.height()) == (1200, 800)


def test_bad_size_is_a_usage_error(demo_path, tmp_path, capsys):
    assert main([str(demo_path), "--screenshot", str(tmp_path / "s.png"), "--size", "big"]) == 2
    assert "--size" in capsys.readouterr().err


def test_first_run_without_a_project_opens_the_demo_review(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM")}
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    env["XDG_DATA_HOME"] = str(tmp_path / "data")
    result = run_cli("--screenshot", str(tmp_path / "first.png"), env=env)
    assert result.returncode == 0, result.stderr
    demos = list((tmp_path / "data").rglob("ketamine-demo.wbproj"))
    assert len(demos) == 1
    conn = sqlite3.connect(demos[0])
    assert conn.execute("SELECT title FROM review").fetchone()[0].startswith("Ketamine")
    conn.close()
