"""A unit's steps drawn as bars on a dated axis (HTML for its page).

The bars and the month ticks are placed at build time from the dates alone;
``assets/sotay/deadlines.js`` adds the "today" marker and greys past bars by
the reader's date, so the page is the same whatever day it was built, and is
still right (without a "today") when scripts do not run. The table above it
carries the same facts for screen readers: the drawing is ``aria-hidden``.
"""

from __future__ import annotations

import html
from datetime import date
from typing import Any

from generator.workdays import vn_date

MAX_TICKS = 6  # month labels on the axis; longer campaigns label every second or third month


def timeline_html(steps: list[Any]) -> str:
    """One bar a step on the campaign's span, under an axis of months."""
    if not steps:
        return ""
    first = min((getattr(s, "start", None) or s.end) for s in steps)
    last = max(s.end for s in steps)
    span = max((last - first).days, 1)
    rows = [_axis(first, last, span)] + [_row(step, first, span) for step in steps]
    return (f'<div class="sotay-timeline" aria-hidden="true" data-start="{first.isoformat()}" '
            f'data-end="{last.isoformat()}">\n' + "\n".join(rows) + "\n</div>")


def _row(step: Any, first: date, span: int) -> str:
    start = getattr(step, "start", None) or step.end
    left = 100 * (start - first).days / span
    width = max(100 * (step.end - start).days / span, 1.5)
    left = min(left, 100 - width)  # a deadline on the last day still shows its mark
    return (f'<div class="sotay-timeline__row" data-end="{step.end.isoformat()}">'
            f'<span class="sotay-timeline__label">{html.escape(step.title)}</span>'
            f'<span class="sotay-timeline__track"><span class="sotay-timeline__bar" '
            f'style="margin-left:{left:.1f}%;width:{width:.1f}%"></span></span>'
            f'<span class="sotay-timeline__date">{vn_date(step.end)}</span></div>')


def _axis(first: date, last: date, span: int) -> str:
    ticks = month_starts(first, last)
    every = -(-len(ticks) // MAX_TICKS)  # ceiling: at most MAX_TICKS labels
    marks = "".join(f'<span class="sotay-timeline__tick" style="left:{100 * (day - first).days / span:.1f}%">'
                    f'{day.month:02d}/{day.year}</span>' for day in ticks[::every])
    return (f'<div class="sotay-timeline__row sotay-timeline__axis"><span class="sotay-timeline__label">'
            f'{vn_date(first)}</span><span class="sotay-timeline__track sotay-timeline__scale">{marks}</span>'
            f'<span class="sotay-timeline__date">{vn_date(last)}</span></div>')


def month_starts(first: date, last: date) -> list[date]:
    """The first day of every month after ``first`` up to ``last``."""
    days = []
    year, month = first.year, first.month
    while True:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        day = date(year, month, 1)
        if day > last:
            return days
        days.append(day)
