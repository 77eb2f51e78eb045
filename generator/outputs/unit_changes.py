"""What changed for a unit, in words: from the publication history and the directives in force.

Shared by the unit pages and the changes pages, so both say a moved deadline
the same way. Every line is plain text (the templates escape it).
"""

from __future__ import annotations

from generator.campaign.changes import span
from generator.campaign.history import UnitChange, local_day
from generator.outputs import paths
from generator.workdays import vn_date


def unit_changes(campaign, unit_id: str, page: str) -> list[dict]:
    """The unit's changes, newest first: {date, title, link, lines} each."""
    found = [{"date": local_day(at), "title": _title(change), "link": "", "lines": change_lines(change)}
             for at, change in (campaign.history.of_unit(unit_id) if campaign.history else ())]
    found += [{"date": note.date, "title": note.title, "note": note.note, "lines": [note.note],
               "link": paths.relative(page, paths.directive_page(note.directive_id))}
              for note in campaign.notes.get(unit_id, ())]
    return sorted(found, key=lambda item: item["date"], reverse=True)


def _title(change: UnitChange) -> str:
    only_results = change.results and not (change.dates or change.forms_added or change.forms_removed
                                           or change.forms_renamed or change.plan_sections or change.old_name)
    return "Kết quả kiểm điểm" if only_results and change.status == "changed" else "Cập nhật kế hoạch và lịch"


def change_lines(change: UnitChange) -> list[str]:
    """One sentence per thing that changed for the unit."""
    lines = []
    if change.status == "added":
        lines.append("Đơn vị mới có trong kế hoạch.")
    elif change.status == "removed":
        lines.append("Đơn vị không còn trong kế hoạch.")
    if change.old_name:
        lines.append(f"Đổi tên: «{change.old_name}» thành «{change.name}».")
    if change.status == "changed":
        lines += [_date_line(d.title, d.old, d.new) for d in change.dates]
    lines += [f"Thêm biểu mẫu {code}: {title}." for _, code, title in change.forms_added]
    lines += [f"Bỏ biểu mẫu {code}: {title}." for _, code, title in change.forms_removed]
    lines += [f"Biểu mẫu {old[0]} «{old[1]}» nay là {new[0]} «{new[1]}»." for _, old, new in change.forms_renamed]
    if change.plan_sections and change.status == "changed":
        lines.append("Kế hoạch của đơn vị sửa ở: " + "; ".join(change.plan_sections) + ".")
    if change.status != "removed":
        lines += list(change.results)  # received, withdrawn, counts by level: figures only
    return lines


def _date_line(title: str, old, new) -> str:
    if old is None:
        return f"Thêm mốc «{title}»: {span(new)}."
    if new is None:
        return f"Bỏ mốc «{title}» ({span(old)})."
    if old[0] == new[0]:
        return f"Hạn «{title}» dời từ {vn_date(old[1])} sang {vn_date(new[1])}."
    return f"Thời gian «{title}» đổi: {span(old)} → {span(new)}."
