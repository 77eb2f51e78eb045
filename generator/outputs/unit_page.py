"""Output kind: one page per unit.

A unit page shows the unit's names, kind, counts, its derived timeline (a
table and a simple visual timeline), its plan, and every download generated
for it (plan DOCX, ready-filled forms, calendar) with format and size.
"""

from __future__ import annotations

import html
from typing import Any

from generator.outputs import paths
from generator.outputs.form_preview import AUDIENCE_NAMES
from generator.outputs.kind import OutputKind
from generator.outputs.page import PAGE_TEMPLATES, TemplatePage, download_label, render_page
from generator.outputs.templating import vn_date
from generator.results import outputs as results_outputs


def gather(campaign, sizes):
    project = campaign.project
    categories = {c.id: c.name for c in project.organisation.categories}
    for unit in project.units.values():
        page = paths.unit_page(unit)
        kind = project.kinds[unit.kind]
        parent = project.units.get(unit.parent) if unit.parent else None
        steps = step_rows(campaign.schedules.get(unit.id))
        yield page, TemplatePage("pages/unit.md.j2", {
            "unit": unit, "kind": kind.name, "category": categories.get(unit.category or "", ""),
            "level": project.levels[kind.level].name,
            "parent": unit_link(page, parent) if parent else None,
            "children": [unit_link(page, project.units[c]) for c in project.children.get(unit.id, ())],
            "steps": [_step_view(s) for s in steps], "timeline": timeline_html(steps),
            "downloads": downloads(campaign, unit, sizes, page),
            "plan_link": paths.relative(page, paths.plan_page(unit)) if unit.id in campaign.unit_plans else "",
            "changes": [{"date": c.date, "title": c.title, "note": c.note,
                         "link": paths.relative(page, paths.directive_page(c.directive_id))}
                        for c in campaign.notes.get(unit.id, ())],
            "report": results_outputs.unit_note(campaign, unit.id),
            "illustrative": project.organisation.illustrative})


def downloads(campaign, unit, sizes, page: str) -> list[dict]:
    """The unit's generated files, labelled, in display order."""
    return [{"title": title, "link": paths.relative(page, path), "label": download_label(path, sizes[path])}
            for path, title in download_titles(campaign, unit).items() if path in sizes]


def download_titles(campaign, unit) -> dict[str, str]:
    """Readable names of the files a unit may have, in display order."""
    titles: dict[str, str] = {}
    plan = campaign.unit_plans.get(unit.id)
    if plan is not None:
        titles[paths.plan_docx(unit, plan.year)] = f"Kế hoạch năm {plan.year} (Word)"
    for form in campaign.forms_of[unit.id]:
        title = form.title[:1] + form.title[1:].lower()  # printed in capitals on the form itself
        titles[paths.form_filled_docx(unit, form)] = (
            f"{form.code}: {title} — {AUDIENCE_NAMES[form.audience].lower()} (điền sẵn)")
    titles[paths.unit_ics(unit)] = "Lịch các mốc thời gian (thêm vào lịch điện thoại)"
    if campaign.plan is not None:
        titles[paths.results_sheet(unit, campaign.plan.year)] = (
            f"Bảng kết quả xếp loại năm {campaign.plan.year} (Excel, điền sẵn; điền xong gửi lại cấp trên)")
    return titles


def unit_link(from_page: str, unit) -> dict[str, str]:
    return {"name": unit.name, "link": paths.relative(from_page, paths.unit_page(unit))}


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


def _step_view(step: Any) -> dict[str, Any]:
    return {"title": step.title, "who": getattr(step, "who", None) or "",
            "start": getattr(step, "start", None), "end": step.end}


KIND = OutputKind("unit-page", "pages", gather, render_page, templates=PAGE_TEMPLATES)
