"""The values the results stages pass along: locations, rows, reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from generator.errors import ERROR, Problem


@dataclass(frozen=True)
class Loc:
    """Where a value was read: ``file!sheet!cell`` (XLSX) or ``file:line:col`` (YAML)."""

    file: str
    line: int = 0
    column: int = 0
    sheet: str = ""
    cell: str = ""

    def problem(self, message: str, hint: str = "", severity: str = ERROR) -> Problem:
        """A content problem at this place."""
        if self.sheet:
            return Problem(self.file, 0, 0, message, hint, severity, cell=f"{self.sheet}!{self.cell}")
        return Problem(self.file, self.line, self.column, message, hint, severity)


@dataclass(frozen=True)
class Row:
    """One rated cell (chi bộ) of a report: counts by level, its own rating.

    ``counts`` maps "members", the not-rated categories, level ids and local
    rule ids to numbers; ``locs`` maps the same keys (and "unit", "level",
    "points") to where they were read.
    """

    unit_id: str
    counts: dict[str, int]
    level: str | None
    points: float | None
    locs: dict[str, Loc] = field(compare=False, hash=False)
    broken: bool = field(default=False, compare=False)  # a count could not be read: sums would mislead

    def rated(self, level_ids) -> int:
        return sum(self.counts.get(level, 0) for level in level_ids)

    def loc(self, key: str) -> Loc:
        return self.locs.get(key) or self.locs["unit"]


@dataclass(frozen=True)
class Report:
    """One unit's returned report, as read (not yet checked)."""

    file: str
    unit_id: str
    plan_id: str
    received: date | None
    proposed: str | None
    rows: tuple[Row, ...]
    locs: dict[str, Loc] = field(compare=False, hash=False)

    def loc(self, key: str) -> Loc:
        return self.locs.get(key) or self.locs["file"]
