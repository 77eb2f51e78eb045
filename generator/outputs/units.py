"""Render stage: the unit tree page and one page per unit.

A unit page shows the unit's names, kind, counts, its derived timeline (a
table and a simple visual timeline), its plan, and every download generated
for it (plan DOCX, ready-filled forms, calendar) with format and size.
"""

from __future__ import annotations

import html
from typing import Any, Mapping

from generator.outputs import paths
from generator.model import Project, Unit
from generator.outputs.forms import AUDIENCE_NAMES
from generator.outputs.pages import download_label, encode
from generator.outputs.templating import render as render_template
from generator.outputs.templating import vn_date


def step_rows(schedule: Any) -> list[Any]:
    """The steps of a unit's schedule (own steps), in date order."""
    steps = list(getattr(schedule, "steps", ()) or ())
    return sorted(steps, key=lambda s: (s.end, getattr(s, "start", None) or s.end, s.id))


def timeline_html(steps: list[Any]) -> str:
    """A light visual timeline: one bar a step, placed on the campaign's span."""
    if not steps:
        return ""
    first = min((getattr(s, "start", None) or s.end) for s in steps)
    last = max(s.end for s in steps)
    span = max((last - first).days, 1)
    rows = []
    for step in steps:
        start = getattr(step, "start", None) or step.end
        left = 100 * (start - first).days / span
        width = max(100 * (step.end - start).days / span, 1.5)
        left = min(left, 100 - width)  # a deadline on the last day still shows its mark
        label = html.escape(step.title)
        rows.append(
            f'<div class="sotay-timeline__row"><span class="sotay-timeline__label">{label}</span>'
            f'<span class="sotay-timeline__track"><span class="sotay-timeline__bar" '
            f'style="margin-left:{left:.1f}%;width:{width:.1f}%"></span></span>'
            f'<span class="sotay-timeline__date">{vn_date(step.end)}</span></div>'
        )
    return '<div class="sotay-timeline" aria-hidden="true">\n' + "\n".join(rows) + "\n</div>"


def size_of(files: Mapping[str, bytes], path: str) -> int:
    """Size of an output; the build cache's mapping answers without reading the bytes."""
    sizes = getattr(files, "size", None)
    return sizes(path) if sizes else len(files[path])


def downloads_for(project: Project, unit: Unit, files: Mapping[str, bytes], page: str) -> list[dict]:
    """The unit's generated files that exist, labelled, in display order.

    Looks up the unit's own paths rather than scanning every output, which
    would cost units × files on a large tree.
    """
    return [
        {"title": title, "link": paths.relative(page, path), "label": download_label(path, size_of(files, path))}
        for path, title in download_titles(project, unit).items()
        if path in files
    ]


def download_titles(project: Project, unit: Unit) -> dict[str, str]:
    """Readable names of the files a unit may have, in display order."""
    titles: dict[str, str] = {}
    for plan in project.plans.values():
        titles[paths.plan_docx(unit, plan.year)] = f"Kế hoạch năm {plan.year} (Word)"
    for form in forms_of(project, unit):
        title = form.title[:1] + form.title[1:].lower()  # printed in capitals on the form itself
        titles[paths.form_filled_docx(unit, form)] = (
            f"{form.code}: {title} — {AUDIENCE_NAMES[form.audience].lower()} (điền sẵn)")
    titles[paths.unit_ics(unit)] = "Lịch các mốc thời gian (thêm vào lịch điện thoại)"
    return titles


def forms_of(project: Project, unit: Unit) -> list:
    """Forms the unit's kind uses under every plan, without repeats."""
    seen: dict[str, Any] = {}
    for plan in project.plans.values():
        for assignment in plan.forms:
            if unit.kind in assignment.kinds:
                for form_id in assignment.forms:
                    if form_id in project.forms:
                        seen.setdefault(form_id, project.forms[form_id])
    return list(seen.values())


def unit_link(project: Project, from_page: str, unit: Unit) -> dict[str, str]:
    return {"name": unit.name, "link": paths.relative(from_page, paths.unit_page(unit))}


def render_unit(project: Project, unit: Unit, schedule: Any, files: Mapping[str, bytes],
                changes: tuple = ()) -> dict[str, bytes]:
    """One unit page; ``changes`` are the unit's :class:`generator.changes.UnitNote` items."""
    page = paths.unit_page(unit)
    kind = project.kinds[unit.kind]
    categories = {c.id: c.name for c in project.organisation.categories}
    parent = project.units.get(unit.parent) if unit.parent else None
    steps = step_rows(schedule)
    plan_page = paths.plan_page(unit)
    text = render_template(
        "pages/unit.md.j2", unit=unit, kind=kind.name, category=categories.get(unit.category or "", ""),
        level=project.levels[kind.level].name,
        parent=unit_link(project, page, parent) if parent else None,
        children=[unit_link(project, page, project.units[c]) for c in project.children.get(unit.id, ())],
        steps=[_step_view(s) for s in steps], timeline=timeline_html(steps),
        downloads=downloads_for(project, unit, files, page),
        plan_link=paths.relative(page, plan_page) if plan_page in files else "",
        changes=[{"date": c.date, "title": c.title, "note": c.note,
                  "link": paths.relative(page, paths.directive_page(c.directive_id))} for c in changes],
        illustrative=project.organisation.illustrative)
    return {page: encode(text)}


def _step_view(step: Any) -> dict[str, Any]:
    return {"title": step.title, "who": getattr(step, "who", None) or "",
            "start": getattr(step, "start", None), "end": step.end}


def tree_html(project: Project, page: str) -> str:
    """The unit tree as nested, collapsible HTML lists (text escaped)."""
    root = project.publisher

    def branch(unit: Unit, depth: int) -> str:
        link = html.escape(paths.relative(page, paths.unit_page(unit)).replace(".md", ".html"))
        label = f'<a href="{link}">{html.escape(unit.name)}</a>'
        children = project.children.get(unit.id, ())
        if not children:
            return f"<li>{label}</li>"
        inner = "".join(branch(project.units[c], depth + 1) for c in children)
        opened = " open" if depth == 0 else ""
        count = len(children)
        return (f"<li><details{opened}><summary>{label} <small>({count} đơn vị trực thuộc)</small>"
                f"</summary><ul>{inner}</ul></details></li>")

    return f"<ul>{branch(root, 0)}</ul>"


def render_index(project: Project) -> dict[str, bytes]:
    page = paths.section_index(paths.UNITS)
    text = render_template("pages/units_index.md.j2", tree=tree_html(project, page),
                           count=len(project.units), illustrative=project.organisation.illustrative)
    return {page: encode(text)}


def render(project: Project, schedules: Mapping[str, Any], files: Mapping[str, bytes]) -> dict[str, bytes]:
    """The unit tree page and every unit page."""
    from generator.campaign.changes import unit_notes  # changes reads forms_of from here

    notes = unit_notes(project)
    out = render_index(project)
    for unit in project.units.values():
        out |= render_unit(project, unit, schedules.get(unit.id), files, notes.get(unit.id, ()))
    return out
