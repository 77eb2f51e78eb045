"""Output kind: each plan as a web page, the same header, sections, table and closing as its DOCX."""

from __future__ import annotations

import re

from generator.campaign.unit_plan import UnitPlan
from generator.outputs import paths
from generator.outputs.kind import OutputKind
from generator.outputs.markdown_text import heading_id, md_escape
from generator.outputs.page import PAGE_TEMPLATES, TemplatePage, download_label, render_page

_SPACE_RUN = re.compile(r" {2,}")


def gather(campaign, sizes):
    illustrative = campaign.project.organisation.illustrative
    for unit_id, plan in campaign.unit_plans.items():
        unit = campaign.units[unit_id]
        page, docx = paths.plan_page(unit), paths.plan_docx(unit, plan.year)
        yield page, TemplatePage("plan/page.md.j2", {
            "plan": plan, "unit": unit, "illustrative": illustrative,
            "number": md_spaced(plan.number), "place_date": md_spaced(plan.place_date),
            "docx_link": paths.relative(page, docx), "docx_label": download_label(docx, sizes[docx]),
            "unit_link": paths.relative(page, paths.unit_page(unit)),
            # the timeline's deadlines as ISO dates (its rows are the schedule's rows, in order)
            "ends": [row.end.isoformat() for row in campaign.schedules[unit_id].rows]})


def _page_blocks(plan: UnitPlan) -> list[dict]:
    """Body blocks with unique heading anchors."""
    used: set[str] = set()
    blocks = []
    for block in plan.blocks:
        anchor = ""
        if block.kind in ("h1", "h2"):
            anchor = base = heading_id(block.text)
            number = 2
            while anchor in used:
                anchor, number = f"{base}-{number}", number + 1
            used.add(anchor)
        blocks.append({"kind": block.kind, "text": block.text, "anchor": anchor})
    return blocks


def md_spaced(text: str) -> str:
    """Escaped Markdown that keeps runs of spaces (the blank number and day) visible."""
    parts = _SPACE_RUN.split(text)
    gaps = _SPACE_RUN.findall(text)
    out = md_escape(parts[0])
    for gap, part in zip(gaps, parts[1:]):
        out += "&nbsp;" * len(gap) + md_escape(part)
    return out


def render(page: TemplatePage) -> bytes:
    """The page, its body blocks given their anchors here: they follow from the plan alone.

    (In the value, the blocks would be the plan's whole text a second time, hashed for every plan
    of every build.)
    """
    return render_page(TemplatePage(page.template, {**page.context, "blocks": _page_blocks(page.context["plan"])}))


KIND = OutputKind("plan-page", "pages", gather, render, templates=PAGE_TEMPLATES)
