"""Private per-member forms: a roster (CSV or XLSX) in, one filled form per member out.

``sotay forms --roster members.xlsx --unit xa-chau-hung-a --out DIR`` reads the
roster, checks every row (a missing name, an impossible date, an unknown cell
or member type is reported with its row number, all at once), picks each
member's form by member type (leadership post, none, outside the political
system) among the forms the member's cell uses, and writes the documents into
``DIR`` through a temporary folder, so ``DIR`` is never half-written. Personal
data must never reach the website: ``DIR`` may not lie inside ``site/``, the
docs build folder or ``content/``.
"""

from __future__ import annotations

import re
import subprocess
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from generator import model
from generator.load import sheet
from generator.roster_columns import COLUMNS_TEXT, HEADERS, KIND_NAMES, KINDS
from generator.roster_names import match_unit
from generator.errors import ContentError, Problem, UsageError, display_path
from generator.outputs.form_spec import form_spec, unit_values
from generator.render_docx import build_master
from generator.campaign import Campaign
from generator.site.search_index import fold
from generator.outputs.templating import vn_date

MARKER = ".sotay-forms"
_YEAR = re.compile(r"^\d{4}$")
_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$|^(\d{4})-(\d{1,2})-(\d{1,2})$")


@dataclass(frozen=True)
class Member:
    """One checked roster row."""

    row: int
    name: str
    birth: str
    cell: model.Unit
    posts: str
    form: model.Form


@dataclass(frozen=True)
class FillReport:
    out: Path
    files: tuple[str, ...]


def fill_roster(campaign: Campaign, roster: Path, unit_id: str, out: Path,
                protected: list[Path]) -> FillReport:
    """Check the roster, fill one form per member and move them into ``out`` at once."""
    project = campaign.project
    refuse_public_out(out, protected)
    refuse_tracked_out(out)
    if unit_id not in project.units:
        raise UsageError(f"không có đơn vị mã «{unit_id}»")
    table = read_roster(roster)
    members = check_rows(campaign, project.units[unit_id], table)
    files = fill_members(campaign, members)
    write_private(files, out)
    return FillReport(out, tuple(files))


def refuse_public_out(out: Path, protected: list[Path]) -> None:
    """``out`` must lie outside every published or content folder."""
    target = out.resolve()
    for folder in protected:
        if target == folder.resolve() or folder.resolve() in target.parents:
            raise UsageError(f"không ghi danh sách đảng viên vào «{display_path(out)}»: thư mục này "
                             f"nằm trong «{display_path(folder)}», nơi được đưa lên trang web; "
                             "chọn một thư mục riêng bên ngoài")


def refuse_tracked_out(out: Path) -> None:
    """``out`` may lie inside a git work tree only if git ignores it (``git check-ignore``):
    otherwise one ``git add -A`` would commit members' personal data."""
    target = out.resolve()
    probe = next((p for p in (target, *target.parents) if p.is_dir()), None)
    top = _git(probe, "rev-parse", "--show-toplevel") if probe else None
    if top is None:
        return  # not in a work tree, or no git at all
    relative = target.relative_to(Path(top.strip()).resolve()).as_posix()
    if relative == "." or _git(Path(top.strip()), "check-ignore", "-q", "--", relative + "/") is None:
        raise UsageError(
            f"thư mục «{display_path(out)}» nằm trong kho git «{top.strip()}» mà git không bỏ qua: "
            "«git add -A» sẽ đưa dữ liệu cá nhân vào kho; thêm dòng "
            f"«/{relative}/» vào tệp .gitignore của kho, hoặc chọn thư mục ngoài kho")


def _git(folder: Path, *args: str) -> str | None:
    """Output of a git command run in ``folder``; None if it fails or git is missing."""
    try:
        done = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


# --- reading -------------------------------------------------------------------


def read_roster(path: Path) -> sheet.Table:
    """The roster's first sheet (XLSX) or its CSV rows, merged cells filled in."""
    if not path.is_file():
        raise UsageError(f"không tìm thấy tệp danh sách «{display_path(path)}»")
    if path.suffix.lower() not in sheet.SHEET_SUFFIXES + sheet.OTHER_SHEET_SUFFIXES:
        raise UsageError(f"tệp «{path.name}» không phải .csv hoặc .xlsx")
    try:
        table = sheet.read_table(path, formulas=False)  # a roster's formulas count by their results
    except sheet.SheetError as error:
        raise ContentError([Problem(display_path(path), error.row, error.column, error.message,
                                    error.hint)]) from None
    _fill_merged(table)
    return table


def _fill_merged(table: sheet.Table) -> None:
    """Give every cell of a merged range its top-left value.

    Offices merge the «Chi bộ» column down over a cell's members; each of
    those rows means that cell.
    """
    from openpyxl.utils.cell import range_boundaries  # openpyxl loads only where a sheet is read

    rows = dict(table.rows)
    for ref in table.merged:
        min_col, min_row, max_col, max_row = range_boundaries(ref)
        top = rows.get(min_row, [])
        value = top[min_col - 1] if min_col <= len(top) else None
        for number in range(min_row, max_row + 1):
            values = rows.get(number)
            if values is None:
                continue
            values.extend([None] * (max_col - len(values)))
            for column in range(min_col, max_col + 1):
                values[column - 1] = value


def _cell(value) -> object:
    """Strings NFC-normalised and trimmed; dates kept; empty as ""."""
    if value is None:
        return ""
    if isinstance(value, (date, datetime)):
        return value
    return sheet.text_of(value)


# --- checking ------------------------------------------------------------------


def check_rows(campaign: Campaign, unit: model.Unit, table: sheet.Table) -> list[Member]:
    """Members from the rows below the header; every bad row reported together."""
    found = sheet.find_header(table, HEADERS, "name")
    if found is None:
        raise ContentError([_problem(table, 1, 1, "không tìm thấy dòng tiêu đề có cột «Họ và tên»",
                                     f"dòng tiêu đề cần các cột: {COLUMNS_TEXT}")])
    index, columns = found
    cells = cells_under(campaign.project, unit)
    members, problems = [], []
    for number, values in table.rows[index + 1:]:
        if sheet.is_blank(values):
            continue
        row = Row(table, columns, number, [_cell(v) for v in values], problems)
        member = _member(campaign, unit, cells, row)
        if member:
            members.append(member)
    _duplicates(members, table, columns, problems)
    if problems:
        raise ContentError(problems)
    return members


def _problem(table: sheet.Table, row: int, column: int, message: str, hint: str) -> Problem:
    """A problem at a roster cell: file!sheet!B7 for XLSX, file:line:column for CSV."""
    cell = table.ref(row, column) if table.sheet is not None else ""
    return Problem(display_path(table.file), row, column, message, hint, cell=cell)


@dataclass
class Row:
    """One roster row being checked: its values by field, and where to report."""

    table: sheet.Table
    columns: dict[str, int]
    number: int
    values: list
    problems: list[Problem]

    def value(self, name: str):
        """The cell of field ``name`` ("" when the column is absent or the row short)."""
        index = self.columns.get(name)
        return self.values[index] if index is not None and index < len(self.values) else ""

    def problem(self, name: str, message: str, hint: str = "") -> None:
        """Record a problem at this row's cell of field ``name``."""
        self.problems.append(_problem(self.table, self.number, self.columns.get(name, 0) + 1,
                                      f"dòng {self.number}: {message}", hint))


def _duplicates(members: list[Member], table: sheet.Table, columns: dict[str, int],
                problems: list[Problem]) -> None:
    """The same person twice (same name, same birth date) would get two forms: an error."""
    seen: dict[tuple[str, str], int] = {}
    for member in members:
        key = (" ".join(fold(member.name).split()), member.birth)
        if key in seen:
            born = f" (sinh {member.birth})" if member.birth else ""
            problems.append(_problem(
                table, member.row, columns["name"] + 1,
                f"dòng {member.row}: «{member.name}»{born} trùng với dòng {seen[key]}",
                "xóa dòng thừa; nếu là hai người khác nhau, ghi ngày sinh đầy đủ để phân biệt"))
        else:
            seen[key] = member.row


def cells_under(project: model.Project, unit: model.Unit) -> list[model.Unit]:
    """The unit and every unit below it (where a member may meet)."""
    found, queue = [], [unit]
    while queue:
        current = queue.pop(0)
        found.append(current)
        queue.extend(project.units[c] for c in project.children.get(current.id, ()))
    return found


def _member(campaign, unit, cells, row: Row) -> Member | None:
    before = len(row.problems)
    name = str(row.value("name"))
    if not name:
        row.problem("name", "thiếu họ và tên", "điền họ và tên hoặc xóa dòng này")
    birth = _birth(row.value("birth"), row.problem)
    cell = _cell_unit(unit, cells, str(row.value("cell")), row.problem)
    kind = _kind(str(row.value("kind")), row.problem)
    form = _form(campaign, cell, kind, row.problem) if cell and kind else None
    if len(row.problems) > before or form is None:
        return None
    return Member(row.number, name, birth, cell, str(row.value("posts")), form)


def _birth(raw, problem) -> str:
    if raw in ("", None):
        return ""
    if isinstance(raw, datetime):
        raw = raw.date()
    if _YEAR.match(str(raw).strip()):
        return _birth_year(int(str(raw).strip()), problem)
    day = raw if isinstance(raw, date) else _parse_date(str(raw))
    if day is None:
        problem("birth", f"ngày sinh «{raw}» không tồn tại hoặc sai dạng", "viết ngày/tháng/năm, vd. 05/03/1968")
        return ""
    if not 1900 <= day.year <= date.today().year:
        problem("birth", f"ngày sinh «{vn_date(day)}» không hợp lý", "kiểm tra lại năm sinh")
        return ""
    return vn_date(day)


def _birth_year(year: int, problem) -> str:
    """A birth year alone («1988»), as many member lists keep it."""
    if not 1900 <= year <= date.today().year:
        problem("birth", f"năm sinh «{year}» không hợp lý", "kiểm tra lại năm sinh")
        return ""
    return str(year)


def _parse_date(text: str) -> date | None:
    match = _DATE.match(text.strip())
    if not match:
        return None
    d, m, y, iy, im, id_ = match.groups()
    try:
        return date(int(y), int(m), int(d)) if y else date(int(iy), int(im), int(id_))
    except ValueError:
        return None


def _cell_unit(unit, cells, raw: str, problem) -> model.Unit | None:
    if not raw:
        if len(cells) == 1:
            return unit
        problem("cell", "thiếu chi bộ", f"ghi tên hoặc mã chi bộ thuộc «{unit.name}»")
        return None
    match = match_unit(raw, cells, unit)
    if match.unit is None:
        problem("cell", match.message, match.hint)
    return match.unit


def _kind(raw: str, problem) -> str | None:
    key = fold(raw).strip(" .")
    for kind, words in KINDS.items():
        if key in words:
            return kind
    problem("kind", f"loại đảng viên «{raw}» không rõ",
            "ghi «lãnh đạo» (giữ chức vụ), «đảng viên» (không giữ chức vụ) hoặc «ngoài hệ thống» "
            "(hưu trí, học sinh, sinh viên, khu vực tư nhân)")
    return None


def _form(campaign: Campaign, cell: model.Unit, kind: str, problem) -> model.Form | None:
    for form in campaign.forms_of[cell.id]:
        if form.audience in (kind, "individual"):
            return form
    problem("kind", f"«{cell.name}» không dùng mẫu kiểm điểm cho đảng viên {KIND_NAMES[kind]}",
            "kiểm tra cột loại đảng viên, hoặc giao mẫu cho loại đơn vị này trong «forms» của kế hoạch")
    return None


# --- filling and writing ---------------------------------------------------------


def fill_members(campaign: Campaign, members: list[Member]) -> dict[str, bytes]:
    """File name -> DOCX for every member; one master per form used."""
    project, plan, schedules = campaign.project, campaign.plan, campaign.schedules
    masters: dict[str, object] = {}
    files: dict[str, bytes] = {}
    for number, member in enumerate(members, 1):
        form = member.form
        if form.id not in masters:
            masters[form.id] = build_master(form_spec(project.organisation.document_style, form, plan))
        values = unit_values(project, member.cell, plan, schedules, form)
        values |= {"member.name": member.name, "member.birth": member.birth,
                   "member.posts": member.posts, "member.cell": member.cell.name}
        files[f"{number:03d}-{_slug(member.name)}-{form.id}.docx"] = masters[form.id].fill(values)
    return files


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")[:60] or "dang-vien"


def write_private(files: dict[str, bytes], out: Path) -> None:
    """Write every file to a temporary folder beside ``out``, then swap it in.

    An existing ``out`` is replaced only when an earlier run made it (it holds
    the marker file); anything else the publisher keeps there is refused.
    """
    if out.exists() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise UsageError(f"thư mục «{display_path(out)}» đã có tệp khác; chọn một thư mục trống")
    out.parent.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(prefix=".sotay-forms-", dir=out.parent))
    try:
        for name, data in files.items():
            (temp / name).write_bytes(data)
        (temp / MARKER).write_text("Tạo bởi «sotay forms»; thư mục riêng, không đưa lên trang web.\n",
                                   encoding="utf-8")
        _swap(temp, out)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise


def _swap(temp: Path, out: Path) -> None:
    old = None
    if out.exists():
        old = out.with_name(f"{temp.name}-cu")
        out.rename(old)
    temp.rename(out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
