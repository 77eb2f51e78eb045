"""The unit tree as a workbook in the layout ``content/units/*.xlsx`` is read in.

``sotay units export`` writes the tree (or one branch of it); ``sotay units
template`` writes the same workbook with no rows. Both carry drop-down lists
(data validation) for the kind, category and parent columns, fed from a second
sheet «Danh mục»; the reader only ever reads the first sheet. The columns come
from :data:`generator.load.units_sheet.COLUMNS`, so export and import cannot
drift apart.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator import model
from generator.load.units_sheet import COLUMNS, COUNT_PATHS
from generator.errors import UsageError
from generator.outputs.xlsx import append_texts, header_font, header_row, save_new, workbook_bytes

if TYPE_CHECKING:
    from openpyxl import Workbook

SHEET = "Đơn vị"
LISTS = "Danh mục"
#: Rows given drop-down lists in a template (and below the last unit of an export).
VALIDATED_ROWS = 2000
_WIDTHS = {"id": 28, "name": 40, "body": 34, "parent": 28, "keywords": 24}


def tree_order(project: model.Project, root: str | None = None) -> list[model.Unit]:
    """Units top-down, each parent before its children (the whole tree, or ``root``'s branch)."""
    tops = [root] if root else [u.id for u in project.units.values()
                                if not u.parent or u.parent not in project.units]
    ordered: list[model.Unit] = []
    stack = list(reversed(tops))
    while stack:
        unit = project.units[stack.pop()]
        ordered.append(unit)
        stack.extend(reversed(project.children.get(unit.id, [])))
    return ordered


def unit_row(unit: model.Unit) -> list[Any]:
    """One unit as the cells of its row; counts of 0 other than the total stay blank."""
    data = unit.model_dump(exclude_none=True)
    row: list[Any] = []
    for path, _, _ in COLUMNS:
        value: Any = data
        for part in path:
            value = value.get(part) if isinstance(value, dict) else None
        if path == ("keywords",):
            value = "; ".join(value or []) or None
        elif path in COUNT_PATHS and path[-1] != "total" and value == 0:
            value = None
        row.append(value)
    return row


def unit_workbook(project: model.Project, units: list[model.Unit], title: str | None = None) -> bytes:
    """The workbook of ``units`` (none: a blank template), with drop-down lists.

    ``title`` is written in a row of its own above the header (the reader skips it).
    """
    from openpyxl import Workbook  # with the workbook, not the module (generator.outputs.xlsx)

    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    if title:
        sheet.append([title])
        sheet.cell(1, 1).font = header_font()
    header_row(sheet, [header for _, header, _ in COLUMNS],
               [_WIDTHS.get(path[-1], 16) for path, _, _ in COLUMNS])
    first = sheet.max_row + 1
    for unit in units:
        append_texts(sheet, unit_row(unit))
    _add_lists(book, sheet, project, first, last_row=max(sheet.max_row, VALIDATED_ROWS))
    return workbook_bytes(book)


def _add_lists(book: Workbook, sheet, project: model.Project, first_row: int, last_row: int) -> None:
    """Drop-downs for kind, category and parent; a parent outside the list is only a warning,
    since a new unit's parent may be a row typed in the same sheet."""
    lists = book.create_sheet(LISTS)
    choices = {
        ("kind",): [k.id for k in project.organisation.kinds],
        ("category",): [c.id for c in project.organisation.categories],
        ("parent",): [u.id for u in tree_order(project)],
    }
    titles = {("kind",): "Loại đơn vị", ("category",): "Nhóm", ("parent",): "Mã đơn vị đã có"}
    for list_column, (path, values) in enumerate(choices.items(), 1):
        letter = chr(ord("A") + list_column - 1)
        lists.cell(1, list_column, titles[path])
        for row, value in enumerate(values, 2):
            lists.cell(row, list_column, value)
        if not values:
            continue
        from openpyxl.worksheet.datavalidation import DataValidation

        rule = DataValidation(type="list", allow_blank=True,
                              formula1=f"'{LISTS}'!${letter}$2:${letter}${len(values) + 1}",
                              errorStyle="warning" if path == ("parent",) else "stop")
        rule.error = "Chọn một giá trị trong danh sách (trang «Danh mục»)."
        column = [p for p, _, _ in COLUMNS].index(path) + 1
        target = sheet.cell(first_row, column).column_letter
        rule.add(f"{target}{first_row}:{target}{last_row}")
        sheet.add_data_validation(rule)


def export_units(project: model.Project, out: Path, root: str | None = None,
                 title: str | None = None) -> int:
    """Write the tree (or ``root``'s branch) to the new file ``out``; the number of units."""
    if root is not None and root not in project.units:
        raise UsageError(f"không có đơn vị mã «{root}»")
    units = tree_order(project, root)
    save_new(out, unit_workbook(project, units, title))
    return len(units)


def write_template(project: model.Project, out: Path) -> None:
    """Write a blank unit workbook (headers and drop-down lists) to the new file ``out``."""
    save_new(out, unit_workbook(project, []))
