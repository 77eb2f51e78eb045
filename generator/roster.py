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

import csv
import re
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from generator import model
from generator.errors import ContentError, Problem, UsageError, display_path
from generator.outputs.form_spec import form_spec, unit_values
from generator.render_docx import build_master
from generator.campaign import Campaign
from generator.site.search_index import fold
from generator.outputs.templating import vn_date

MARKER = ".sotay-forms"
#: Roster columns by field; headers are matched accent-free, case-free.
HEADERS = {
    "name": ("ho va ten", "ho ten", "ten dang vien"),
    "birth": ("ngay sinh", "ngay thang nam sinh"),
    "cell": ("chi bo", "chi bo sinh hoat", "sinh hoat tai chi bo", "ma chi bo"),
    "posts": ("chuc vu", "chuc vu dang", "chuc vu hien nay"),
    "kind": ("loai", "loai dang vien", "doi tuong", "mau"),
}
#: Member types as publishers write them (accent-free) -> form audience.
KINDS = {
    "leader": ("lanh dao", "lanh dao quan ly", "giu chuc vu", "co chuc vu", "2a", "mau 2a"),
    "member": ("", "dang vien", "khong", "khong giu chuc vu", "binh thuong", "2b", "mau 2b"),
    "outside": ("ngoai he thong", "ngoai he thong chinh tri", "huu tri", "nghi huu", "hoc sinh",
                "sinh vien", "tu nhan", "khu vuc tu nhan", "2c", "mau 2c"),
}
KIND_NAMES = {"leader": "giữ chức vụ lãnh đạo, quản lý", "member": "không giữ chức vụ",
              "outside": "ngoài hệ thống chính trị"}
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
    if unit_id not in project.units:
        raise UsageError(f"không có đơn vị mã «{unit_id}»")
    rows = read_rows(roster)
    members = check_rows(campaign, project.units[unit_id], rows, roster)
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


# --- reading -------------------------------------------------------------------


def read_rows(path: Path) -> list[tuple[int, list[str]]]:
    """(row number, NFC cells) of a CSV or XLSX roster, blank rows left out."""
    if not path.is_file():
        raise UsageError(f"không tìm thấy tệp danh sách «{display_path(path)}»")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        rows = _csv_rows(path)
    elif suffix in (".xlsx", ".xlsm"):
        rows = _xlsx_rows(path)
    else:
        raise UsageError(f"tệp «{path.name}» không phải .csv hoặc .xlsx")
    return [(number, [_cell(v) for v in cells]) for number, cells in rows
            if any(_cell(v) for v in cells)]


def _csv_rows(path: Path) -> list[tuple[int, list]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise UsageError(f"tệp «{path.name}» không mã hóa UTF-8; lưu lại dạng «CSV UTF-8»") from error
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [(number, cells) for number, cells in enumerate(csv.reader(text.splitlines(), dialect), 1)]


def _xlsx_rows(path: Path) -> list[tuple[int, list]]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a broken file
        raise UsageError(f"không đọc được tệp Excel «{path.name}»: {error}") from error
    try:
        sheet = book.worksheets[0]
        return [(number, list(cells)) for number, cells in
                enumerate(sheet.iter_rows(values_only=True), 1)]
    finally:
        book.close()


def _cell(value) -> object:
    """Strings NFC-normalised and trimmed; dates kept; empty as ""."""
    if value is None:
        return ""
    if isinstance(value, (date, datetime)):
        return value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(unicodedata.normalize("NFC", str(value)).split())


# --- checking ------------------------------------------------------------------


def check_rows(campaign: Campaign, unit: model.Unit, rows, roster: Path) -> list[Member]:
    """Members from the rows; every bad row reported together as a ContentError."""
    project = campaign.project
    file = display_path(roster)
    if not rows:
        raise ContentError([Problem(file, 0, 0, "danh sách không có dòng nào",
                                    "dòng đầu là tiêu đề cột, mỗi dòng sau là một đảng viên")])
    header_row, header = rows[0]
    columns = _columns(header)
    if "name" not in columns:
        raise ContentError([Problem(file, header_row, 1, "không có cột «Họ và tên»",
                                    "dòng đầu phải có các cột: Họ và tên, Ngày sinh, Chi bộ, "
                                    "Chức vụ, Loại")])
    cells = cells_under(project, unit)
    members, problems = [], []
    for number, values in rows[1:]:
        member = _member(campaign, unit, cells, columns, number, values, file, problems)
        if member:
            members.append(member)
    if problems:
        raise ContentError(problems)
    return members


def _columns(header: list) -> dict[str, int]:
    found = {}
    for index, title in enumerate(header):
        key = fold(str(title)).strip(" :*")
        for name, titles in HEADERS.items():
            if key in titles and name not in found:
                found[name] = index
    return found


def cells_under(project: model.Project, unit: model.Unit) -> list[model.Unit]:
    """The unit and every unit below it (where a member may meet)."""
    found, queue = [], [unit]
    while queue:
        current = queue.pop(0)
        found.append(current)
        queue.extend(project.units[c] for c in project.children.get(current.id, ()))
    return found


def _member(campaign, unit, cells, columns, number, values, file, problems) -> Member | None:
    def value(name: str):
        index = columns.get(name)
        return values[index] if index is not None and index < len(values) else ""

    def problem(name: str, message: str, hint: str = "") -> None:
        problems.append(Problem(file, number, columns.get(name, 0) + 1, f"dòng {number}: {message}", hint))

    before = len(problems)
    name = str(value("name"))
    if not name:
        problem("name", "thiếu họ và tên", "điền họ và tên hoặc xóa dòng này")
    birth = _birth(value("birth"), problem)
    cell = _cell_unit(unit, cells, str(value("cell")), problem)
    kind = _kind(str(value("kind")), problem)
    form = _form(campaign, cell, kind, problem) if cell and kind else None
    if len(problems) > before or form is None:
        return None
    return Member(number, name, birth, cell, str(value("posts")), form)


def _birth(raw, problem) -> str:
    if raw in ("", None):
        return ""
    if isinstance(raw, datetime):
        raw = raw.date()
    day = raw if isinstance(raw, date) else _parse_date(str(raw))
    if day is None:
        problem("birth", f"ngày sinh «{raw}» không tồn tại hoặc sai dạng", "viết ngày/tháng/năm, vd. 05/03/1968")
        return ""
    if not 1900 <= day.year <= date.today().year:
        problem("birth", f"ngày sinh «{vn_date(day)}» không hợp lý", "kiểm tra lại năm sinh")
        return ""
    return vn_date(day)


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
    wanted = fold(raw)
    for cell in cells:
        if raw == cell.id or wanted == fold(cell.name):
            return cell
    problem("cell", f"không có chi bộ «{raw}» trong «{unit.name}»",
            "ghi đúng tên hoặc mã chi bộ, vd. «" + cells[-1].name + "»")
    return None


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
