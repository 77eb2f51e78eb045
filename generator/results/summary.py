"""The district's summary: one value every results renderer reads.

Totals by level, a table per organisation and per category of organisation,
reporting progress and the rule checks' outcome. Aggregates only: no names
of members ever enter it. It is frozen and plain, so its digest is the cache
key of everything rendered from it.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator import model
from generator.results.checks import Status
from generator.results.settings import RuleView
from generator.results.values import Report


@dataclass(frozen=True)
class Line:
    """One table line: members and cells by level (level order of the rule set)."""

    label: str
    members: int
    not_rated: int
    rated: tuple[int, ...]
    cells: tuple[int, ...]
    proposed: str = ""
    state: str = ""
    unit_id: str = ""


@dataclass(frozen=True)
class Summary:
    year: int
    plan_id: str
    publisher: str
    levels: tuple[str, ...]  # short names, top first
    level_names: tuple[str, ...]
    not_rated: tuple[tuple[str, int], ...]  # (label, count)
    total: Line
    by_category: tuple[Line, ...]
    by_organisation: tuple[Line, ...]
    progress: tuple[Status, ...]
    outcome: tuple[str, ...]
    cap: str


def line(label: str, rules: RuleView, reports: list[Report], **extra) -> Line:
    """Sums over the rows of ``reports``."""
    rows = [row for report in reports for row in report.rows]
    rated = tuple(sum(row.counts.get(level, 0) for row in rows) for level in rules.level_ids)
    cells = tuple(sum(1 for row in rows if row.level == level) for level in rules.level_ids)
    members = sum(row.counts.get("members", 0) for row in rows)
    not_rated = sum(row.counts.get(key, 0) for row in rows for key in rules.not_rated)
    return Line(label, members, not_rated, rated, cells, **extra)


def summarise(project: model.Project, plan: model.Plan, rules: RuleView, reports: dict[str, Report],
              statuses: list[Status], outcome: list[str]) -> Summary:
    """The summary of the accepted reports (returned ones left out)."""
    accepted = [reports[s.unit_id] for s in statuses if s.unit_id in reports]
    organisations = tuple(_organisation(project, rules, reports.get(s.unit_id), s) for s in statuses)
    categories: dict[str, list[Report]] = {}
    for report in accepted:
        categories.setdefault(_category(project, project.units[report.unit_id]), []).append(report)
    rows = [row for report in accepted for row in report.rows]
    not_rated = tuple((rules.not_rated_label(key), sum(row.counts.get(key, 0) for row in rows)) for key in rules.not_rated)
    cap = (f"{rules.cap.percent:g}% của số mức " + " + ".join(rules.level(l).short for l in rules.cap.denominator
                                                              if rules.level(l))
           + (f"; {rules.cap.raised_percent:g}% cho " + ", ".join(project.units[u].name for u in rules.cap.raised_units
                                                              if u in project.units)
              if rules.cap.raised_units else ""))
    return Summary(plan.year, plan.id, project.publisher.name, tuple(l.short for l in rules.levels),
                   tuple(l.name for l in rules.levels), not_rated, line("Toàn đảng bộ", rules, accepted),
                   tuple(line(name, rules, items) for name, items in sorted(categories.items())),
                   organisations, tuple(statuses), tuple(outcome), cap)


def _category(project: model.Project, unit: model.Unit) -> str:
    names = {c.id: c.name for c in project.organisation.categories}
    return names.get(unit.category or "", project.kinds[unit.kind].name)


def _organisation(project, rules: RuleView, report: Report | None, state: Status) -> Line:
    unit = project.units[state.unit_id]
    proposed = rules.level(report.proposed).short if report and rules.level(report.proposed or "") else ""
    return line(unit.name, rules, [report] if report else [], proposed=proposed, state=state.state,
                unit_id=unit.id)
