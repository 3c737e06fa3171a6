"""The Linux desktop integration files validate with the freedesktop tools, where installed."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

LINUX = Path(__file__).resolve().parents[2] / "packaging" / "linux"


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None,
                    reason="desktop-file-validate not installed (desktop-file-utils)")
def test_desktop_entry_validates():
    result = subprocess.run(["desktop-file-validate", str(LINUX / "evidence-workbench.desktop")],
                            capture_output=True, text=True)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout


@pytest.mark.skipif(shutil.which("appstreamcli") is None, reason="appstreamcli not installed")
def test_appstream_metainfo_validates():
    (metainfo,) = LINUX.glob("*.metainfo.xml")
    result = subprocess.run(["appstreamcli", "validate", "--no-net", str(metainfo)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_mime_type_matches_our_files_by_name_and_application_id():
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    mime = ET.parse(LINUX / "evidence-workbench-mime.xml").getroot().find("m:mime-type", ns)
    assert mime.get("type") == "application/x-evidence-workbench-project"
    assert mime.find("m:glob", ns).get("pattern") == "*.wbproj"
    inner = mime.find("m:magic/m:match/m:match", ns)
    # workbench.storage.schema.APPLICATION_ID, 0x57424E43, is "WBNC" at byte 68 of the header.
    from workbench.storage.schema import APPLICATION_ID

    assert inner.get("offset") == "68"
    assert inner.get("value").encode() == APPLICATION_ID.to_bytes(4, "big")
    desktop = (LINUX / "evidence-workbench.desktop").read_text()
    assert f"MimeType={mime.get('type')};" in desktop
