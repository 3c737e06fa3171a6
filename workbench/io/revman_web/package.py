"""Open a RevMan Web data package (zip or folder) safely and find its CSV files."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from workbench.io.rm5.model import RevManError
from workbench.io.spreadsheet.model import SpreadsheetError
from workbench.io.spreadsheet.safety import ZIP_MAGIC, check_archive

ANALYSIS_SUFFIX = "-analysis-data"
STUDY_SUFFIX = "-study-data"
MAX_FILE = 256 * 1024 * 1024


@dataclass
class Package:
    """The package's files by name ("CD123-data-rows.csv" -> text), and its review code."""

    source: Path
    code: str
    files: dict[str, str]

    def text(self, name: str) -> str | None:
        return self.files.get(f"{self.code}-{name}")

    def where(self, name: str) -> str:
        return f"{self.source}: {self.code}-{name}"


def is_package(path: Path) -> bool:
    if path.is_dir():
        return any(p.name.endswith(ANALYSIS_SUFFIX) for p in _folders(path))
    if path.suffix.lower() != ".zip" or not path.is_file():
        return False
    with path.open("rb") as handle:
        return handle.read(4) == ZIP_MAGIC


def _folders(path: Path) -> list[Path]:
    found = [p for p in path.iterdir() if p.is_dir()]
    return found + [q for p in found for q in p.iterdir() if q.is_dir()]


def open_package(path: Path) -> Package:
    files = _zip_files(path) if path.is_file() else _folder_files(path)
    codes = {name.removesuffix(ANALYSIS_SUFFIX) for name in _dirs(files)
             if name.endswith(ANALYSIS_SUFFIX)}
    if len(codes) != 1:
        raise RevManError(f"{path}: not a RevMan Web data package (expected one folder "
                          f"'<review>{ANALYSIS_SUFFIX}', found {len(codes)})")
    return Package(path, codes.pop(), {Path(k).name: v for k, v in files.items()})


def _dirs(files: dict[str, str]) -> set[str]:
    return {part for name in files for part in Path(name).parts[:-1]}


def _zip_files(path: Path) -> dict[str, str]:
    """CSV members, read in memory (never extracted), after the spreadsheet import's checks:
    intact archive, at most 256 MiB uncompressed, no member compressed beyond 100:1."""
    try:
        check_archive(path)
    except SpreadsheetError as err:
        raise RevManError(err.message) from err
    with zipfile.ZipFile(path) as archive:
        return {info.filename: _decode(path, info.filename, archive.read(info))
                for info in archive.infolist() if info.filename.lower().endswith(".csv")}


def _folder_files(path: Path) -> dict[str, str]:
    found, total = {}, 0
    for file in sorted(path.rglob("*.csv")):
        total += file.stat().st_size
        if total > MAX_FILE:
            raise RevManError(f"{path}: refused: the CSV files are larger than 256 MiB")
        found[str(file.relative_to(path))] = _decode(path, file.name, file.read_bytes())
    return found


def _decode(path: Path, name: str, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[:err.start].count(b"\n") + 1
        raise RevManError(f"{path}: {name}: line {line}: not valid UTF-8") from err
