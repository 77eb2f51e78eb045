"""Output kinds: a page per directive, and its attached file when it has one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.outputs import paths
from generator.outputs.directive_links import directive_status, supersede_chain, superseded_by
from generator.outputs.kind import OutputKind
from generator.outputs.page import PAGE_TEMPLATES, TemplatePage, download_label, render_page


def _attachment_path(directive) -> str:
    return paths.directive_attachment(directive.id, Path(directive.attachment.file).name)


def gather_attachments(campaign, sizes):
    project = campaign.project
    for directive in project.directives.values():
        if directive.attachment:
            yield _attachment_path(directive), (project.content_dir / directive.attachment.file).read_bytes()


def gather(campaign, sizes):
    project = campaign.project
    for directive in project.directives.values():
        page = paths.directive_page(directive.id)

        def link(other, page=page, current=directive.id) -> dict[str, Any]:
            return {"symbol": other.symbol, "date": other.date, "current": other.id == current,
                    "link": paths.relative(page, paths.directive_page(other.id))}

        attachment = None
        if directive.attachment:
            target = _attachment_path(directive)
            attachment = {"title": directive.attachment.title or target.rsplit("/", 1)[-1],
                          "link": paths.relative(page, target), "size": download_label(target, sizes[target])}
        yield page, TemplatePage("pages/directive.md.j2", {
            "directive": directive, "status": directive_status(project, directive),
            "superseded_by": [link(d) for d in superseded_by(project, directive)],
            "chain": [link(d) for d in supersede_chain(project, directive)], "attachment": attachment,
            "illustrative": directive.illustrative or project.organisation.illustrative})


def _as_is(data: bytes) -> bytes:
    return data


ATTACHMENT = OutputKind("directive-attachment", "documents", gather_attachments, _as_is)
KIND = OutputKind("directive-page", "pages", gather, render_page, templates=PAGE_TEMPLATES)
