"""Output kind: the home page: the current campaign, its deadlines, quick entry."""

from __future__ import annotations

from generator.outputs import paths
from generator.outputs.kind import OutputKind
from generator.outputs.page import PAGE_TEMPLATES, TemplatePage, render_page


def gather(campaign, sizes):
    project, plan = campaign.project, campaign.plan
    org = project.organisation
    home = paths.HOME
    links = {name: paths.relative(home, paths.section_index(section)) for name, section in (
        ("directives", paths.DIRECTIVES), ("guidance", paths.GUIDANCE), ("plans", paths.PLANS),
        ("forms", paths.FORMS), ("units", paths.UNITS))}
    links["changes"] = paths.relative(home, paths.CHANGES)
    deadlines = []
    if plan:
        deadlines = [{"end": s.end, "title": s.title, "who": s.who or "",
                      "level": project.levels[s.level].name if s.level in project.levels else s.level}
                     for s in sorted(plan.schedule.steps, key=lambda s: (s.end, s.id))]
    yield home, TemplatePage("pages/home.md.j2", {
        "site_title": org.site_title, "site_description": org.site_description,
        "illustrative": org.illustrative, "plan": plan, "deadlines": deadlines,
        "plan_link": paths.relative(home, paths.plan_page(project.publisher)),
        "units_link": links["units"], "links": links,
        "counts": {"directives": len(project.directives), "guidance": len(project.guidance),
                   "forms": len(project.forms), "units": len(project.units)}})


KIND = OutputKind("home", "pages", gather, render_page, templates=PAGE_TEMPLATES)
