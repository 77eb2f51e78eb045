"""Output kind: the plans section, the publisher's plan then every unit's, in tree order.

A district lists every plan on one page. Above :data:`ROWS_LIMIT` plans (a
province, a large synthetic tree) the index keeps the publisher's plan and
links one page per unit category, each listing that category's plans, so no
page grows with the whole tree.
"""

from __future__ import annotations

from generator.outputs import paths
from generator.outputs.kind import OutputKind
from generator.outputs.page import PAGE_TEMPLATES, TemplatePage, download_label, render_page
from generator.outputs.unit_groups import by_category

ROWS_LIMIT = 300
GROUPS = f"{paths.PLANS}/nhom"  # the category pages: ke-hoach/nhom/<category>.md


def gather(campaign, sizes):
    if not campaign.unit_plans:
        return
    index = paths.section_index(paths.PLANS)
    organisation = campaign.project.organisation
    common = {"year": campaign.plan.year, "illustrative": organisation.illustrative}
    if len(campaign.unit_plans) <= ROWS_LIMIT:
        yield index, TemplatePage("plan/index.md.j2", {"rows": _rows(campaign, index, campaign.unit_plans, sizes),
                                                       "groups": [], **common})
        return
    publisher = campaign.project.publisher.id
    groups = []
    for group in by_category(campaign.project, (u for u in campaign.unit_plans if u != publisher)):
        page = f"{GROUPS}/{group.category}.md"
        groups.append({"name": group.name, "count": len(group.unit_ids), "page": paths.relative(index, page)})
        yield page, TemplatePage("plan/group.md.j2", {"name": group.name, **common,
                                                       "rows": _rows(campaign, page, group.unit_ids, sizes)})
    own = [publisher] if publisher in campaign.unit_plans else []
    yield index, TemplatePage("plan/index.md.j2", {"rows": _rows(campaign, index, own, sizes),
                                                   "groups": groups, **common})


def _rows(campaign, page: str, unit_ids, sizes) -> list[dict]:
    """One table row per plan: the unit, the issuing body, the DOCX (links relative to ``page``)."""
    rows = []
    for unit_id in unit_ids:
        unit, plan = campaign.units[unit_id], campaign.unit_plans[unit_id]
        docx = paths.plan_docx(unit, plan.year)
        rows.append({"name": unit.name, "body": plan.issuer,
                     "page": paths.relative(page, paths.plan_page(unit)),
                     "docx": paths.relative(page, docx),
                     "docx_label": download_label(docx, sizes[docx])})
    return rows


KIND = OutputKind("plans-index", "pages", gather, render_page, templates=PAGE_TEMPLATES)
