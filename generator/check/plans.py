"""Checks of campaign plans: references, and the dates of the schedule steps.

Date rules (each a content error unless noted):
- a step starts on or before its deadline;
- a deadline is on or after the deadline of the work it closes (``after``);
- a lower level's deadline is no later than its parent level's (``within``);
- every date lies within the campaign's window (the year and its first quarter after);
- a deadline on a Sunday or a public holiday is a warning.
"""

from __future__ import annotations

from datetime import date

from generator import model
from generator.workdays import day_off_reason, vn_date


d = vn_date  # short name: these messages quote many dates


def plan_window(plan: model.Plan) -> tuple[date, date]:
    """Dates a plan may use: its window, or the year plus the next first quarter."""
    if plan.window:
        return plan.window.start, plan.window.end
    return date(plan.year, 1, 1), date(plan.year + 1, 3, 31)


def check_plan_references(project: model.Project, checker) -> None:
    """Issuer, basis, kinds, forms and overrides name things that exist."""
    for plan in project.plans.values():
        checker.reference(plan, ("issuer",), plan.issuer, project.units, "đơn vị")
        for index, basis in enumerate(plan.basis):
            if checker.reference(plan, ("basis", index), basis, project.directives, "văn bản"):
                _warn_superseded(project, checker, plan, index, basis)
        for index, kind in enumerate(plan.plan_kinds or ()):
            checker.reference(plan, ("plan_kinds", index), kind, project.kinds, "loại đơn vị")
        for index, assignment in enumerate(plan.forms):
            for k, kind in enumerate(assignment.kinds):
                checker.reference(plan, ("forms", index, "kinds", k), kind, project.kinds, "loại đơn vị")
            for f, form in enumerate(assignment.forms):
                checker.reference(plan, ("forms", index, "forms", f), form, project.forms, "biểu mẫu")
        steps = [step.id for step in plan.schedule.steps]
        for index, override in enumerate(plan.overrides):
            checker.reference(plan, ("overrides", index, "unit"), override.unit, project.units, "đơn vị")
            checker.reference(plan, ("overrides", index, "step"), override.step, steps, "bước")


def _warn_superseded(project, checker, plan: model.Plan, index: int, basis: str) -> None:
    newer = [x.symbol for x in project.directives.values() if basis in x.supersedes]
    if newer:
        checker.at(plan, ("basis", index), f"văn bản căn cứ «{basis}» đã bị thay thế bởi {', '.join(newer)}",
                   "căn cứ văn bản còn hiệu lực", severity="warning")


def check_steps(project: model.Project, checker) -> None:
    """Step ids, levels and the links between steps."""
    for plan in project.plans.values():
        by_id: dict[str, model.Step] = {}
        for index, step in enumerate(plan.schedule.steps):
            path = ("schedule", "steps", index)
            if step.id in by_id:
                checker.at(plan, path + ("id",), f"mã bước «{step.id}» bị trùng", "đặt một mã khác")
            by_id.setdefault(step.id, step)
            checker.reference(plan, path + ("level",), step.level, project.levels, "cấp")
        for index, step in enumerate(plan.schedule.steps):
            path = ("schedule", "steps", index)
            checker.reference(plan, path + ("after",), step.after, by_id, "bước")
            if checker.reference(plan, path + ("within",), step.within, by_id, "bước") and step.within:
                _check_within_level(project, checker, plan, path, step, by_id[step.within])


def _check_within_level(project, checker, plan, path, step, parent) -> None:
    if step.level not in project.levels or parent.level not in project.levels:
        return
    if project.level_index(parent.level) >= project.level_index(step.level):
        checker.at(plan, path + ("within",), f"bước «{parent.id}» không thuộc cấp trên của bước «{step.id}»",
                   "«within» phải chỉ tới một bước của cấp cao hơn")


def check_step_dates(project: model.Project, checker) -> None:
    """The date rules of the module docstring, on the steps as written."""
    for plan in project.plans.values():
        by_id = {step.id: step for step in plan.schedule.steps}
        for index, step in enumerate(plan.schedule.steps):
            path = ("schedule", "steps", index)
            parent = by_id.get(step.within)
            if parent and not _is_higher(project, parent, step):
                parent = None  # check_steps reports the wrong «within»; its dates mean nothing
            check_dates(checker, plan, path, step, by_id.get(step.after), parent)


def _is_higher(project: model.Project, parent: model.Step, step: model.Step) -> bool:
    levels = project.levels
    return (parent.level in levels and step.level in levels
            and project.level_index(parent.level) < project.level_index(step.level))


def check_dates(checker, plan: model.Plan, path: tuple, step, closes, parent) -> None:
    """Check one step's dates (as written or as derived for a unit).

    ``closes`` is the step whose work this deadline closes, ``parent`` the
    parent level's step it must finish before; either may be None.
    """
    start, end = getattr(step, "start", None), step.end
    if not model.is_real_date(end):
        return  # its own error says the date does not exist; comparing it would mislead
    closes = closes if closes and model.is_real_date(closes.end) else None
    parent = parent if parent and model.is_real_date(parent.end) else None
    if model.is_real_date(start) and start > end:
        checker.at(plan, path + ("start",), f"bước «{step.id}» bắt đầu {d(start)} sau hạn {d(end)}",
                   "ngày bắt đầu phải trước hoặc bằng hạn hoàn thành")
    if closes and end < closes.end:
        hint = _next_year_hint(plan, end, closes.end)
        checker.at(plan, path + ("end",), f"hạn {d(end)} của bước «{step.id}» sớm hơn hạn {d(closes.end)} "
                   f"của bước «{closes.id}» mà nó khép lại", hint)
    if parent and end > parent.end:
        checker.at(plan, path + ("end",), f"hạn {d(end)} của bước «{step.id}» muộn hơn hạn {d(parent.end)} "
                   f"của cấp trên (bước «{parent.id}»)", "cấp dưới phải hoàn thành trước cấp trên")
    _check_window(checker, plan, path, step)
    reason = day_off_reason(end)
    if reason:
        checker.at(plan, path + ("end",), f"hạn {d(end)} của bước «{step.id}» rơi vào {reason}",
                   "nên chọn một ngày làm việc", severity="warning")


def _next_year_hint(plan: model.Plan, end: date, closed: date) -> str:
    """Suggest the same day a year later when that fixes the order (a typo'd year, as
    in the seed's "10/1/2022") and stays inside the campaign window."""
    try:
        later = end.replace(year=end.year + 1)
    except ValueError:  # 29 February
        return "sửa lại ngày"
    first, last = plan_window(plan)
    if closed <= later and first <= later <= last:
        return f"có thể là {d(later)}?"
    return "sửa lại ngày"


def _check_window(checker, plan: model.Plan, path: tuple, step) -> None:
    first, last = plan_window(plan)
    if not (model.is_real_date(first) and model.is_real_date(last)):
        return
    for key in ("start", "end"):
        day = getattr(step, key, None)
        if model.is_real_date(day) and not first <= day <= last:
            checker.at(plan, path + (key,), f"ngày {d(day)} nằm ngoài thời gian của đợt kiểm điểm năm "
                       f"{plan.year} ({d(first)} – {d(last)})", "kiểm tra lại năm của ngày này")


RULES = [check_plan_references, check_steps, check_step_dates]
