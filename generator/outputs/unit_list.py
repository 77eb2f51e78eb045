"""Output kinds: the unit list with each unit's deadlines, as XLSX and CSV, for clerks
who track the campaign in Excel.

:func:`gather_list` turns the project and the schedules into one plain
:class:`UnitList` (a row per unit, tree order, a column per plan step);
:func:`render` and :func:`render_csv` make bytes from that value alone. Dates
are real date cells in the workbook (sortable, filterable) and dd/mm/yyyy in
the CSV, which is UTF-8 with a byte order mark so Excel shows the accents.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from typing import Any, Mapping

from generator import model
from generator.outputs import paths
from generator.outputs.kind import OutputKind
from generator.outputs.unit_sheet import tree_order
from generator.outputs.xlsx import append_texts, header_row, without_controls, workbook_bytes

FIXED_COLUMNS = ("Mã", "Tên tổ chức", "Loại đơn vị", "Cấp trên", "Tổng số đảng viên")
_WIDTHS = (28, 40, 20, 34, 12)
#: Leading characters a spreadsheet would run as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class UnitList:
    """The list as rendered: column titles and one row of cells per unit."""

    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]


def gather_list(project: model.Project, schedules: Mapping[str, Any]) -> UnitList:
    """Every unit (tree order) with its deadline for each step of the plan (blank: not its step)."""
    steps: dict[str, str] = {}
    for schedule in schedules.values():
        for step in schedule.steps:
            steps.setdefault(step.id, step.title)
    kinds = {kind.id: kind.name for kind in project.organisation.kinds}
    rows = []
    for unit in tree_order(project):
        ends = {step.id: step.end for step in schedules[unit.id].steps} if unit.id in schedules else {}
        parent = project.units.get(unit.parent) if unit.parent else None
        total = unit.members.total if unit.members else None
        rows.append((unit.id, unit.name, kinds.get(unit.kind, unit.kind), parent.name if parent else "",
                     total, *(ends.get(step_id) for step_id in steps)))
    titles = tuple(f"Hạn: {title}" for title in steps.values())
    return UnitList(FIXED_COLUMNS + titles, tuple(rows))


def render(table: UnitList) -> bytes:
    """The list as an XLSX workbook with fixed timestamps (same value, same bytes)."""
    from openpyxl import Workbook  # with the workbook, not the module (generator.outputs.xlsx)

    book = Workbook()
    sheet = book.active
    sheet.title = "Đơn vị"
    header_row(sheet, list(table.columns), (list(_WIDTHS) + [16] * len(table.columns))[: len(table.columns)])
    for row in table.rows:
        for cell in append_texts(sheet, row):
            if isinstance(cell.value, date):
                cell.number_format = "DD/MM/YYYY"
    sheet.auto_filter.ref = sheet.dimensions
    return workbook_bytes(book)


def render_csv(table: UnitList) -> bytes:
    """The list as CSV: UTF-8 with BOM, CRLF, dd/mm/yyyy dates, formula-like texts quoted off."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([without_controls(title) for title in table.columns])
    for row in table.rows:
        writer.writerow([_csv_cell(value) for value in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    text = without_controls(str(value))
    return "'" + text if text.startswith(_FORMULA_START) and not isinstance(value, int) else text


def gather_xlsx(campaign, sizes):
    """The one XLSX list of the site."""
    yield paths.UNIT_LIST_XLSX, gather_list(campaign.project, campaign.schedules)


def gather_csv(campaign, sizes):
    """The one CSV list of the site."""
    yield paths.UNIT_LIST_CSV, gather_list(campaign.project, campaign.schedules)


XLSX = OutputKind("unit-list-xlsx", "documents", gather_xlsx, render)
CSV = OutputKind("unit-list-csv", "documents", gather_csv, render_csv)
