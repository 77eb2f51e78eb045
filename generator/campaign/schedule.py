"""Schedule stage: every unit's own dates, derived from the campaign plan.

For each unit, top down:

* a level that has steps of its own in the plan uses them as written;
* a level without steps inherits its parent unit's ``cascade: true`` steps,
  finishing ``working_days_before_parent`` working days before the parent's
  deadline (weekends and Vietnamese public holidays skipped) and starting
  with the parent (never after its own deadline);
* then the plan's ``overrides`` for that unit replace dates.

Children are derived from their parent's final dates, so an override on a
grassroots committee moves its cells too. The derived dates are checked in
:mod:`generator.check.dates`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from generator import model
from generator.workdays import add_working_days

PLAN, CASCADE, OVERRIDE = "plan", "cascade", "override"


@dataclass(frozen=True)
class UnitStep:
    """One step of one unit's schedule, with where its dates come from.

    ``origin`` is "plan" (as written), "cascade" (derived from the parent
    unit's step) or "override". ``path`` is the key path in the plan file
    that decided the dates (a step, or an override). ``parent`` is the
    (unit id, step id) whose deadline this one must meet, if any.
    """

    id: str
    title: str
    who: str
    start: date | None
    end: date
    level: str
    cascade: bool
    origin: str
    path: tuple
    after: str | None = None
    parent: tuple[str, str] | None = None


@dataclass(frozen=True)
class ChildDeadline:
    """A deadline a unit sets for (some of) the units directly under it."""

    id: str
    title: str
    who: str
    start: date | None
    end: date
    units: tuple[str, ...]


@dataclass(frozen=True)
class UnitSchedule:
    """A unit's own steps (plan order) and the deadlines it sets below it."""

    unit_id: str
    plan_id: str
    steps: tuple[UnitStep, ...]
    children: tuple[ChildDeadline, ...] = ()

    def step(self, step_id: str) -> UnitStep | None:
        """The unit's step with this id, or None."""
        return next((s for s in self.steps if s.id == step_id), None)

    @property
    def rows(self) -> tuple:
        """Own steps and children's deadlines together, in date order (the plan's timeline)."""
        items = list(self.steps) + list(self.children)
        return tuple(sorted(items, key=lambda s: (s.end, s.start or s.end)))


def current_plan(project: model.Project) -> model.Plan | None:
    """The campaign plan in force: ``current_plan``, else the latest by year."""
    plan = project.plans.get(project.organisation.current_plan or "")
    if plan is None and project.plans:
        plan = max(project.plans.values(), key=lambda p: (p.year, p.date, p.id))
    return plan


def derive(project: model.Project, plan: model.Plan | None = None) -> dict[str, UnitSchedule]:
    """Every unit's schedule under ``plan`` (default: the current plan), by unit id.

    Units come out top down (parents before children), each level's
    siblings in content order.
    """
    plan = plan or current_plan(project)
    if plan is None:
        return {}
    overrides = _overrides_by_unit(plan)
    own: dict[str, tuple[UnitStep, ...]] = {}
    for unit in top_down(project):
        steps = _own_steps(project, plan, unit, own.get(unit.parent or ""))
        own[unit.id] = _apply_overrides(steps, overrides.get(unit.id, ()))
    return {uid: UnitSchedule(uid, plan.id, steps, _children_deadlines(project, plan, uid, own))
            for uid, steps in own.items()}


def top_down(project: model.Project) -> list[model.Unit]:
    """Units reachable from the roots, parents first (breadth first, content order)."""
    order = [u for u in project.units.values() if u.parent not in project.units]
    index = 0
    while index < len(order):
        order.extend(project.units[c] for c in project.children.get(order[index].id, ()))
        index += 1
    return order


def _overrides_by_unit(plan: model.Plan) -> dict[str, list[tuple[int, model.Override]]]:
    found: dict[str, list[tuple[int, model.Override]]] = {}
    for index, override in enumerate(plan.overrides):
        found.setdefault(override.unit, []).append((index, override))
    return found


def _own_steps(project, plan: model.Plan, unit: model.Unit, parent_steps) -> tuple[UnitStep, ...]:
    kind = project.kinds.get(unit.kind)
    if kind is None:
        return ()
    written = [(i, s) for i, s in enumerate(plan.schedule.steps) if s.level == kind.level]
    if written:
        return tuple(written_step(plan, unit, index, step) for index, step in written)
    days = plan.schedule.cascade.working_days_before_parent
    return tuple(_cascaded_step(unit, step, days) for step in parent_steps or () if step.cascade)


def written_step(plan: model.Plan, unit: model.Unit, index: int, step: model.Step) -> UnitStep:
    """A plan step as one unit carries it out (the date checks look steps up by it too)."""
    # The issuer's plan is the campaign plan itself: its "who" stays as written.
    # Every other unit carries out its own steps.
    who = step.who if unit.id == plan.issuer and step.who else unit.issuing_body
    parent = (unit.parent, step.within) if step.within and unit.parent else None
    return UnitStep(step.id, step.title, who, step.start, step.end, step.level, step.cascade,
                    PLAN, ("schedule", "steps", index), step.after, parent)


def _cascaded_step(unit: model.Unit, step: UnitStep, days: int) -> UnitStep:
    end = add_working_days(step.end, -days)
    start = min(step.start, end) if step.start else None
    # Built field by field, not with dataclasses.replace: this runs for every cell of the tree.
    return UnitStep(step.id, step.title, unit.issuing_body, start, end, step.level, step.cascade,
                    CASCADE, step.path, step.after, (unit.parent, step.id))


def _apply_overrides(steps: tuple[UnitStep, ...], overrides) -> tuple[UnitStep, ...]:
    result = list(steps)
    for index, override in overrides:
        for position, step in enumerate(result):
            if step.id == override.step:
                result[position] = replace(step, start=override.start or step.start,
                                           end=override.end or step.end, origin=OVERRIDE,
                                           path=("overrides", index))
    return tuple(result)


# --- deadlines set for the units below --------------------------------------


def _children_deadlines(project, plan, unit_id: str, own: dict) -> tuple[ChildDeadline, ...]:
    """Children's steps grouped by (step, dates): the usual dates first, then exceptions
    (overrides) in rows of their own."""
    groups: dict[tuple, list[str]] = {}
    first: dict[tuple, UnitStep] = {}
    for child in project.children.get(unit_id, ()):
        for step in own.get(child, ()):
            key = (step.id, step.start, step.end)
            groups.setdefault(key, []).append(child)
            first.setdefault(key, step)
    usual = _usual_groups(groups)
    return tuple(ChildDeadline(key[0], first[key].title,
                               _group_who(project, plan, unit_id, key[0], members, key in usual),
                               key[1], key[2], tuple(members))
                 for key, members in sorted(groups.items(), key=lambda item: item[0] not in usual))


def _usual_groups(groups: dict[tuple, list[str]]) -> set[tuple]:
    """For each step, the dates most children share (the first such on a tie)."""
    best: dict[str, tuple] = {}
    for key, members in groups.items():
        if key[0] not in best or len(members) > len(groups[best[key[0]]]):
            best[key[0]] = key
    return set(best.values())


def _group_who(project, plan, unit_id: str, step_id: str, members: list[str], usual: bool) -> str:
    """Who a children's row names: the plan's words, "Các chi bộ trực thuộc", or the units."""
    if not usual or len(members) == 1:
        return ", ".join(project.units[m].name for m in members)
    written = next((s for s in plan.schedule.steps if s.id == step_id), None)
    if unit_id == plan.issuer and written is not None and written.who:
        return written.who
    return "Các " + children_label(project, unit_id)


def children_label(project: model.Project, unit_id: str) -> str:
    """How a plan names the units under one: their kind ("chi bộ trực thuộc") when they share it."""
    kinds = {project.units[m].kind for m in project.children.get(unit_id, ())}
    kind = project.kinds.get(kinds.pop()) if len(kinds) == 1 else None
    return kind.name[:1].lower() + kind.name[1:] if kind else "tổ chức đảng trực thuộc"
