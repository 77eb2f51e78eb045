"""Output kind: the guidance index, in the publisher's order."""

from __future__ import annotations

from generator.outputs import paths
from generator.outputs.kind import OutputKind
from generator.outputs.page import PAGE_TEMPLATES, TemplatePage, render_page


def gather(campaign, sizes):
    project = campaign.project
    index = paths.section_index(paths.GUIDANCE)
    pages = sorted(project.guidance.values(), key=lambda p: (p.meta.order, p.id))
    rows = [{"page": p, "link": paths.relative(index, paths.guidance_page(p.id))} for p in pages]
    yield index, TemplatePage("pages/guidance_index.md.j2", {
        "rows": rows, "illustrative": project.organisation.illustrative})


KIND = OutputKind("guidance-index", "pages", gather, render_page, templates=PAGE_TEMPLATES)
