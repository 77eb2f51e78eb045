"""Output kind: the site-wide "what changed" page, newest first.

Directives issued, guidance notes, and what each directive in force changes
(from the campaign's :attr:`~generator.campaign.Campaign.bringing`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from generator.outputs import paths
from generator.outputs.kind import OutputKind
from generator.outputs.page import PAGE_TEMPLATES, TemplatePage, render_page


@dataclass(frozen=True)
class ChangeEntry:
    date: date
    kind: str
    title: str
    link: str
    note: str = ""


def gather(campaign, sizes):
    page = paths.CHANGES
    entries = sorted([*change_entries(campaign.project, page), *applied_entries(campaign, page)],
                     key=lambda e: (e.date, e.kind, e.title), reverse=True)
    yield page, TemplatePage("pages/changes.md.j2", {
        "entries": entries, "illustrative": campaign.project.organisation.illustrative})


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
