"""GUI tests run on Qt's offscreen platform (no display needed)."""

import os

# Must be set before the first QApplication: without a display Qt would abort the process.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
