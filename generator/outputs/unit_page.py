"""Output kind: one page per unit, written for the unit's secretary.

The top of the page answers what she came for, within one phone screen: what
is next and by when (the browser picks the step by the reader's own date;
the page lists every deadline without it), which plan governs the unit, and
its downloads with a one-click ZIP. Below: what changed for the unit, the
dated table and a timeline with an axis, the unit's facts, its units.
Nothing here depends on the day of the build.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from generator.outputs import paths
from generator.outputs.form_preview import AUDIENCE_NAMES
from generator.outputs.kind import Later, OutputKind
from generator.outputs.page import PAGE_TEMPLATES, TemplatePage, download_label, render_page
from generator.outputs.timeline import timeline_html
from generator.outputs.unit_changes import unit_changes
from generator.outputs.unit_groups import children_groups, group_lines
from generator.results import outputs as results_outputs


def gather(campaign, sizes):
    categories = {c.id: c.name for c in campaign.project.organisation.categories}
    for unit in campaign.project.units.values():  # gathered by the process that takes the page's job
        page = paths.unit_page(unit)
        yield page, Later(partial(_page, campaign, unit, page, sizes, categories))


def _page(campaign, unit, page: str, sizes, categories: dict[str, str]) -> TemplatePage:
    project = campaign.project
    kind = project.kinds[unit.kind]
    parent = project.units.get(unit.parent) if unit.parent else None
    steps = step_rows(campaign.schedules.get(unit.id))
    return TemplatePage("pages/unit.md.j2", {
        "unit": unit, "kind": kind.name, "category": categories.get(unit.category or "", ""),
        "level": project.levels[kind.level].name,
        "parent": unit_link(page, parent) if parent else None,
        **children(project, unit, page),
        "steps": [_step_view(s) for s in steps], "timeline": timeline_html(steps),
        "governing": governing_plan(campaign, unit, page, sizes),
        "bundle": _bundle(unit, page, sizes),
        "downloads": downloads(campaign, unit, sizes, page),
        "changes": unit_changes(campaign, unit.id, page),
        "report": results_outputs.unit_note(campaign, unit.id),
        "illustrative": project.organisation.illustrative})


def governing_plan(campaign, unit, page: str, sizes) -> dict | None:
    """The plan that governs the unit: its own, else the nearest plan above it (link, title, Word file)."""
    owner_id = campaign.governing.get(unit.id)
    if owner_id is None:
        return None
    owner, plan = campaign.units[owner_id], campaign.unit_plans[owner_id]
    docx = paths.plan_docx(owner, plan.year)
    return {"title": plan.page_title, "own": owner_id == unit.id, "issuer": owner.name,
            "link": paths.relative(page, paths.plan_page(owner)),
            "docx_link": paths.relative(page, docx), "docx_label": download_label(docx, sizes[docx])}


def _bundle(unit, page: str, sizes) -> dict | None:
    path = paths.unit_zip(unit)
    return {"link": paths.relative(page, path), "label": download_label(path, sizes[path])} if path in sizes else None


def downloads(campaign, unit, sizes, page: str) -> list[dict]:
    """The unit's generated files, labelled, in display order."""
    return [{"title": title, "link": paths.relative(page, path), "label": download_label(path, sizes[path])}
            for path, title in download_titles(campaign, unit).items() if path in sizes]


def download_titles(campaign, unit) -> dict[str, str]:
    """Readable names of the files a unit may have, in display order (its ZIP packs the same)."""
    titles: dict[str, str] = {}
    owner_id = campaign.governing.get(unit.id)
    if owner_id is not None:
        owner, plan = campaign.units[owner_id], campaign.unit_plans[owner_id]
        whose = "" if owner_id == unit.id else f" của {owner.issuing_body}, áp dụng cho đơn vị"
        titles[paths.plan_docx(owner, plan.year)] = f"Kế hoạch năm {plan.year}{whose} (Word)"
    for form in campaign.forms_of[unit.id]:
        title = form.title[:1] + form.title[1:].lower()  # printed in capitals on the form itself
        titles[paths.form_filled_docx(unit, form)] = (
            f"{form.code}: {title} — {AUDIENCE_NAMES[form.audience].lower()} (điền sẵn)")
    titles[paths.unit_ics(unit)] = "Lịch các mốc thời gian (thêm vào lịch điện thoại)"
    if campaign.plan is not None:
        titles[paths.results_sheet(unit, campaign.plan.year)] = (
            f"Bảng kết quả xếp loại năm {campaign.plan.year} (Excel, điền sẵn; điền xong gửi lại cấp trên)")
    return titles


def children(project, unit, page: str) -> dict[str, list[dict]]:
    """The units under ``unit``: each linked, or, when too many, their categories' pages."""
    groups = children_groups(project, unit.id)
    if groups:
        return {"children": [], "child_groups": group_lines(project, unit.id, groups, page)}
    return {"children": [unit_link(page, project.units[c]) for c in project.children.get(unit.id, ())],
            "child_groups": []}


def unit_link(from_page: str, unit) -> dict[str, str]:
    return {"name": unit.name, "link": paths.relative(from_page, paths.unit_page(unit))}


def step_rows(schedule: Any) -> list[Any]:
    """The steps of a unit's schedule (own steps), in date order."""
    steps = list(getattr(schedule, "steps", ()) or ())
    return sorted(steps, key=lambda s: (s.end, getattr(s, "start", None) or s.end, s.id))


def _step_view(step: Any) -> dict[str, Any]:
    return {"title": step.title, "who": getattr(step, "who", None) or "",
            "start": getattr(step, "start", None), "end": step.end}


KIND = OutputKind("unit-page", "pages", gather, render_page, templates=PAGE_TEMPLATES)
