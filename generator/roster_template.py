"""A blank roster for one unit, as an XLSX the office fills and hands back to ``sotay forms``.

The template carries the roster's columns, a title row naming the unit (the
reader skips it) and drop-down lists of the unit's cells and of the member
types. It holds no personal data, but it is filled with some, so it is written
under the same rules as the filled forms: outside the published folders and
outside git unless ignored.
"""

from __future__ import annotations

from pathlib import Path

from generator import model
from generator.errors import UsageError
from generator.outputs.xlsx import header_font, header_row, save_new, workbook_bytes
from generator.roster import cells_under, refuse_public_out, refuse_tracked_out
from generator.roster_columns import COLUMN_DOCS

#: Member types offered in the drop-down (each is accepted by the reader).
KIND_CHOICES = ("lãnh đạo", "đảng viên", "ngoài hệ thống")
ROWS = 500
_WIDTHS = (32, 14, 36, 30, 18)


def roster_template(project: model.Project, unit: model.Unit) -> bytes:
    """The blank roster workbook of ``unit``."""
    from openpyxl import Workbook  # with the workbook, not the module (generator.outputs.xlsx)

    book = Workbook()
    sheet = book.active
    sheet.title = "Danh sách"
    sheet.append([f"DANH SÁCH ĐẢNG VIÊN — {unit.name.upper()}"])
    sheet.cell(1, 1).font = header_font()
    sheet.append(["Ghi chú: " + "; ".join(f"{name}: {text}" for name, text in COLUMN_DOCS)])
    header_row(sheet, [name for name, _ in COLUMN_DOCS], list(_WIDTHS))
    lists = book.create_sheet("Danh mục")
    cells = [cell.name for cell in cells_under(project, unit)]
    for row, name in enumerate(cells, 1):
        lists.cell(row, 1, name)
    for row, name in enumerate(KIND_CHOICES, 1):
        lists.cell(row, 2, name)
    _drop_down(sheet, "C", f"'Danh mục'!$A$1:$A${len(cells)}")
    _drop_down(sheet, "E", f"'Danh mục'!$B$1:$B${len(KIND_CHOICES)}")
    return workbook_bytes(book)


def _drop_down(sheet, column: str, source: str) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    rule = DataValidation(type="list", allow_blank=True, formula1=source)
    rule.error = "Chọn một giá trị trong danh sách (trang «Danh mục»)."
    rule.add(f"{column}4:{column}{ROWS + 3}")
    sheet.add_data_validation(rule)


def write_roster_template(project: model.Project, unit_id: str, out: Path, protected: list[Path]) -> Path:
    """Write ``out/danh-sach-dang-vien-<unit>.xlsx`` (a private folder, a new file); its path."""
    if unit_id not in project.units:
        raise UsageError(f"không có đơn vị mã «{unit_id}»")
    refuse_public_out(out, protected)
    refuse_tracked_out(out)
    path = out / f"danh-sach-dang-vien-{unit_id}.xlsx"
    save_new(path, roster_template(project, project.units[unit_id]))
    return path
