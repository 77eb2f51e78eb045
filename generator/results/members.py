"""Member-level results: private lists of each cell's members by level.

``sotay members --list FILE --unit ID --out DIR`` reads a member list (CSV or
XLSX: name, cell, not-rated category, level, post), checks every row (an
exempt member rated, a member to be rated left unrated, an unknown level or
cell, the local rules) and writes one DOCX per cell into ``DIR`` only: the
same private handling as rosters (:mod:`generator.roster`): never into
``site/``, ``build/``, ``content/`` or the cache.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator import model
from generator.errors import ContentError, Problem, UsageError, display_path
from generator.outputs.plan_document import docx_style
from generator.render_docx import Cell, DocSpec, Heading, PartyHeader, Summary, Table, Title, render
from generator.results.read import level_id
from generator.results.settings import RuleView
from generator.roster import cells_under, read_roster, refuse_public_out, refuse_tracked_out, write_private
from generator.site.search_index import fold

HEADERS = {"name": ("ho va ten", "ho ten"), "cell": ("chi bo", "ma chi bo"),
           "status": ("dien", "dien khong xep loai", "khong xep loai"),
           "level": ("xep loai", "muc xep loai"), "post": ("chuc vu", "chuc vu dang")}
#: Not-rated categories as written in the list (accent-free).
STATUS_WORDS = {"exempt": ("mien", "mien cong tac", "mien sinh hoat", "mien cong tac va sinh hoat"),
                "suspended": ("dinh chi", "dinh chi sinh hoat"),
                "new": ("moi ket nap", "ket nap duoi 6 thang", "du bi moi")}


@dataclass(frozen=True)
class Member:
    name: str
    cell: model.Unit
    level: str | None
    post: str


def member_lists(project: model.Project, plan: model.Plan, rules: RuleView, path: Path, unit_id: str,
                 out: Path, protected: list[Path]) -> list[str]:
    """Check the list and write one DOCX per cell into ``out``; returns the file names."""
    refuse_public_out(out, protected)
    refuse_tracked_out(out)
    if unit_id not in project.units:
        raise UsageError(f"không có đơn vị mã «{unit_id}»")
    members = check_members(project, rules, project.units[unit_id], read_roster(path))
    files = {}
    for cell in cells_under(project, project.units[unit_id]):
        mine = [m for m in members if m.cell.id == cell.id]
        if mine:
            files[f"danh-sach-xep-loai-{cell.id}.docx"] = render(list_spec(project, plan, rules, cell, mine))
    write_private(files, out)
    return sorted(files)


def check_members(project, rules: RuleView, unit: model.Unit, table) -> list[Member]:
    """Members from the table's rows (a :class:`generator.load.sheet.Table`); every bad row reported together."""
    shown = display_path(table.file)
    rows = [(n, ["" if v is None else " ".join(str(v).split()) for v in values]) for n, values in table.rows
            if any(v not in (None, "") for v in values)]
    if not rows:
        raise ContentError([Problem(shown, 0, 0, "danh sách không có dòng nào", "dòng đầu là tiêu đề cột")])
    header_row, header = rows[0]
    columns = {name: i for i, title in enumerate(header) for name, titles in HEADERS.items()
               if fold(str(title)).strip(" :*") in titles}
    if "name" not in columns or "level" not in columns:
        raise ContentError([Problem(shown, header_row, 1, "thiếu cột «Họ và tên» hoặc «Xếp loại»",
                                    "dòng đầu: Họ và tên, Chi bộ, Diện không xếp loại, Xếp loại, Chức vụ")])
    cells = {c.id: c for c in cells_under(project, unit)} | {fold(c.name): c for c in cells_under(project, unit)}
    problems: list[Problem] = []
    members = [m for number, values in rows[1:]
               if (m := _member(rules, cells, columns, number, values, table, problems))]
    if problems:
        raise ContentError(problems)
    return members


def _member(rules, cells, columns, number, values, table, problems) -> Member | None:
    def value(key: str) -> str:
        index = columns.get(key)
        return str(values[index]) if index is not None and index < len(values) else ""

    def problem(key: str, message: str, hint: str) -> None:
        column = columns.get(key, 0) + 1
        cell = table.ref(number, column) if table.sheet is not None else ""
        problems.append(Problem(display_path(table.file), number, column, f"dòng {number}: {message}", hint, cell=cell))

    before = len(problems)
    cell = cells.get(value("cell")) or cells.get(fold(value("cell")))
    if cell is None:
        problem("cell", f"không có chi bộ «{value('cell')}»", "ghi đúng tên hoặc mã chi bộ")
    status = next((key for key, words in STATUS_WORDS.items() if fold(value("status")) in words), None)
    level = level_id(rules, value("level"))
    if status and status not in rules.not_rated:
        status = None
    if status and level:
        problem("level", "đảng viên thuộc diện không xếp loại nhưng đã được xếp loại", "xóa mức xếp loại")
    elif not status and not level:
        problem("level", "chưa có mức xếp loại", "ghi mức xếp loại hoặc diện không xếp loại")
    elif level and not rules.level(level):
        problem("level", f"mức «{level}» không có trong bộ quy định", "chọn: " + ", ".join(l.short for l in rules.levels))
    if len(problems) > before:
        return None
    return Member(value("name"), cell, level, value("post"))


def list_spec(project, plan: model.Plan, rules: RuleView, cell: model.Unit, members: list[Member]) -> DocSpec:
    """The cell's list of members by level, in the Party layout."""
    style = docx_style(project.organisation.document_style)
    parent = project.units.get(cell.parent or "")
    header = PartyHeader(issuer=cell.issuing_body, superior=parent.issuing_body if parent else "")
    width = style.text_width_mm
    blocks = [Title("DANH SÁCH"), Summary(f"Đảng viên theo mức xếp loại chất lượng năm {plan.year}")]
    for level in rules.levels:
        rows = [(Cell(str(n), align="center"), Cell(m.name), Cell(m.post))
                for n, m in enumerate((m for m in members if m.level == level.id), 1)]
        if rows:
            blocks += [Heading(f"{level.name} ({len(rows)})", level=2),
                       Table((round(width * 0.1, 1), round(width * 0.5, 1), round(width * 0.4, 1)),
                             (("STT", "Họ và tên", "Chức vụ"),), tuple(rows))]
    return DocSpec(title=f"Danh sách xếp loại {cell.name}", date=plan.date, blocks=tuple(blocks),
                   header=header, style=style)
