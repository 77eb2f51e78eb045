"""Output kind: every form's web page: facts, blank download, preview, filled copies by unit."""

from __future__ import annotations

from generator.outputs import paths
from generator.outputs.form_preview import AUDIENCE_NAMES, preview
from generator.outputs.kind import OutputKind
from generator.outputs.page import PAGE_TEMPLATES, TemplatePage, download_label, render_page
from generator.outputs.unit_groups import branch, children_groups, group_page


def gather(campaign, sizes):
    project = campaign.project
    for form in project.forms.values():
        page, blank = paths.form_page(form), paths.form_blank_docx(form)
        users = campaign.users[form.id]
        yield page, TemplatePage("forms/page.md.j2", {
            "form": form, "audience": AUDIENCE_NAMES[form.audience],
            "illustrative": form.illustrative or project.organisation.illustrative,
            "blank_link": paths.relative(page, blank), "blank_label": download_label(blank, sizes[blank]),
            "preview": preview(form), "groups": unit_groups(campaign, form, users, page, sizes),
            "count": len(users)})


#: Up to this many filled copies a form page links each one, grouped under the unit above.
#: Above it, one line per organisation directly under the publisher (its count and its
#: page, where its units and their copies are listed), or, when the publisher has too many
#: to list, one line per category (:mod:`generator.outputs.unit_groups`).
LINKED_COPIES_LIMIT = 500


def unit_groups(campaign, form, units, page: str, sizes) -> list[dict]:
    """The form's filled copies for ``page``: linked by parent, or counted by branch or category."""
    if len(units) <= LINKED_COPIES_LIMIT:
        return _linked_by_parent(campaign.project, form, units, page, sizes)
    project = campaign.project
    counts: dict[str, int] = {}
    for unit in units:
        owner = branch(project, unit.id)
        counts[owner] = counts.get(owner, 0) + 1
    publisher = project.publisher.id
    categories = children_groups(project, publisher)
    if categories is None:
        return [_line(project.units[owner_id].name, count, page, paths.unit_page(project.units[owner_id]))
                for owner_id, count in counts.items()]
    lines = [_line(project.publisher.name, counts[publisher], page, paths.unit_page(project.publisher))] \
        if publisher in counts else []
    for group in categories:
        count = sum(counts.get(unit_id, 0) for unit_id in group.unit_ids)
        if count:
            lines.append(_line(group.name, count, page, group_page(publisher, group)))
    return lines


def _line(title: str, count: int, page: str, target: str) -> dict:
    return {"title": title, "units": [], "count": count, "link": paths.relative(page, target)}


def _linked_by_parent(project, form, units, page: str, sizes) -> list[dict]:
    """Every filled copy linked, under the unit above it (the publisher's own first)."""
    groups: dict[str, dict] = {}
    for unit in units:
        parent = project.units.get(unit.parent or "")
        key = parent.id if parent and parent.id != project.organisation.publisher else ""
        owner = parent if key else project.publisher
        group = groups.setdefault(key, _line(owner.name, 0, page, paths.unit_page(owner)))
        group["count"] += 1
        filled = paths.form_filled_docx(unit, form)
        group["units"].append({"name": unit.name, "link": paths.relative(page, filled),
                               "label": download_label(filled, sizes[filled])})
    return list(groups.values())


KIND = OutputKind("form-page", "pages", gather, render_page, templates=PAGE_TEMPLATES)
