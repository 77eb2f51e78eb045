"""Output kind: each guidance page with its history."""

from __future__ import annotations

from generator.outputs import paths
from generator.outputs.kind import OutputKind
from generator.outputs.markdown_text import add_heading_ids
from generator.outputs.page import PAGE_TEMPLATES, TemplatePage, render_page
from generator.site.sanitise import safe_body


def gather(campaign, sizes):
    project = campaign.project
    for page in project.guidance.values():
        changes = sorted(page.meta.changes, key=lambda c: c.date, reverse=True)
        yield paths.guidance_page(page.id), TemplatePage("pages/guidance.md.j2", {
            "page": page, "body": safe_body(add_heading_ids(page.body.strip())), "changes": changes,
            "illustrative": page.meta.illustrative or project.organisation.illustrative})


KIND = OutputKind("guidance-page", "pages", gather, render_page, templates=PAGE_TEMPLATES)
