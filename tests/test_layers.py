"""Nothing outside the GUI loads Qt: headless commands must run where Qt cannot."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import workbench

PROBE = """
import importlib, sys
names = sys.argv[1:]
for name in names:
    importlib.import_module(name)
loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'pyqtgraph'))
print(','.join(loaded))
"""


def _non_gui_modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(workbench.__path__, "workbench."):
        if info.name.startswith("workbench.gui") or info.name == "workbench.__main__":
            continue
        if info.name in ("workbench.cli.gui_launch", "workbench.cli.plot"):
            continue  # these open or draw the GUI by design, and import Qt lazily
        names.append(info.name)
    return names


def test_no_non_gui_module_imports_qt():
    modules = _non_gui_modules()
    assert "workbench.core.model" in modules and "workbench.session.project" in modules
    out = subprocess.run([sys.executable, "-c", PROBE, *modules], capture_output=True,
                         text=True, check=True).stdout.strip()
    assert out == "", f"Qt was loaded by a non-GUI module: {out}"
