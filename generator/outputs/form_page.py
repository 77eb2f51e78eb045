"""Output kind: every form's web page: facts, blank download, preview, filled copies by unit."""

from __future__ import annotations

from generator.outputs import paths
from generator.outputs.form_preview import AUDIENCE_NAMES, preview
from generator.outputs.kind import OutputKind
from generator.outputs.page import PAGE_TEMPLATES, TemplatePage, download_label, render_page


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


#: Up to this many filled copies a form page links each one; above it, one line per
#: organisation (its count and its page, where its units and their copies are listed).
LINKED_COPIES_LIMIT = 500


def unit_groups(campaign, form, units, page: str, sizes) -> list[dict]:
    """Filled-copy links grouped under the unit above (the publisher's own first)."""
    project = campaign.project
    groups: dict[str, dict] = {}
    for unit in units:
        parent = project.units.get(unit.parent or "")
        key = parent.id if parent and parent.id != project.organisation.publisher else ""
        title = parent.name if key else project.publisher.name
        owner = parent if key else project.publisher
        group = groups.setdefault(key, {"title": title, "units": [], "count": 0,
                                        "link": paths.relative(page, paths.unit_page(owner))})
        group["count"] += 1
        if len(units) <= LINKED_COPIES_LIMIT:
            filled = paths.form_filled_docx(unit, form)
            group["units"].append({"name": unit.name, "link": paths.relative(page, filled),
                                   "label": download_label(filled, sizes[filled])})
    return list(groups.values())


KIND = OutputKind("form-page", "pages", gather, render_page, templates=PAGE_TEMPLATES)
