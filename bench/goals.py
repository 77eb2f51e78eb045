"""Goals: a measured value, the anchor it is compared with, their ratio and the limit.

A benchmark states a goal by adding ``goal(...)`` to the flat dict it returns:
one entry ``goal_<name>`` → ``{"value", "anchor", "ratio", "goal", "about"}``.
``ratio`` is value / anchor and the goal holds when ``ratio <= goal``; a goal
without an anchor (``anchor=None``, e.g. "no page above 200 kB") holds when
``value <= goal``. ``make bench`` gathers every ``goal_*`` entry into one table.
"""

from __future__ import annotations

from typing import Any

PREFIX = "goal_"


def goal(name: str, value: float, anchor: float | None, limit: float, about: str) -> dict[str, dict]:
    """The figure entry of one goal; ``about`` says what value and anchor are (Vietnamese)."""
    ratio = None if anchor is None else round(value / anchor, 3) if anchor else float("inf")
    return {PREFIX + name: {"value": value, "anchor": anchor, "ratio": ratio, "goal": limit,
                            "about": about}}


def holds(entry: dict[str, Any]) -> bool:
    """Whether a goal entry is met: its ratio (or, without an anchor, its value) within the goal."""
    measured = entry["value"] if entry.get("anchor") is None else entry["ratio"]
    return measured is not None and measured <= entry["goal"]


def goals_of(figures: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The goal entries among ``figures``, by name without the prefix."""
    return {name.removeprefix(PREFIX): value for name, value in figures.items()
            if name.startswith(PREFIX) and isinstance(value, dict)}


def goal_rows(figures: dict[str, Any]) -> list[tuple[str, str, str, str, str, str, bool]]:
    """(name, about, value, anchor, ratio, goal, holds) of every goal, as printed."""
    rows = []
    for name, entry in goals_of(figures).items():
        ratio, anchor = entry.get("ratio"), entry.get("anchor")
        limit = f"≤ {_number(entry['goal'])}" + ("×" if anchor is not None else "")
        rows.append((name, entry.get("about", ""), _number(entry["value"]),
                     "—" if anchor is None else _number(anchor),
                     "—" if ratio is None else f"{_number(ratio)}×", limit, holds(entry)))
    return rows


def print_goals(figures: dict[str, Any]) -> int:
    """Print the goal table (✓ green, ✗ red); the number of goals that do not hold."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title="sotay bench: mục tiêu", title_justify="left")
    for column in ("mục tiêu", "đo gì", "giá trị", "mốc so sánh", "tỉ lệ", "giới hạn", ""):
        table.add_column(column, justify="left" if column in ("mục tiêu", "đo gì") else "right")
    failed = 0
    for *cells, ok in goal_rows(figures):
        failed += not ok
        table.add_row(*cells, "[green]✓[/]" if ok else "[red]✗[/]")
    Console().print(table)
    return failed


def _number(value: float) -> str:
    """A figure as printed: thousands grouped, small numbers to four significant places."""
    if isinstance(value, int) or abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:.3f}".rstrip("0").rstrip(".") if abs(value) >= 0.001 else f"{value:.2g}"
