"""The results sheet handed out to each reporting unit, ready-filled.

One workbook per unit: a visible sheet with the unit's name, an instruction
row, the unit's proposed rating and report date, then one row per rated cell
(its id, name and member count filled in) with a column per not-rated
category, per level of the rule set and per local rule, and the cell's own
rating. Every input cell has data validation. A hidden sheet ``sotay`` holds
the unit and plan ids and the column keys, so a returned sheet is read by
key (a sheet made for another unit or campaign is recognised) and survives
cosmetic edits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from generator import model
from generator.results.settings import RuleView

DATA_SHEET = "Kết quả"
META_SHEET = "sotay"
PROPOSED_CELL = "C3"
RECEIVED_CELL = "F3"
FIRST_ROW = 5
INSTRUCTION = ("Hướng dẫn: mỗi dòng là một chi bộ. Điền số đảng viên không xếp loại và số đảng viên ở "
               "từng mức (đảng viên được xếp loại + không xếp loại = tổng số); chọn mức xếp loại của "
               "chi bộ trong danh sách; ghi mức đơn vị tự đề xuất và ngày gửi ở dòng 3. Giữ nguyên "
               "tên trang tính và cột mã; gửi lại đúng tệp này.")


def reporting_units(project: model.Project) -> list[model.Unit]:
    """Units that report results to the publisher: those directly under it."""
    return [project.units[uid] for uid in project.children.get(project.organisation.publisher, ())]


def rated_cells(project: model.Project, unit: model.Unit) -> list[model.Unit]:
    """The rows of a unit's report: its cells, or itself when it has none."""
    children = project.children.get(unit.id, ())
    return [project.units[c] for c in children] or [unit]


def column_keys(rules: RuleView) -> list[str]:
    """Column keys of the data rows, left to right."""
    keys = ["unit", "name", "members", *rules.not_rated, *rules.level_ids,
            *(rule.id for rule in rules.local_rules), "level"]
    return keys + (["points"] if rules.scoring else [])


def column_labels(rules: RuleView) -> dict[str, str]:
    """Header label of each column key."""
    labels = {"unit": "Mã chi bộ", "name": "Tên chi bộ", "members": "Tổng số đảng viên",
              "level": "Xếp loại chi bộ", "points": "Điểm chi bộ"}
    labels |= {key: rules.not_rated_label(key) for key in rules.not_rated}
    labels |= {level.id: f"Đảng viên {level.short}" for level in rules.levels}
    labels |= {rule.id: rule.column for rule in rules.local_rules}
    return labels


def prefill(cell: model.Unit, rules: RuleView) -> dict[str, object]:
    """What the handed-out sheet already holds for a cell: id, name, members, known not-rated counts."""
    members = cell.members
    values: dict[str, object] = {"unit": cell.id, "name": cell.name}
    if members is not None:
        known = {"members": members.total, "exempt": members.exempt, "new": members.new}
        values |= {key: value for key, value in known.items() if key == "members" or key in rules.not_rated}
    return values


@dataclass(frozen=True)
class SheetValue:
    """Everything one results workbook is made from (its cache key is this value's digest)."""

    unit_id: str
    unit_name: str
    plan_id: str
    year: int
    rules: RuleView
    rows: tuple[dict[str, object], ...]  # by column key
    proposed: str = ""
    received: date | None = None


def sheet_value(project: model.Project, unit: model.Unit, plan: model.Plan, rules: RuleView,
                rows: list[dict[str, object]] | None = None, proposed: str = "",
                received: date | None = None) -> SheetValue:
    """The unit's workbook value; ``rows`` default to the prefill (the sheet handed out)."""
    rows = rows if rows is not None else [prefill(cell, rules) for cell in rated_cells(project, unit)]
    return SheetValue(unit.id, unit.name, plan.id, plan.year, rules, tuple(rows), proposed, received)


def filled_sheet(project: model.Project, unit: model.Unit, plan: model.Plan, rules: RuleView,
                 rows: list[dict[str, object]] | None = None, proposed: str = "",
                 received: date | None = None) -> bytes:
    """The unit's workbook bytes, as a unit would return it (tests, examples, benchmarks)."""
    return sheet_bytes(sheet_value(project, unit, plan, rules, rows, proposed, received))


def sheet_bytes(value: SheetValue) -> bytes:
    """The results workbook of one unit, from its value alone."""
    import openpyxl  # openpyxl only when a workbook is written: ``sotay check`` reads no sheet here

    from generator.outputs.xlsx import put, workbook_bytes

    rules = value.rules
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = DATA_SHEET
    keys = column_keys(rules)
    _heading(sheet, value, keys)
    for index, values in enumerate(value.rows):
        for column, key in enumerate(keys, 1):
            cell = values.get(key)
            put(sheet, FIRST_ROW + index, column, _level_name(rules, cell) if key == "level" else cell)
    _validate(sheet, rules, keys, len(value.rows))
    _meta(book, value, keys)
    return workbook_bytes(book)


def _level_name(rules: RuleView, value):
    level = rules.level(value) if isinstance(value, str) else None
    return level.short if level else value


def _heading(sheet, value: SheetValue, keys) -> None:
    from openpyxl.styles import Alignment, Font

    from generator.outputs.xlsx import put

    last, rules = len(keys), value.rules
    title = f"KẾT QUẢ XẾP LOẠI CHẤT LƯỢNG NĂM {value.year} — {value.unit_name.upper()}"
    put(sheet, 1, 1, title).font = Font(bold=True, size=13)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=last)
    sheet.cell(2, 1, INSTRUCTION).alignment = Alignment(wrap_text=True, vertical="top")
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=last)
    sheet.row_dimensions[2].height = 60
    sheet["A3"] = "Đơn vị tự đề xuất xếp loại:"
    sheet[PROPOSED_CELL] = _level_name(rules, value.proposed) or None
    sheet["E3"] = "Ngày gửi báo cáo:"
    sheet[RECEIVED_CELL] = value.received
    sheet[RECEIVED_CELL].number_format = "DD/MM/YYYY"
    labels = column_labels(rules)
    for column, key in enumerate(keys, 1):
        cell = sheet.cell(FIRST_ROW - 1, column, labels[key])
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
    sheet.row_dimensions[FIRST_ROW - 1].height = 45
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 30
    sheet.freeze_panes = sheet.cell(FIRST_ROW, 3)


def _validate(sheet, rules: RuleView, keys: list[str], count: int) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    last = FIRST_ROW + max(count, 1) - 1
    names = ",".join(level.short for level in rules.levels)
    counts = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                            error="Ghi số nguyên không âm.", errorTitle="Số không hợp lệ", showErrorMessage=True)
    levels = DataValidation(type="list", formula1=f'"{names}"', allow_blank=True,
                            error="Chọn một mức trong danh sách.", errorTitle="Mức không có", showErrorMessage=True)
    points = DataValidation(type="decimal", operator="between", formula1="0", formula2="100", allow_blank=True,
                            error="Điểm từ 0 đến 100.", showErrorMessage=True)
    day = DataValidation(type="date", operator="greaterThan", formula1="36526", allow_blank=True,
                         error="Ghi ngày, vd. 19/12/2022.", showErrorMessage=True)
    for validation in (counts, levels, day) + ((points,) if rules.scoring else ()):
        sheet.add_data_validation(validation)
    levels.add(PROPOSED_CELL)
    day.add(RECEIVED_CELL)
    for column, key in enumerate(keys, 1):
        span = f"{get_column_letter(column)}{FIRST_ROW}:{get_column_letter(column)}{last}"
        if key == "level":
            levels.add(span)
        elif key == "points":
            points.add(span)
        elif key not in ("unit", "name"):
            counts.add(span)


def _meta(book, value: SheetValue, keys: list[str]) -> None:
    meta = book.create_sheet(META_SHEET)
    meta.sheet_state = "hidden"
    meta.append(["unit", value.unit_id])
    meta.append(["plan", value.plan_id])
    meta.append(["columns", *keys])
