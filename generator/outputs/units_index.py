"""Output kind: the unit tree page, as nested collapsible lists, and the category pages.

A unit with more than :data:`generator.outputs.unit_groups.GROUP_LIMIT` units
directly under it lists them by category: the tree shows one line per category,
each linking a page (made here) that lists that category's units.
"""

from __future__ import annotations

import html

from generator.outputs import paths
from generator.outputs.kind import OutputKind
from generator.outputs.page import PAGE_TEMPLATES, TemplatePage, download_label, render_page
from generator.outputs.unit_groups import children_groups, group_lines, group_page


def gather(campaign, sizes):
    project = campaign.project
    page = paths.section_index(paths.UNITS)
    lists = [{"link": paths.relative(page, path), "label": download_label(path, sizes[path])}
             for path in (paths.UNIT_LIST_XLSX, paths.UNIT_LIST_CSV) if path in sizes]
    yield page, TemplatePage("pages/units_index.md.j2", {
        "tree": tree_html(project, page), "count": len(project.units), "lists": lists,
        "illustrative": project.organisation.illustrative})
    yield from group_pages(project)


def group_pages(project):
    """One page per category of the units under each unit that has too many to list."""
    for unit_id, unit in project.units.items():
        for group in children_groups(project, unit_id) or ():
            page = group_page(unit_id, group)
            units = [{"name": project.units[child].name, "count": len(project.children.get(child, ())),
                      "link": paths.relative(page, paths.unit_page(project.units[child]))}
                     for child in group.unit_ids]
            yield page, TemplatePage("pages/units_group.md.j2", {
                "parent": unit.name, "parent_link": paths.relative(page, paths.unit_page(unit)),
                "name": group.name, "units": units, "illustrative": project.organisation.illustrative})


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
        groups = children_groups(project, unit.id)
        inner = group_items(project, unit.id, groups, page) if groups else \
            "".join(branch(project.units[c], depth + 1) for c in children)
        opened = " open" if depth == 0 else ""
        return f"<li><details{opened}><summary>{label} {count}</summary><ul>{inner}</ul></details></li>"

    return f"<ul>{branch(root, 0)}</ul>"


def group_items(project, unit_id: str, groups, page: str) -> str:
    """List items linking the category pages of the units under ``unit_id``."""
    items = []
    for line in group_lines(project, unit_id, groups, page):
        link = html.escape(line["link"].replace(".md", ".html"))
        items.append(f'<li><a href="{link}">{html.escape(line["name"])}</a> <small>({line["count"]} đơn vị)</small></li>')
    return "".join(items)


KIND = OutputKind("units-index", "pages", gather, render_page, templates=PAGE_TEMPLATES)
