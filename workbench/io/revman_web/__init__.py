"""RevMan Web's data package (analysis-data and study-data CSVs), read and written."""

from workbench.io.revman_web.package import is_package
from workbench.io.revman_web.reader import read_package
from workbench.io.revman_web.writer import write_package

__all__ = ["is_package", "read_package", "write_package"]
