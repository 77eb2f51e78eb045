"""Workbooks as reproducible bytes: the same workbook gives the same file, every run.

openpyxl stamps the save time into ``docProps/core.xml`` and into every zip
entry. :func:`workbook_bytes` saves, then repacks the archive in openpyxl's
own (fixed) member order with a fixed entry time and core properties dated
:data:`FIXED_TIME`, so an unchanged list never looks changed to the cache,
to ``git`` or to a clerk comparing downloads.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

from typing import TYPE_CHECKING

from generator.errors import UsageError, display_path

if TYPE_CHECKING:
    from openpyxl import Workbook

# openpyxl is imported where a workbook is made or written, not with this module: loading it
# costs a sixth of a second, and most builds (a page edited, nothing changed) write no workbook.

FIXED_TIME = datetime(2000, 1, 1)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_CORE = "docProps/core.xml"
_ILLEGAL = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")  # openpyxl.cell.cell.ILLEGAL_CHARACTERS_RE


def header_font():
    """The bold font of column titles."""
    from openpyxl.styles import Font

    return Font(bold=True)


def workbook_bytes(book: Workbook) -> bytes:
    """The XLSX bytes of ``book`` with fixed timestamps (see the module doc)."""
    from openpyxl.xml.functions import tostring

    book.properties.creator = "sotay"
    book.properties.created = FIXED_TIME
    saved = io.BytesIO()
    book.save(saved)
    book.properties.modified = FIXED_TIME  # save() sets it to now; the repack writes this instead
    core = tostring(book.properties.to_tree())
    out = io.BytesIO()
    with zipfile.ZipFile(saved) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            data = core if name == _CORE else source.read(name)
            target.writestr(zipfile.ZipInfo(name, _ZIP_TIME), data, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def header_row(sheet, titles: list[str], widths: list[int]) -> None:
    """Bold, wrapped column titles as the next row, frozen above the data, with column widths."""
    from openpyxl.styles import Alignment
    from openpyxl.utils.cell import get_column_letter

    font = header_font()
    append_texts(sheet, titles)
    row = sheet.max_row
    for column, width in enumerate(widths, 1):
        sheet.cell(row, column).font = font
        sheet.cell(row, column).alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = f"A{row + 1}"


def save_new(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path``, which must not exist yet (a publisher's file is never
    overwritten); written beside it first and renamed, so no half file is left."""
    if path.exists():
        raise UsageError(f"tệp «{display_path(path)}» đã có; chọn tên khác hoặc xóa tệp cũ trước")
    if path.suffix.lower() != ".xlsx":
        raise UsageError(f"tên tệp «{path.name}» phải có đuôi .xlsx")
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.tmp")
    temp.write_bytes(data)
    temp.replace(path)


def without_controls(value: Any) -> Any:
    """Strings without the control characters a worksheet may not contain; other values as they are."""
    return _ILLEGAL.sub("", value) if isinstance(value, str) else value


def put(sheet, row: int, column: int, value: Any):
    """Write one cell as :func:`append_texts` writes a row: text stays text, without control characters."""
    cell = sheet.cell(row, column, without_controls(value))
    if isinstance(cell.value, str) and cell.data_type == "f":
        cell.data_type = "s"
    return cell


def append_texts(sheet, values) -> list:
    """Append a row in which every string stays text: openpyxl would store «=…» as a formula,
    and content text must never run in the clerk's Excel. Control characters, which XLSX cannot
    hold (openpyxl refuses them), are dropped, as the Word documents drop them.
    Returns the row's cells. Cells are made before appending: reading the row back
    (``sheet[sheet.max_row]``) scans every cell of the sheet, quadratic in the rows."""
    from openpyxl.cell.cell import Cell

    cells = []
    for value in values:
        cell = Cell(sheet, value=without_controls(value))
        if isinstance(cell.value, str) and cell.data_type == "f":
            cell.data_type = "s"
        cells.append(cell)
    sheet.append(cells)
    return cells
