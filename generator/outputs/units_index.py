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


#: Up to this many units the index shows the whole tree; above it, the units directly
#: under the publisher only, each linking to its own page, which lists the units below
#: it. A province's index then stays small (no page grows with the whole tree).
FULL_TREE_LIMIT = 500


def tree_html(project, page: str) -> str:
    """The unit tree as nested, collapsible HTML lists (text escaped)."""
    root = project.publisher
    deepest = None if len(project.units) <= FULL_TREE_LIMIT else 1

    def branch(unit, depth: int) -> str:
        link = html.escape(paths.relative(page, paths.unit_page(unit)).replace(".md", ".html"))
        label = f'<a href="{link}">{html.escape(unit.name)}</a>'
        children = project.children.get(unit.id, ())
        if not children:
            return f"<li>{label}</li>"
        count = f"<small>({len(children)} đơn vị trực thuộc)</small>"
        if deepest is not None and depth >= deepest:
            return f"<li>{label} {count}</li>"
        inner = "".join(branch(project.units[c], depth + 1) for c in children)
        opened = " open" if depth == 0 else ""
        return f"<li><details{opened}><summary>{label} {count}</summary><ul>{inner}</ul></details></li>"

    return f"<ul>{branch(root, 0)}</ul>"


KIND = OutputKind("units-index", "pages", gather, render_page, templates=PAGE_TEMPLATES)
