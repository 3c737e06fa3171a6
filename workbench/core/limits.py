"""Size limits every reader and check shares, so a hostile file is refused before work."""

from __future__ import annotations

# Excel's column bound; rows far fewer than Excel's 1,048,576: every data row becomes a parsed
# row (~1-2 KB), and 200,000 of them stay within the memory budget below.
MAX_ROWS = 200_000
MAX_COLUMNS = 16_384
MAX_PROBLEMS = 20_000  # invalid cells listed before an import is refused as hopeless
# A sheet's bounding box (from A1): ~160 MB of Python cells at most, so that any input of
# 50 MiB or less is read within 500 MiB.
MAX_CELLS = 2_000_000
MAX_SHARED_STRINGS = 2_000_000
# Excel's longest cell text; a CSV field or an XML text beyond it is not extraction data.
MAX_CELL_TEXT = 32_767
# Study, comparison, outcome, reviewer and group labels: a forest plot row, not a document.
MAX_LABEL = 1_000
MAX_LINE = 1 << 20  # one CSV record, in characters
MAX_MAPPING_BYTES = 1 << 20
MAX_MAPPING_DEPTH = 8
MAX_HEADER_ROWS = 20
MAX_HEADER_ROW = 1_048_576  # Excel's last row
MAX_XML_DEPTH = 256
MAX_TAG_BYTES = 64 * 1024  # one XML start tag; real ones are a few hundred bytes
MAX_WORKBOOK_PART = 16 << 20  # workbook.xml and its relationships, parsed whole
FULL_CHECK_BYTES = 64 << 20  # `check` runs the full integrity_check up to this file size
