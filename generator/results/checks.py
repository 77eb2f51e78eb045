"""Rules over the returned reports; every problem, located, all at once.

Errors: the sheet is for another unit or campaign, a cell not in the tree
(or not under the unit), a missing cell, counts that do not add up, a level
the rule set lacks, points outside the level's band, the cap on excellent
members (per cell) and cells (per organisation), the publisher's local rules.
Warnings: a late or missing report, a member count that differs from the
tree, the organisations' own proposals above the cap (the district decides).
A report the publisher has returned to its unit has its problems downgraded
to warnings and stays out of the totals.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from generator import model
from generator.workdays import vn_date
from generator.errors import WARNING, Problem
from generator.results.settings import RuleView
from generator.results.sheet import rated_cells, reporting_units
from generator.results.values import Loc, Report, Row

ON_TIME, LATE, MISSING, RETURNED, UNDATED = "on-time", "late", "missing", "returned", "undated"


@dataclass(frozen=True)
class Status:
    """Where one reporting unit stands: its report (if any), deadline and state."""

    unit_id: str
    deadline: date | None
    received: date | None
    state: str
    file: str = ""


def check_report(project: model.Project, plan: model.Plan, rules: RuleView, report: Report) -> list[Problem]:
    """Every problem of one report (whose unit and plan are checked first)."""
    problems = _identity(project, plan, report)
    if problems:
        return problems  # rows of a sheet made for another unit would only cascade
    unit = project.units[report.unit_id]
    problems += _proposed(rules, report)
    cells = {cell.id: cell for cell in rated_cells(project, unit)}
    seen: set[str] = set()
    for row in report.rows:
        problems += check_row(project, unit, cells, rules, row, seen)
    for missing in [c for c in cells.values() if c.id not in seen]:
        problems.append(report.loc("cells").problem(
            f"thiếu dòng của «{missing.name}» ({missing.id})", "thêm dòng của chi bộ này vào bảng kết quả"))
    problems += organisation_cap(unit, rules, report.rows)
    return problems


def _identity(project, plan, report: Report) -> list[Problem]:
    reporters = {u.id for u in reporting_units(project)}
    if report.plan_id != plan.id:
        return [report.loc("plan").problem(
            f"bảng kết quả làm cho đợt «{report.plan_id}», không phải đợt hiện hành «{plan.id}»",
            "tải bảng kết quả của đợt này trên trang web và điền lại")]
    if report.unit_id not in reporters:
        where = "không có trong cây đơn vị" if report.unit_id not in project.units else \
            f"không báo cáo trực tiếp lên «{project.publisher.name}»"
        return [report.loc("unit").problem(f"bảng kết quả của đơn vị «{report.unit_id}» {where}",
                                           "dùng đúng bảng kết quả đã phát cho đơn vị")]
    return []


def _proposed(rules: RuleView, report: Report) -> list[Problem]:
    if report.proposed is None:
        return [report.loc("proposed").problem("chưa ghi mức đơn vị tự đề xuất xếp loại",
                                               "chọn một mức: " + ", ".join(l.short for l in rules.levels))]
    return _level_known(rules, report.proposed, report.loc("proposed"))


def _level_known(rules: RuleView, level: str, loc: Loc) -> list[Problem]:
    if rules.level(level):
        return []
    return [loc.problem(f"mức «{level}» không có trong bộ quy định của đợt này",
                        "chọn một mức: " + ", ".join(l.short for l in rules.levels))]


def check_row(project, unit, cells, rules: RuleView, row: Row, seen: set[str]) -> list[Problem]:
    """Problems of one cell's row: tree, counts, level, points, caps, local rules."""
    if row.unit_id not in cells:
        known = row.unit_id in project.units
        why = f"không thuộc «{unit.name}»" if known else "không có trong cây đơn vị"
        return [row.loc("unit").problem(f"chi bộ «{row.unit_id}» {why}", "sửa mã chi bộ hoặc xóa dòng")]
    if row.unit_id in seen:
        return [row.loc("unit").problem(f"chi bộ «{row.unit_id}» có hai dòng", "gộp hoặc xóa một dòng")]
    seen.add(row.unit_id)
    problems = [] if row.broken else counts_add_up(cells[row.unit_id], rules, row)
    if row.level is None:
        problems.append(row.loc("level").problem("chưa xếp loại chi bộ", "chọn mức xếp loại của chi bộ"))
    else:
        problems += _level_known(rules, row.level, row.loc("level")) + _points_band(rules, row)
    if not row.broken:
        problems += member_cap(unit.id, rules, row) + local_rules(rules, row)
    return problems


def counts_add_up(cell: model.Unit, rules: RuleView, row: Row) -> list[Problem]:
    """Rated + not rated = members; nobody not to be rated is rated."""
    members = row.counts.get("members", 0)
    rated = row.rated(rules.level_ids)
    not_rated = sum(row.counts.get(key, 0) for key in rules.not_rated)
    problems = []
    if rated + not_rated != members:
        names = "; ".join(rules.not_rated_label(k).lower() for k in rules.not_rated)
        extra = " — có đảng viên thuộc diện không xếp loại đã được xếp loại" if rated > members - not_rated else ""
        problems.append(row.loc("members").problem(
            f"«{cell.name}»: {rated} được xếp loại + {not_rated} không xếp loại ({names}) = "
            f"{rated + not_rated}, khác tổng số {members} đảng viên{extra}",
            "sửa các số để được xếp loại + không xếp loại = tổng số"))
    if cell.members and members != cell.members.total and not problems:
        problems.append(row.loc("members").problem(
            f"«{cell.name}» có {members} đảng viên, danh sách đơn vị ghi {cell.members.total}",
            "cập nhật content/units nếu số đảng viên đã thay đổi", WARNING))
    return problems


def _points_band(rules: RuleView, row: Row) -> list[Problem]:
    level = rules.level(row.level)
    if not rules.scoring:
        return []
    if row.points is None:
        return [row.loc("points").problem("thiếu điểm của chi bộ", "ghi điểm (thang 100)")]
    low, high = level.min_points, level.max_points
    if (low is not None and row.points < low) or (high is not None and row.points >= high):
        band = f"từ {low:g}" + (f" đến dưới {high:g}" if high is not None else "")
        return [row.loc("points").problem(f"{row.points:g} điểm không thuộc mức «{level.short}» ({band} điểm)",
                                          "sửa điểm hoặc mức xếp loại")]
    return []


def within_cap(top: int, base: int, percent: float) -> bool:
    """``top`` ≤ ``percent`` % of ``base`` (exactly, no rounding up)."""
    return top * 100 <= percent * base


def member_cap(unit_id: str, rules: RuleView, row: Row) -> list[Problem]:
    """Members rated excellent in a cell within the cap of those at the denominator levels.

    ``unit_id`` is the reporting organisation: a raised cap allowed to it
    (or to the cell itself) applies to its cells.
    """
    top = row.counts.get(rules.top, 0)
    base = row.rated(rules.cap.denominator)
    percent = max(rules.cap_percent(unit_id), rules.cap_percent(row.unit_id))
    if top and not within_cap(top, base, percent):
        return [row.loc(rules.top).problem(
            f"{top} đảng viên {rules.level(rules.top).short.lower()} vượt {percent:g}% của {base} đảng viên "
            f"mức {_denominator(rules)} (tối đa {int(percent * base // 100)})",
            "giảm số đảng viên mức cao nhất hoặc kiểm tra lại số liệu")]
    return []


def _denominator(rules: RuleView) -> str:
    return " + ".join(rules.level(l).short.lower() if rules.level(l) else l for l in rules.cap.denominator)


def organisation_cap(unit: model.Unit, rules: RuleView, rows) -> list[Problem]:
    """Cells rated excellent within an organisation, within the cap."""
    top_rows = [row for row in rows if row.level == rules.top]
    base = sum(1 for row in rows if row.level in rules.cap.denominator)
    percent = rules.cap_percent(unit.id)
    if len(rows) < 2 or not top_rows or within_cap(len(top_rows), base, percent):
        return []
    return [top_rows[-1].loc("level").problem(
        f"«{unit.name}» có {len(top_rows)} chi bộ {rules.level(rules.top).short.lower()}, vượt {percent:g}% "
        f"của {base} chi bộ mức {_denominator(rules)}", "xem lại xếp loại các chi bộ")]


def local_rules(rules: RuleView, row: Row) -> list[Problem]:
    """The publisher's own rules, as declared in the settings."""
    problems = []
    for rule in rules.local_rules:
        value = row.counts.get(rule.id, 0)
        if value > rule.max and row.level not in rule.unless_cell_level:
            problems.append(row.loc(rule.id).problem(
                f"quy định riêng «{rule.id}»: {value} trường hợp, tối đa {rule.max} khi chi bộ không đạt mức "
                + ", ".join(rules.level(l).short if rules.level(l) else l for l in rule.unless_cell_level),
                rule.title))
    return problems


def status(unit: model.Unit, deadline: date | None, report: Report | None, returned: bool) -> Status:
    """The unit's reporting state against its own deadline."""
    if report is None:
        return Status(unit.id, deadline, None, MISSING)
    if returned:
        state = RETURNED
    elif report.received is None or deadline is None:
        state = UNDATED if report.received is None else ON_TIME
    else:
        state = ON_TIME if report.received <= deadline else LATE
    return Status(unit.id, deadline, report.received, state, report.file)


def timeliness(unit: model.Unit, state: Status, where: Loc) -> list[Problem]:
    """Warnings for a late, undated or missing report."""
    deadline = vn_date(state.deadline) if state.deadline else "chưa có hạn"
    if state.state == MISSING:
        return [where.problem(f"chưa nhận báo cáo kết quả của «{unit.name}» (hạn {deadline})",
                              "đôn đốc đơn vị gửi bảng kết quả", WARNING)]
    if state.state == LATE:
        return [where.problem(f"«{unit.name}» gửi báo cáo ngày {vn_date(state.received)}, trễ hạn {deadline}",
                              "ghi nhận báo cáo trễ hạn", WARNING)]
    if state.state == UNDATED:
        return [where.problem(f"báo cáo của «{unit.name}» không ghi ngày gửi", "ghi ngày gửi báo cáo", WARNING)]
    return []


def district_cap(rules: RuleView, reports, where: Loc) -> list[Problem]:
    """The organisations' own proposals against the cap: a warning, the district decides."""
    top = sum(1 for r in reports if r.proposed == rules.top)
    base = sum(1 for r in reports if r.proposed in rules.cap.denominator)
    if top and not within_cap(top, base, rules.cap.percent):
        return [where.problem(f"{top} tổ chức cơ sở tự đề xuất mức {rules.level(rules.top).short.lower()}, vượt "
                              f"{rules.cap.percent:g}% của {base} tổ chức mức {_denominator(rules)}",
                              "Ban Thường vụ xem xét khi quyết định xếp loại", WARNING)]
    return []
