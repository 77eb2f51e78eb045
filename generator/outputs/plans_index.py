"""Output kind: the plans section, the publisher's plan then every unit's, in tree order."""

from __future__ import annotations

from generator.outputs import paths
from generator.outputs.kind import OutputKind
from generator.outputs.page import PAGE_TEMPLATES, TemplatePage, download_label, render_page


def gather(campaign, sizes):
    if not campaign.unit_plans:
        return
    index = paths.section_index(paths.PLANS)
    rows = []
    for unit_id, plan in campaign.unit_plans.items():
        unit = campaign.units[unit_id]
        docx = paths.plan_docx(unit, plan.year)
        rows.append({"name": unit.name, "body": plan.issuer,
                     "page": paths.relative(index, paths.plan_page(unit)),
                     "docx": paths.relative(index, docx),
                     "docx_label": download_label(docx, sizes[docx])})
    yield index, TemplatePage("plan/index.md.j2", {
        "rows": rows, "year": campaign.plan.year,
        "illustrative": campaign.project.organisation.illustrative})


KIND = OutputKind("plans-index", "pages", gather, render_page, templates=PAGE_TEMPLATES)
