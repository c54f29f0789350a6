"""A folder of crosspaths-format files, loaded in dependency order; and the demo data set."""

from __future__ import annotations

from pathlib import Path

from seeds.formats import BY_KIND, FORMATS
from seeds.sheets import Sheet, format_sheet

DEMO_DIR = Path(__file__).resolve().parent / "demo"


class FolderError(ValueError):
    """The folder holds no crosspaths file, or a CSV whose name says no format."""


def folder_sheets(directory: Path) -> list[Sheet]:
    """The crosspaths files in `directory`, in the order they must be loaded.

    A CSV named after no format is an error rather than silently ignored: it is most likely a typo.
    """
    if not directory.is_dir():
        raise FolderError(f"{directory} is not a folder")
    names = {path.name for path in directory.glob("*.csv")}
    unknown = sorted(name for name in names if name.removesuffix(".csv") not in BY_KIND)
    if unknown:
        expected = ", ".join(fmt.filename for fmt in FORMATS)
        raise FolderError(f"{directory}: unknown file(s) {', '.join(unknown)}; expected some of {expected}")
    sheets = [format_sheet(fmt, directory / fmt.filename) for fmt in FORMATS if fmt.filename in names]
    if not sheets:
        raise FolderError(f"{directory} holds none of {', '.join(fmt.filename for fmt in FORMATS)}")
    return sheets
