"""Units from a spreadsheet: one row per unit, turned into the data a ``units/*.yaml`` holds.

The reader only undoes the table layout: it finds the header row, maps each
row's cells onto the keys of a unit (``members.total`` and the like) and
remembers which cell each key came from. Everything a unit must satisfy (slug
ids, required names, counts that are whole numbers, known kinds and parents,
unique ids) is then judged by the same model validation and cross checks as
YAML units; their problems are placed on cells through :class:`CellMap`.

What only a sheet can get wrong is reported here: no header row, a missing or
unknown column, merged cells, formulas, dates, blank rows inside the table.
A row with such a problem is left out (its id still counts as declared), so
one bad cell gives one error and no cascade.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import get_close_matches
from pathlib import Path
from typing import Any, Callable

from generator.load.sheet import (CellError, Formula, Table, find_header, header_key, is_blank, is_date,
                                  merged_in, text_of)
from generator import model
from generator.outputs.markdown_text import heading_id

Path_ = tuple[Any, ...]

#: Columns of a unit sheet, in the order ``sotay units export`` writes them:
#: (key path in a unit, header as written, other accepted titles). Titles match
#: accent-free and case-free, so «TỔNG SỐ ĐẢNG VIÊN» and «tong so dang vien» both work.
COLUMNS: tuple[tuple[Path_, str, tuple[str, ...]], ...] = (
    (("id",), "Mã", ("ma don vi", "id")),
    (("name",), "Tên tổ chức", ("ten don vi", "ten", "name")),
    (("body",), "Tên cơ quan ban hành", ("co quan ban hanh", "body")),
    (("kind",), "Loại đơn vị", ("loai", "kind")),
    (("category",), "Nhóm", ("nhom don vi", "category")),
    (("parent",), "Cấp trên", ("ma cap tren", "don vi cap tren", "parent")),
    (("place",), "Địa danh", ("place",)),
    (("members", "total"), "Tổng số đảng viên", ("tong so", "total")),
    (("members", "exempt"), "Miễn công tác, sinh hoạt", ("mien sinh hoat", "exempt")),
    (("members", "retired"), "Hưu trí", ("retired",)),
    (("members", "new"), "Kết nạp chưa đủ 6 tháng", ("ket nap moi", "new")),
    (("keywords",), "Từ khóa", ("keywords",)),
    (("signature", "on_behalf"), "Thẩm quyền ký", ("on_behalf",)),
    (("signature", "title"), "Chức vụ người ký", ("signature title",)),
    (("signature", "name"), "Người ký", ("signature name",)),
)
#: Columns every row must fill: the unit's required keys (from the model), but the id,
#: which is generated when blank.
REQUIRED = tuple((name,) for name, info in model.Unit.model_fields.items()
                 if info.is_required() and name != "id")
#: Columns an office keeps for itself; read past, never an error.
IGNORED_TITLES = ("stt", "so thu tu", "ghi chu")
TITLES: dict[Path_, tuple[str, ...]] = {
    path: (header_key(header),) + aliases for path, header, aliases in COLUMNS}
HEADERS: dict[Path_, str] = {path: header for path, header, _ in COLUMNS}
COUNT_PATHS = tuple(path for path, _, _ in COLUMNS if path[0] == "members")
_DATE_TEXT = re.compile(r"^\d{1,4}[/.-]\d{1,2}([/.-]\d{1,4})?$")

Report = Callable[[int, int, str, str], None]  # (row, column, message, hint)


@dataclass
class CellMap:
    """Where each key path of the built document came from, kept per row and per column
    (not per cell: a 10,000-row sheet would otherwise pay for 100,000 entries)."""

    table_sheet: str | None
    columns: dict[Path_, int] = field(default_factory=dict)  # key path below a unit -> column
    rows: list[int] = field(default_factory=list)  # unit index -> its row
    anchors: dict[int, int] = field(default_factory=dict)  # unit index -> a blank required cell's column
    generated: set[int] = field(default_factory=set)  # units whose id was made from the name

    def locate(self, path: Path_) -> tuple[int, int]:
        """(row, column) of a key path: the column of its longest known prefix, on the unit's row.

        A unit as a whole is placed at its blank required cell if it has one, else at its name.
        """
        if len(path) < 2 or path[0] != "units" or not isinstance(path[1], int) or path[1] >= len(self.rows):
            return 1, 1
        index, below = path[1], tuple(path[2:])
        if below[:1] == ("id",) and index in self.generated:
            below = ()
        for end in range(len(below), 0, -1):
            column = self.columns.get(below[:end])
            if column is not None:
                return self.rows[index], column
        return self.rows[index], self.anchors.get(index, self.columns[("name",)])

    def reword(self, path: Path_, message: str, hint: str) -> tuple[str, str]:
        """A content message in sheet terms: «total» becomes «Tổng số đảng viên», and
        "add a line «total: ...»" becomes "fill the cell"."""
        below = tuple(part for part in path[2:] if isinstance(part, str))
        for column, header in HEADERS.items():
            key = f"«{column[-1]}»"
            if column[: len(below)] == below and key in message:
                message = message.replace(key, f"«{header}»").replace("thiếu khóa bắt buộc", "thiếu ô bắt buộc")
                hint = hint.replace(f"thêm dòng «{column[-1]}: ...»", f"điền ô «{header}»")
        return message, hint


@dataclass
class SheetUnits:
    """What one unit sheet gave: the ``units/*.yaml``-shaped data and the cell map."""

    data: dict[str, Any] | None
    cells: CellMap
    declared: set[str] = field(default_factory=set)  # ids of rows left out for sheet problems


def read_units(table: Table, report: Report) -> SheetUnits:
    """Turn a unit table into ``{"units": [...]}``; sheet-only problems go to ``report``."""
    cells = CellMap(table.sheet)
    header = find_header(table, TITLES, ("name",))
    if header is None:
        report(1, 1, "không tìm thấy dòng tiêu đề cột của danh sách đơn vị",
               "dòng tiêu đề cần có ít nhất các cột: " + ", ".join(f"«{HEADERS[p]}»" for p in REQUIRED))
        return SheetUnits(None, cells)
    index, columns = header
    header_row, header_values = table.rows[index]
    if not _header_ok(header_row, header_values, columns, report):
        return SheetUnits(None, cells)
    cells.columns = _column_map(columns)
    merged_rows: set[int] = set()
    for row, column, last_row, ref in merged_in(table, header_row):
        report(row, column, f"ô gộp «{ref}» trong bảng", "bỏ gộp ô (Unmerge) và điền giá trị vào từng ô")
        merged_rows.update(range(row, last_row + 1))
    units, declared = _rows_to_units(table.rows[index + 1:], columns, cells, report, merged_rows)
    _finish_ids(units, cells)
    return SheetUnits({"units": units} if units else None, cells, declared)


def _column_map(columns: dict[Path_, int]) -> dict[Path_, int]:
    """1-based column of each key path; a group («members») is placed at its first column."""
    found = {path: column + 1 for path, column in columns.items()}
    for path, _, _ in COLUMNS:
        if len(path) > 1 and path in columns:
            found.setdefault(path[:1], columns[path] + 1)
    return found


def _header_ok(row: int, values: list[Any], columns: dict[Path_, int], report: Report) -> bool:
    """Report missing required and unknown columns; False when a required one is missing."""
    ok = True
    for path in REQUIRED:
        if path not in columns:
            report(row, 1, f"thiếu cột «{HEADERS[path]}»", f"thêm cột có tiêu đề «{HEADERS[path]}» vào dòng tiêu đề")
            ok = False
    known = {title for titles in TITLES.values() for title in titles} | set(IGNORED_TITLES)
    for column, value in enumerate(values, 1):
        title = header_key(value)
        if title and title not in known:
            close = get_close_matches(text_of(value), list(HEADERS.values()), n=1, cutoff=0.6)
            hint = (f"có phải ý bạn là «{close[0]}»?" if close
                    else "đổi tên cột theo mẫu (sotay units template), hoặc đặt tên «Ghi chú» để bỏ qua")
            report(row, column, f"cột «{text_of(value)}» không có trong mẫu danh sách đơn vị", hint)
    return ok


def _rows_to_units(rows, columns, cells: CellMap, report: Report,
                   merged_rows: set[int]) -> tuple[list[dict], set[str]]:
    """One unit dict per filled row; rows with sheet problems (or in merged cells) are left
    out, their ids kept as declared."""
    units: list[dict] = []
    declared: set[str] = set()
    last_filled = max((i for i, (_, values) in enumerate(rows) if not is_blank(values)), default=-1)
    for position, (row, values) in enumerate(rows[: last_filled + 1]):
        if is_blank(values):
            report(row, 1, "dòng trống giữa bảng", "xóa dòng trống: bảng đơn vị phải liền mạch đến dòng cuối")
            continue
        fields = {path: values[col] for path, col in columns.items() if col < len(values)}
        if row not in merged_rows and _cells_ok(row, fields, columns, report):
            units.append(_unit(fields, row, len(units), cells))
        elif text_of(fields.get(("id",))):
            declared.add(text_of(fields[("id",)]))
    return units, declared


def _cells_ok(row: int, fields: dict[Path_, Any], columns: dict[Path_, int], report: Report) -> bool:
    """Report formulas, date cells and dates typed as counts in one row; True when none."""
    ok = True
    for path, value in fields.items():
        column, title = columns[path] + 1, HEADERS[path]
        if isinstance(value, Formula):
            report(row, column, f"ô «{title}» chứa công thức «{value[:40]}»",
                   "chép rồi dán giá trị (Paste Special → Values) thay cho công thức")
        elif isinstance(value, CellError):
            report(row, column, f"ô «{title}» báo lỗi «{value}» của Excel", "sửa ô này thành giá trị cụ thể")
        elif is_date(value):
            report(row, column, f"ô «{title}» là ngày tháng, không phải {_wanted(path)}",
                   "Excel tự đổi số thành ngày: định dạng ô là Text/Number rồi gõ lại")
        elif path in COUNT_PATHS and isinstance(value, str) and _DATE_TEXT.match(value.strip()):
            report(row, column, f"ô «{title}» ghi ngày tháng «{value.strip()}», không phải số",
                   "ghi số đảng viên là một số nguyên, vd. 25")
        else:
            continue
        ok = False
    return ok


def _wanted(path: Path_) -> str:
    return "số" if path in COUNT_PATHS else "chữ"


def _unit(fields: dict[Path_, Any], row: int, index: int, cells: CellMap) -> dict[str, Any]:
    """The unit dict of one row; its row is noted in ``cells``."""
    unit: dict[str, Any] = {}
    cells.rows.append(row)
    for path, value in fields.items():
        value = _value(path, value)
        if value in ("", None, []):
            continue
        if len(path) == 1:
            unit[path[0]] = value
        else:
            unit.setdefault(path[0], {})[path[1]] = value
    # A required cell left blank: pydantic reports the key missing at the row; point at that cell.
    blank = next((path for path in REQUIRED if path[0] not in unit), None)
    if blank is not None:
        cells.anchors[index] = cells.columns[blank]
    return unit


def _value(path: Path_, value: Any) -> Any:
    """A cell's value for the model: counts keep their number, texts are trimmed NFC."""
    if path in COUNT_PATHS and isinstance(value, (int, float)) and not isinstance(value, bool):
        return int(value) if float(value).is_integer() else value
    if path == ("keywords",):
        return [word.strip() for word in text_of(value).split(";") if word.strip()]
    return text_of(value)


def generated_id(name: str, parent: str | None) -> str:
    """A unit id made from its name (and its parent's id), the same on every run.

    «Chi bộ ấp Chắt Đốt» under ``xa-chau-hung-a`` → ``xa-chau-hung-a-chi-bo-ap-chat-dot``:
    the parent prefix keeps the many «Chi bộ Quân sự xã» of a district apart.
    """
    own = heading_id(name)
    parent = parent if parent and re.fullmatch(r"[a-z0-9-]+", parent) else ""
    return (f"{parent}-{own}" if parent else own)[:80].strip("-")


def _finish_ids(units: list[dict], cells: CellMap) -> None:
    """Parents written as names become ids; rows without an id get :func:`generated_id`.

    Offices type «Đảng bộ xã Châu Hưng A» rather than a code; only names of
    units in the same sheet are known here, others are left for the checks.
    Parents are resolved before and after ids are generated, so a row may name
    a unit that itself has no id column filled.
    """
    by_name = {header_key(u["name"]): u["id"] for u in units if "name" in u and "id" in u}
    for index, unit in enumerate(units):
        _parent_by_name(unit, by_name)
        if "id" not in unit and "name" in unit:
            unit["id"] = generated_id(unit["name"], unit.get("parent"))
            by_name.setdefault(header_key(unit["name"]), unit["id"])
            cells.generated.add(index)
    for unit in units:
        _parent_by_name(unit, by_name)


def _parent_by_name(unit: dict, by_name: dict[str, str]) -> None:
    parent = unit.get("parent")
    if parent and not re.fullmatch(r"[a-z0-9-]+", parent) and header_key(parent) in by_name:
        unit["parent"] = by_name[header_key(parent)]
