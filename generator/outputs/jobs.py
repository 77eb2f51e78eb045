"""Render stage, keyed: every output of the docs tree as a :class:`~generator.cache.Job`.

Each job carries the hash of exactly what its output is made from, so the
build renders only what changed. The work is done by the render modules'
own functions; this module only says, per output, which inputs go into the
key and which function makes the bytes. Two phases, because pages show the
size of the documents they link to:

* :func:`document_jobs` — plan DOCX, blank and ready-filled forms, calendars;
* :func:`page_jobs` — every Markdown page (and directive attachments), given
  the documents (``{path: bytes}``, read on demand).

Every key includes the generator version. ``{job.path: job.render()}`` over
both phases equals what the modules' ``render()`` functions return (a test
holds the two together).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from generator.campaign import changes
from generator.outputs import paths
from generator.outputs import calendar as render_calendar
from generator.outputs import forms as render_forms
from generator.outputs import pages as render_pages
from generator.outputs import plans as render_plans
from generator.outputs import reference as render_reference
from generator.outputs import units as render_units
from generator.campaign import unit_plan
from generator.cache import Job, digest, generator_version, templates_key
from generator.model import Project
from generator.campaign.schedule import current_plan

WORD = "word"  # the Word style base every DOCX starts from


def document_jobs(project: Project, schedules: Mapping[str, Any]) -> list[Job]:
    """Jobs of the documents: plan DOCX, forms (blank and filled), calendars."""
    return [*plan_docx_jobs(project, schedules), *form_docx_jobs(project, schedules),
            *calendar_jobs(project, schedules)]


def page_jobs(project: Project, schedules: Mapping[str, Any], documents: Mapping[str, bytes]) -> list[Job]:
    """Jobs of every page; ``documents`` gives the documents' bytes (their sizes are shown)."""
    return [*plan_page_jobs(project, schedules, documents), *form_page_jobs(project, documents),
            *unit_page_jobs(project, schedules, documents), *general_page_jobs(project, schedules)]


# --- plans ----------------------------------------------------------------------


def _plans(project: Project, schedules) -> list[unit_plan.UnitPlan]:
    return unit_plan.build_all(project, schedules)


def _plan_docx_key(project: Project, plan: unit_plan.UnitPlan) -> str:
    style = render_plans.docx_style(project)
    return digest("plan-docx", generator_version(), templates_key(WORD), plan, style)


def plan_docx_jobs(project: Project, schedules) -> list[Job]:
    masters: dict = {}  # one python-docx master per document shape, shared by the fills
    jobs = []
    for plan in _plans(project, schedules):
        path = paths.plan_docx(project.units[plan.unit_id], plan.year)
        jobs.append(Job(path, _plan_docx_key(project, plan),
                        lambda plan=plan: render_plans.docx_bytes(project, plan, masters)))
    return jobs


def plan_page_jobs(project: Project, schedules, documents: Mapping[str, bytes]) -> list[Job]:
    plans = _plans(project, schedules)
    jobs = []
    for plan in plans:
        unit = project.units[plan.unit_id]
        docx = paths.plan_docx(unit, plan.year)
        key = digest("plan-page", generator_version(), templates_key("plan"), plan,
                     _plan_docx_key(project, plan), unit, project.organisation.illustrative)
        jobs.append(Job(paths.plan_page(unit), key, lambda plan=plan, docx=docx: render_plans.page_markdown(
            project, plan, docx, len(documents[docx]))))
    if plans:
        jobs.append(Job.ready(paths.section_index(paths.PLANS), render_plans.index_markdown(project, plans)))
    return jobs


# --- forms ----------------------------------------------------------------------


def _form_master_key(project: Project, form, plan) -> str:
    # The master reads the form, the document style and the plan (year, steps).
    return digest("form", generator_version(), templates_key(WORD), form, project.organisation, plan)


def form_docx_jobs(project: Project, schedules) -> list[Job]:
    plan = current_plan(project)
    users = render_forms.form_users(project)
    jobs = []
    for form in project.forms.values():
        master_key = _form_master_key(project, form, plan)
        master = _lazy(lambda form=form: render_forms.build_master(render_forms.form_spec(project, form, plan)))
        jobs.append(Job(paths.form_blank_docx(form), digest(master_key, "blank"),
                        lambda master=master: master().fill(render_forms.blank_values())))
        for unit in users[form.id]:
            values = render_forms.unit_values(project, unit, plan, schedules, form)
            jobs.append(Job(paths.form_filled_docx(unit, form), digest(master_key, values),
                            lambda master=master, values=values: master().fill(values)))
    return jobs


def _lazy(make):
    """A function returning make()'s result, computed on the first call only."""
    made: list = []

    def get():
        if not made:
            made.append(make())
        return made[0]
    return get


def form_page_jobs(project: Project, documents: Mapping[str, bytes]) -> list[Job]:
    plan = current_plan(project)
    users = render_forms.form_users(project)
    jobs = []
    for form in project.forms.values():
        blank = paths.form_blank_docx(form)
        people = [(u.id, u.name, u.parent, project.units[u.parent].name if u.parent in project.units else "")
                  for u in users[form.id]]
        key = digest("form-page", generator_version(), templates_key("forms"),
                     _form_master_key(project, form, plan), people, project.publisher.name,
                     project.organisation.publisher, project.organisation.illustrative)
        jobs.append(Job(paths.form_page(form), key, lambda form=form, blank=blank: render_forms.form_page(
            project, form, users[form.id], len(documents[blank]))))
    jobs.append(Job.ready(paths.section_index(paths.FORMS), render_forms.catalogue(project, users)))
    return jobs


# --- calendars ------------------------------------------------------------------


def _calendar_plan(project: Project):
    """The plan render_calendar dates its events by (same choice as its render())."""
    plan = project.plans.get(project.organisation.current_plan or "")
    return plan if plan is not None or not project.plans else next(iter(project.plans.values()))


def calendar_jobs(project: Project, schedules) -> list[Job]:
    plan = _calendar_plan(project)
    if plan is None:
        return []
    jobs = []
    for unit in project.units.values():
        steps = list(getattr(schedules.get(unit.id), "steps", ()) or ())
        if steps:
            key = digest("ics", generator_version(), unit, steps, plan.id, plan.date)
            jobs.append(Job(paths.unit_ics(unit), key, lambda unit=unit, steps=steps: render_calendar.unit_calendar(
                unit, steps, plan.id, plan.date)))
    return jobs


# --- unit pages -----------------------------------------------------------------


def unit_page_jobs(project: Project, schedules, documents: Mapping[str, bytes]) -> list[Job]:
    """A job per unit page, keyed by the unit, its neighbours, its schedule, downloads and changes."""
    by_unit: dict[str, list[str]] = {}
    for path in documents:
        if path.startswith(paths.DOWNLOADS + "/"):
            by_unit.setdefault(path.split("/")[1], []).append(path)
    shared = digest("unit-page", generator_version(), templates_key("pages"), project.organisation,
                    [(p.id, p.year, p.forms) for p in project.plans.values()],
                    [(f.id, f.code, f.title) for f in project.forms.values()])
    notes = changes.unit_notes(project)
    plan = current_plan(project)
    planners = {u.id for u in unit_plan.plan_units(project, plan)} if plan else set()
    jobs = []
    for unit in project.units.values():
        schedule = schedules.get(unit.id)
        parent = project.units.get(unit.parent or "")
        children = [project.units[c] for c in project.children.get(unit.id, ())]
        downloads = [(p, render_units.size_of(documents, p)) for p in sorted(by_unit.get(unit.id, ()))]
        key = digest(shared, unit, parent, [(c.id, c.name) for c in children], schedule, downloads,
                     unit.id in planners, notes.get(unit.id))
        jobs.append(Job(paths.unit_page(unit), key, lambda unit=unit, schedule=schedule: render_units.render_unit(
            project, unit, schedule, documents, notes.get(unit.id, ()))[paths.unit_page(unit)]))
    jobs.append(Job.ready(paths.section_index(paths.UNITS),
                          render_units.render_index(project)[paths.section_index(paths.UNITS)]))
    return jobs




# --- general pages --------------------------------------------------------------


def general_page_jobs(project: Project, schedules) -> list[Job]:
    """Home, directives (with attachments), guidance, what changed, content reference.

    A handful of pages that read the whole project: rendered every build
    (milliseconds) and keyed by their own bytes.
    """
    files: dict[str, bytes] = {}
    files |= render_pages.render_home(project, schedules)
    files |= render_pages.render_directives(project)
    files |= render_pages.render_guidance(project)
    files |= render_pages.render_changes(project, changes.site_entries(project))
    files |= render_reference.render()
    return [Job.ready(path, data) for path, data in files.items()]
