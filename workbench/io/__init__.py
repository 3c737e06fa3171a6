"""The only layer that reads and writes foreign file formats (spreadsheets, CSV, exports)."""
