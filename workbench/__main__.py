"""`python -m workbench` runs the same entry point as the `workbench` console script."""

import sys

from workbench.cli import main

sys.exit(main())
