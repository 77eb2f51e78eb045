"""The campaign model: every fact derived from the content, computed once per build.

After load and check, :func:`derive_campaign` decides, each in one place:

* which plan is current (:func:`generator.campaign.schedule.current_plan`);
* every unit's schedule under it;
* the plan of every plan-issuing unit, and which of those plans governs each unit;
* the forms each unit uses (the current plan's assignments for its kind);
* the changes the directives in force bring to each unit.

Every output reads this object; nothing downstream re-derives these facts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from datetime import date

from generator import model
from generator.campaign import unit_plan
from generator.campaign.schedule import UnitSchedule, current_plan, top_down
from generator.campaign.unit_plan import UnitPlan


@dataclass(frozen=True)
class UnitNote:
    """A change shown on a unit page: the directive that brings it, its date, what it changes."""

    date: date
    directive_id: str
    title: str  # "Hướng dẫn 43-HD/BTCTW"
    note: str


@dataclass(frozen=True)
class Campaign:
    """What the current campaign means for every unit; built once by :func:`derive_campaign`."""

    project: model.Project
    plan: model.Plan | None  # the current plan (None: no plan in the content)
    schedules: Mapping[str, UnitSchedule]  # unit id -> its schedule under the current plan
    unit_plans: Mapping[str, UnitPlan]  # plan-issuing unit id -> its plan, top down
    forms_of: Mapping[str, tuple[model.Form, ...]]  # unit id -> forms it uses, content order
    users: Mapping[str, tuple[model.Unit, ...]]  # form id -> units using it, content order
    governing: Mapping[str, str]  # unit id -> id of the unit whose plan governs it
    bringing: tuple[model.Directive, ...]  # directives in the plan's basis replacing older ones
    notes: Mapping[str, tuple[UnitNote, ...]]  # unit id -> the changes those directives bring
    results: Any = None  # generator.results.Results: the returned reports, checked and summed
    history: Any = None  # generator.campaign.history.History: earlier publications (build adds it)

    @property
    def units(self) -> Mapping[str, model.Unit]:
        return self.project.units


def derive_campaign(project: model.Project) -> Campaign:
    """Derive every fact of the current campaign from checked content.

    The schedules and the results come from ``check()``, which derived them to check them.
    """
    plan = current_plan(project)
    if plan and project.schedules is None:
        raise ValueError("derive_campaign() needs a project returned by check(), which derives the schedules")
    schedules = project.schedules if plan else {}  # derived once, by check()
    forms_of = forms_by_unit(project, plan)
    plans = _unit_plans(project, plan, schedules, forms_of)
    bringing = bringing_changes(project, plan)
    return Campaign(
        project=project, plan=plan, schedules=schedules, unit_plans=plans, forms_of=forms_of,
        users=users_by_form(project, forms_of), governing=governing_plans(project, plans),
        bringing=bringing, notes=unit_notes(project, forms_of, bringing), results=project.results)


def forms_by_unit(project: model.Project, plan: model.Plan | None) -> dict[str, tuple[model.Form, ...]]:
    """The forms each unit uses: those the plan assigns to the unit's kind, in content order."""
    by_kind: dict[str, set[str]] = {}
    for assignment in plan.forms if plan else ():
        for kind in assignment.kinds:
            by_kind.setdefault(kind, set()).update(assignment.forms)
    cached: dict[str, tuple[model.Form, ...]] = {}
    for kind, ids in by_kind.items():
        cached[kind] = tuple(form for form in project.forms.values() if form.id in ids)
    return {unit.id: cached.get(unit.kind, ()) for unit in project.units.values()}


def users_by_form(project: model.Project, forms_of: Mapping[str, tuple[model.Form, ...]]
                  ) -> dict[str, tuple[model.Unit, ...]]:
    """For each form, the units that use it, in content order."""
    users: dict[str, list[model.Unit]] = {form_id: [] for form_id in project.forms}
    for unit in project.units.values():
        for form in forms_of[unit.id]:
            users[form.id].append(unit)
    return {form_id: tuple(units) for form_id, units in users.items()}


def _unit_plans(project, plan, schedules, forms_of) -> dict[str, UnitPlan]:
    if plan is None:
        return {}
    issuing = unit_plan.plan_units(project, plan)
    ids = {unit.id for unit in issuing}
    return {unit.id: unit_plan.build(project, plan, unit, schedules[unit.id], ids, forms_of)
            for unit in issuing}


def governing_plans(project: model.Project, plans: Mapping[str, UnitPlan]) -> dict[str, str]:
    """Each unit's governing plan: its own, else the nearest plan-issuing unit above it."""
    governing: dict[str, str] = {}
    for unit in top_down(project):
        if unit.id in plans:
            governing[unit.id] = unit.id
        elif unit.parent in governing:
            governing[unit.id] = governing[unit.parent]
    return governing


def bringing_changes(project: model.Project, plan: model.Plan | None) -> tuple[model.Directive, ...]:
    """Directives in the plan's basis that replace earlier ones, newest first."""
    if plan is None:
        return ()
    found = [project.directives[i] for i in plan.basis
             if i in project.directives and project.directives[i].supersedes]
    return tuple(sorted(found, key=lambda d: (d.date, d.id), reverse=True))


def unit_notes(project: model.Project, forms_of: Mapping[str, tuple[model.Form, ...]],
               bringing: tuple[model.Directive, ...]) -> dict[str, tuple[UnitNote, ...]]:
    """For every unit, the changes the directives in force bring to it."""
    if not bringing:
        return {}
    notes = {}
    for unit in project.units.values():
        codes = ", ".join(form.code for form in forms_of[unit.id])
        notes[unit.id] = tuple(UnitNote(d.date, d.id, f"{d.type} {d.symbol}", _note(project, d, codes))
                               for d in bringing)
    return notes


def _note(project: model.Project, directive: model.Directive, forms: str) -> str:
    old = ", ".join(project.directives[i].symbol for i in directive.supersedes if i in project.directives)
    text = f"thay thế {old}; " if old else ""
    text += "kế hoạch và lịch của đơn vị theo văn bản này"
    return text + (f"; biểu mẫu áp dụng: {forms}" if forms else "")
