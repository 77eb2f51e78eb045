"""Output kind: the directives list, newest first."""

from __future__ import annotations

from generator.outputs import paths
from generator.outputs.directive_links import directive_status
from generator.outputs.kind import OutputKind
from generator.outputs.page import PAGE_TEMPLATES, TemplatePage, render_page


def gather(campaign, sizes):
    project = campaign.project
    index = paths.section_index(paths.DIRECTIVES)
    ordered = sorted(project.directives.values(), key=lambda d: (d.date, d.id), reverse=True)
    rows = [{"directive": d, "link": paths.relative(index, paths.directive_page(d.id)),
             "status": directive_status(project, d)} for d in ordered]
    yield index, TemplatePage("pages/directives.md.j2", {
        "rows": rows, "illustrative": project.organisation.illustrative})


KIND = OutputKind("directives-index", "pages", gather, render_page, templates=PAGE_TEMPLATES)
