"""Output kinds: the site-wide "what changed" page, and the publisher's changes report.

The readers' page lists, newest first, what each publication changed for the
units (moved deadlines, changed forms and plans, results reports received or
withdrawn, from the project's
publication history, :mod:`generator.campaign.history`: the same comparison
``sotay changes`` prints), grouped by change so a move that reaches every cell
is one line with its units; then directives issued, guidance notes, and what
each directive in force changes (the campaign's
:attr:`~generator.campaign.Campaign.bringing`). The publisher's report
(in the menu's section for editors) gives each publication's counts and its
changes unit by unit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from generator.campaign.history import FILE, local_day, local_moment
from generator.outputs import paths
from generator.outputs.unit_changes import change_lines
from generator.outputs.kind import OutputKind
from generator.outputs.page import PAGE_TEMPLATES, TemplatePage, render_page


@dataclass(frozen=True)
class ChangeEntry:
    date: date
    kind: str
    title: str
    link: str
    note: str = ""


#: Units linked under one change on the readers' page; the rest are counted (each unit page has its own).
LINKED_UNITS_LIMIT = 30
#: Units listed per publication in the publisher's report; above it, `sotay changes` has them all.
REPORT_UNITS_LIMIT = 500


def gather(campaign, sizes):
    page = paths.CHANGES
    entries = sorted([*change_entries(campaign.project, page), *applied_entries(campaign, page)],
                     key=lambda e: (e.date, e.kind, e.title), reverse=True)
    yield page, TemplatePage("pages/changes.md.j2", {
        "entries": entries, "publications": publications(campaign, page),
        "illustrative": campaign.project.organisation.illustrative})


def publications(campaign, page: str) -> list[dict]:
    """Each publication that changed something, newest first: {date, groups: [{line, units, more}]}."""
    history = campaign.history
    found = []
    for revision in reversed(history.revisions if history else ()):
        groups: dict[str, list] = {}
        for change in revision.units:
            for line in change_lines(change):
                groups.setdefault(line, []).append(_unit_link(campaign, change, page))
        found.append({"date": local_day(revision.at), "groups": [
            {"line": line, "units": units[:LINKED_UNITS_LIMIT], "more": max(len(units) - LINKED_UNITS_LIMIT, 0)}
            for line, units in groups.items()]})
    return found


def _unit_link(campaign, change, page: str) -> dict:
    unit = campaign.units.get(change.unit_id)
    return {"name": change.name, "link": paths.relative(page, paths.unit_page(unit)) if unit else ""}


def gather_report(campaign, sizes):
    page = paths.CHANGES_REPORT
    history = campaign.history
    revisions = [{"at": local_moment(r.at), "counts": counts(r), "more": max(len(r.units) - REPORT_UNITS_LIMIT, 0),
                  "units": [{**_unit_link(campaign, c, page), "lines": change_lines(c)}
                            for c in r.units[:REPORT_UNITS_LIMIT]]}
                 for r in reversed(history.revisions if history else ())]
    yield page, TemplatePage("pages/changes_report.md.j2", {
        "revisions": revisions, "plan": history.plan_id if history else "", "file": FILE,
        "since": local_moment(history.revisions[0].at) if history and history.revisions else "",
        "illustrative": campaign.project.organisation.illustrative})


def counts(revision) -> dict[str, int]:
    """A publication's figures, as `sotay changes` counts them."""
    units = revision.units
    return {"units": len(units), "added": sum(u.status == "added" for u in units),
            "removed": sum(u.status == "removed" for u in units),
            "dates": sum(len(u.dates) for u in units if u.status == "changed"),
            "forms": sum(len(u.forms_added) + len(u.forms_removed) + len(u.forms_renamed) for u in units),
            "plans": sum(bool(u.plan_sections) for u in units if u.status == "changed"),
            "results": sum(bool(u.results) for u in units if u.status != "removed")}


def change_entries(project, from_page: str) -> list[ChangeEntry]:
    """Directives issued and guidance notes."""
    entries = [
        ChangeEntry(d.date, "Văn bản mới", f"{d.type} {d.symbol}",
                    paths.relative(from_page, paths.directive_page(d.id)),
                    ("thay thế " + ", ".join(project.directives[i].symbol for i in d.supersedes
                                              if i in project.directives)) if d.supersedes else "")
        for d in project.directives.values()
    ]
    for page in project.guidance.values():
        link = paths.relative(from_page, paths.guidance_page(page.id))
        entries.append(ChangeEntry(page.meta.issued, "Hướng dẫn mới", page.meta.title, link))
        entries.extend(ChangeEntry(c.date, "Cập nhật hướng dẫn", page.meta.title, link, c.note)
                       for c in page.meta.changes)
    return entries


def applied_entries(campaign, from_page: str) -> list[ChangeEntry]:
    """What each directive in force changes, and for how many units."""
    count = len(campaign.units)
    return [ChangeEntry(d.date, "Thay đổi áp dụng", f"{d.type} {d.symbol}",
                        paths.relative(from_page, paths.directive_page(d.id)),
                        f"kế hoạch, lịch và biểu mẫu của {count} đơn vị được tạo lại theo văn bản này")
            for d in campaign.bringing]


KIND = OutputKind("changes-page", "pages", gather, render_page, templates=PAGE_TEMPLATES)
REPORT = OutputKind("changes-report", "pages", gather_report, render_page, templates=PAGE_TEMPLATES)
