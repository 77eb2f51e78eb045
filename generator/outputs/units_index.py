"""Output kind: the unit tree page, as nested collapsible lists."""

from __future__ import annotations

import html

from generator.outputs import paths
from generator.outputs.kind import OutputKind
from generator.outputs.page import PAGE_TEMPLATES, TemplatePage, download_label, render_page


def gather(campaign, sizes):
    project = campaign.project
    page = paths.section_index(paths.UNITS)
    lists = [{"link": paths.relative(page, path), "label": download_label(path, sizes[path])}
             for path in (paths.UNIT_LIST_XLSX, paths.UNIT_LIST_CSV) if path in sizes]
    yield page, TemplatePage("pages/units_index.md.j2", {
        "tree": tree_html(project, page), "count": len(project.units), "lists": lists,
        "illustrative": project.organisation.illustrative})


def tree_html(project, page: str) -> str:
    """The unit tree as nested, collapsible HTML lists (text escaped)."""
    root = project.publisher

    def branch(unit, depth: int) -> str:
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


KIND = OutputKind("units-index", "pages", gather, render_page, templates=PAGE_TEMPLATES)
