"""Render stage: the site's general pages as Markdown.

Home, directives, guidance and the site-wide "what changed" page. Unit pages
are in :mod:`generator.render_units`; plans and forms in their own modules.
Every function returns ``{docs-tree path: bytes}`` and writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Iterable

from generator.outputs import paths
from generator.outputs.markdown_text import add_heading_ids
from generator.model import Directive, Project
from generator.outputs.templating import render as render_template


def encode(text: str) -> bytes:
    return text.encode("utf-8")


def file_size(size: int) -> str:
    """Human size as Vietnamese readers expect it: "38 KB", "1,2 MB"."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")


def download_label(path: str, size: int) -> str:
    """ "DOCX · 38 KB" """
    return f"{path.rsplit('.', 1)[-1].upper()} · {file_size(size)}"


# --- directives -------------------------------------------------------------


def superseded_by(project: Project, directive: Directive) -> list[Directive]:
    """Directives that replace this one, oldest first."""
    newer = [d for d in project.directives.values() if directive.id in d.supersedes]
    return sorted(newer, key=lambda d: (d.date, d.id))


def directive_status(project: Project, directive: Directive) -> str:
    newer = superseded_by(project, directive)
    if newer:
        return "Bị thay thế bởi " + ", ".join(d.symbol for d in newer)
    return "Còn hiệu lực"


def supersede_chain(project: Project, directive: Directive) -> list[Directive]:
    """Everything this directive replaced and what replaced it, by date."""
    seen: dict[str, Directive] = {}
    stack = [directive]
    while stack:
        current = stack.pop()
        if current.id in seen:
            continue
        seen[current.id] = current
        stack.extend(project.directives[i] for i in current.supersedes if i in project.directives)
        stack.extend(superseded_by(project, current))
    return sorted(seen.values(), key=lambda d: (d.date, d.id)) if len(seen) > 1 else []


def render_directives(project: Project) -> dict[str, bytes]:
    """The directives list (newest first) and a page per directive."""
    index = paths.section_index(paths.DIRECTIVES)
    ordered = sorted(project.directives.values(), key=lambda d: (d.date, d.id), reverse=True)
    rows = [{"directive": d, "link": paths.relative(index, paths.directive_page(d.id)),
             "status": directive_status(project, d)} for d in ordered]
    out = {index: encode(render_template("pages/directives.md.j2", rows=rows,
                                         illustrative=project.organisation.illustrative))}
    for directive in ordered:
        out.update(render_directive(project, directive))
    return out


def render_directive(project: Project, directive: Directive) -> dict[str, bytes]:
    page = paths.directive_page(directive.id)
    out: dict[str, bytes] = {}

    def link(other: Directive) -> dict[str, Any]:
        return {"symbol": other.symbol, "date": other.date, "current": other.id == directive.id,
                "link": paths.relative(page, paths.directive_page(other.id))}

    attachment = None
    if directive.attachment:
        source = project.content_dir / directive.attachment.file
        target = paths.directive_attachment(directive.id, source.name)
        out[target] = source.read_bytes()
        attachment = {"title": directive.attachment.title or source.name,
                      "link": paths.relative(page, target),
                      "size": download_label(target, len(out[target]))}
    text = render_template(
        "pages/directive.md.j2", directive=directive, status=directive_status(project, directive),
        superseded_by=[link(d) for d in superseded_by(project, directive)],
        chain=[link(d) for d in supersede_chain(project, directive)], attachment=attachment,
        illustrative=directive.illustrative or project.organisation.illustrative)
    out[page] = encode(text)
    return out


# --- guidance ---------------------------------------------------------------


def render_guidance(project: Project) -> dict[str, bytes]:
    """The guidance index (by order) and each guidance page with its history."""
    index = paths.section_index(paths.GUIDANCE)
    pages = sorted(project.guidance.values(), key=lambda p: (p.meta.order, p.id))
    rows = [{"page": p, "link": paths.relative(index, paths.guidance_page(p.id))} for p in pages]
    out = {index: encode(render_template("pages/guidance_index.md.j2", rows=rows,
                                         illustrative=project.organisation.illustrative))}
    for page in pages:
        changes = sorted(page.meta.changes, key=lambda c: c.date, reverse=True)
        text = render_template("pages/guidance.md.j2", page=page, body=add_heading_ids(page.body.strip()),
                               changes=changes,
                               illustrative=page.meta.illustrative or project.organisation.illustrative)
        out[paths.guidance_page(page.id)] = encode(text)
    return out


# --- what changed -----------------------------------------------------------


@dataclass(frozen=True)
class ChangeEntry:
    date: date
    kind: str
    title: str
    link: str
    note: str = ""


def change_entries(project: Project, from_page: str) -> list[ChangeEntry]:
    """Site-wide changes, newest first: directives issued and guidance notes."""
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
    return sorted(entries, key=lambda e: (e.date, e.kind, e.title), reverse=True)


def render_changes(project: Project, extra: Iterable[ChangeEntry] = ()) -> dict[str, bytes]:
    page = paths.CHANGES
    entries = sorted([*change_entries(project, page), *extra],
                     key=lambda e: (e.date, e.kind, e.title), reverse=True)
    return {page: encode(render_template("pages/changes.md.j2", entries=entries,
                                         illustrative=project.organisation.illustrative))}


# --- home -------------------------------------------------------------------


def render_home(project: Project, schedules: dict) -> dict[str, bytes]:
    """Home: the current campaign, its deadlines (nearest first), quick entry."""
    org = project.organisation
    plan = project.plans.get(org.current_plan) if org.current_plan else None
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
    text = render_template(
        "pages/home.md.j2", site_title=org.site_title, site_description=org.site_description,
        illustrative=org.illustrative, plan=plan, deadlines=deadlines,
        plan_link=paths.relative(home, paths.plan_page(project.publisher)),
        units_link=links["units"], links=links,
        counts={"directives": len(project.directives), "guidance": len(project.guidance),
                "forms": len(project.forms), "units": len(project.units)})
    return {home: encode(text)}


def render(project: Project, schedules: dict) -> dict[str, bytes]:
    """Every general page of the site."""
    out: dict[str, bytes] = {}
    out |= render_home(project, schedules)
    out |= render_directives(project)
    out |= render_guidance(project)
    from generator.campaign.changes import site_entries  # changes imports this module

    out |= render_changes(project, site_entries(project))
    return out
