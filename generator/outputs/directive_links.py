"""How directives relate: which replace which, and each one's status in words."""

from __future__ import annotations

from generator.model import Directive, Project


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
