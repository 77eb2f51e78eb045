"""Check the dates each unit derives from the campaign plan (cascade and overrides).

Dates as written in the plan are checked by :mod:`generator.check.plans`;
here every unit's own schedule (:func:`generator.campaign.schedule.derive`)
goes through the same date rules, each problem reported at the override or
cascaded step that caused it, once, naming the unit.
"""

from __future__ import annotations

from generator import model
from generator.campaign.schedule import CASCADE, PLAN, UnitStep, current_plan, written_step
from generator.check import plans as plans_check
from generator.check.checker import Checker



class _UnitChecker:
    """Names the unit in every message of the shared date rules; says each thing once.

    A problem caused by one override can show in many units (a parent's
    override moves every child's dates): the same message at the same place
    is recorded for the first unit only.
    """

    def __init__(self, checker: Checker, seen: set):
        self.checker, self.seen, self.unit, self.count = checker, seen, None, 0

    def at(self, obj, path, message, hint="", severity="error", at_key=False):
        key = (tuple(path), message)
        if key in self.seen:
            return
        self.seen.add(key)
        self.count += 1
        self.checker.at(obj, path, f"đơn vị «{self.unit.id}»: {message}", hint, severity, at_key)


def check_derived(project: model.Project, checker: Checker) -> None:
    """Every date rule on each unit's derived dates; overrides must name a step the unit has.

    Steps exactly as written in the plan were checked already; a step is
    checked here when it, the step it closes or its parent's step was
    derived or overridden. A derived step whose parent step was reported is
    skipped, so one bad override gives one error, not one per cell.
    """
    plan = current_plan(project)
    if plan is None:
        return
    schedules = project.schedules  # derived once by check()
    _check_override_steps(checker, plan, schedules)
    unit_checker = _UnitChecker(checker, set())
    reported: set[tuple[str, str]] = set()
    for unit_id, schedule in schedules.items():
        unit_checker.unit = project.units[unit_id]
        for step in schedule.steps:
            before = unit_checker.count
            inherited = step.origin == CASCADE and step.parent in reported
            if not inherited:
                _check_step(project, unit_checker, plan, schedules, step)
            if inherited or unit_checker.count > before:
                reported.add((unit_id, step.id))


def _check_override_steps(checker: Checker, plan: model.Plan, schedules) -> None:
    steps = {s.id for s in plan.schedule.steps}
    for index, override in enumerate(plan.overrides):
        schedule = schedules.get(override.unit)
        if schedule is None or override.step not in steps or schedule.step(override.step):
            continue
        checker.at(plan, ("overrides", index, "step"),
                   f"đơn vị «{override.unit}» không có bước «{override.step}» trong lịch của mình",
                   "chỉ điều chỉnh bước thuộc cấp của đơn vị hoặc bước được suy ra từ cấp trên")


def _check_step(project, checker: _UnitChecker, plan, schedules, step: UnitStep) -> None:
    """Check one unit's step against its own rules, the step it closes and its parent's."""
    unit = checker.unit
    closes = _find_step(project, plan, schedules, unit, step.after)
    parent = None
    if step.parent and step.parent[0] in schedules:
        parent = schedules[step.parent[0]].step(step.parent[1])
    path = _cause(step, closes, parent)
    if path is None:
        return
    plans_check.check_dates(checker, plan, path, step, closes, None)
    if parent is not None and model.is_real_date(step.end) and model.is_real_date(parent.end) \
            and step.end > parent.end:
        checker.at(plan, path + ("end",), broken_parent_message(checker.checker, plan, unit, step, parent),
                   "cấp dưới phải hoàn thành trước hoặc cùng hạn với cấp trên")


def _cause(step: UnitStep, closes: UnitStep | None, parent: UnitStep | None) -> tuple | None:
    """Where a problem of ``step`` is reported: the override or cascade that made it.

    None when every date involved is as written (plans_check did those).
    """
    if step.origin != PLAN:
        return step.path
    for other in (parent, closes):
        if other is not None and other.origin != PLAN:
            return other.path
    return None


def _find_step(project, plan, schedules, unit: model.Unit, step_id: str | None) -> UnitStep | None:
    """Step ``step_id`` of the unit, else of its nearest ancestor, else as the plan writes it."""
    if step_id is None:
        return None
    for holder in [unit, *project.ancestors(unit)]:
        found = schedules.get(holder.id) and schedules[holder.id].step(step_id)
        if found:
            return found
    for index, step in enumerate(plan.schedule.steps):
        if step.id == step_id:
            return written_step(plan, unit, index, step)
    return None


def broken_parent_message(checker: Checker, plan: model.Plan, unit: model.Unit, step: UnitStep,
                          parent: UnitStep) -> str:
    """The error for a deadline later than the parent's: names the parent's step and its place."""
    d = plans_check.d
    return (f"hạn {d(step.end)} của bước «{step.id}» muộn hơn hạn "
            f"{d(parent.end)} của cấp trên «{unit.parent}» (bước «{parent.id}», "
            f"{place_of(checker, plan, parent.path)})")


def place_of(checker: Checker, obj: model.Model, path: tuple) -> str:
    """``file:line`` (or the cell) of a key path below a content object, as messages show it."""
    return checker.place(obj, path).short


#: Run by :func:`generator.check.rules.check` after the plan rules.
RULES = [check_derived]
