"""The workshop on a laptop plus a projector (1920×1080, and an old 1024×768 one): it goes to
the projector, sizes its type from it, and no page clips text (Qt offscreen screen sets)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = Path(__file__).with_name("workshop_probe.py")
REPO = Path(__file__).resolve().parents[2]


def _probe(tmp_path: Path, width: int, height: int) -> dict:
    screens = {"screens": [
        {"name": "laptop", "x": 0, "y": 0, "width": 1366, "height": 768,
         "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1},
        {"name": "projector", "x": 1366, "y": 0, "width": width, "height": height,
         "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}
    config = tmp_path / "screens.json"
    config.write_text(json.dumps(screens))
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
           "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, str(PROBE), str(tmp_path)], env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(("width", "height", "body"), [(1920, 1080, 24), (1024, 768, 16)])
def test_projector_screen_and_nothing_clipped(tmp_path, width, height, body):
    report = _probe(tmp_path, width, height)
    assert report["screen"] == "projector"
    assert report["geometry"] == [1366, 0, width, height]
    assert report["body"] >= body  # issue 10: body type >= 24 px at 1080p
    assert {page: labels for page, labels in report["clipped"].items() if labels} == {}
