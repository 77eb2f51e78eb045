"""The statistics workbook for the upper level: one sheet per table of the summary."""

from __future__ import annotations

from generator.workdays import vn_date
from generator.results.labels import STATES
from generator.results.summary import Line, Summary
from generator.outputs.xlsx import append_texts, workbook_bytes


def level_header(summary: Summary, first: str) -> list[str]:
    """Header of a table by level: members, not rated, then the levels (members, cells)."""
    return ([first, "Tổng số đảng viên", "Không xếp loại"] + [f"Đảng viên {l}" for l in summary.levels]
            + [f"Chi bộ {l}" for l in summary.levels])


def level_cells(line: Line) -> list[object]:
    return [line.label, line.members, line.not_rated, *line.rated, *line.cells]


def stats_bytes(summary: Summary) -> bytes:
    """The workbook: totals, by category, by organisation, reporting progress."""
    import openpyxl
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    sheets = [
        ("Tổng hợp", level_header(summary, "Đảng bộ"), [level_cells(summary.total)]),
        ("Theo loại hình", level_header(summary, "Loại hình"), [level_cells(x) for x in summary.by_category]),
        ("Theo tổ chức cơ sở", level_header(summary, "Tổ chức cơ sở") + ["Tự đề xuất", "Tình trạng báo cáo"],
         [level_cells(x) + [x.proposed, STATES[x.state]] for x in summary.by_organisation]),
        ("Tiến độ báo cáo", ["Tổ chức cơ sở", "Hạn", "Ngày gửi", "Tình trạng"],
         [[line.label, _day(s.deadline), _day(s.received), STATES[s.state]]
          for line, s in zip(summary.by_organisation, summary.progress)]),
    ]
    book.remove(book.active)
    for title, header, rows in sheets:
        sheet = book.create_sheet(title)
        append_texts(sheet, [f"{title.upper()} — KẾT QUẢ XẾP LOẠI NĂM {summary.year}, {summary.publisher.upper()}"])
        append_texts(sheet, header)
        for cell in sheet[1] + sheet[2]:
            cell.font = Font(bold=True)
        for row in rows:
            append_texts(sheet, row)
        sheet.column_dimensions["A"].width = 40
    return workbook_bytes(book)


def _day(value) -> str:
    return vn_date(value) if value else ""
