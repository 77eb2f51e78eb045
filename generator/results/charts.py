"""SVG bar charts made at build time: no script, no external request, readable on a phone.

Every label is escaped; the chart scales with its container (``viewBox``) and
its numbers are written beside the bars, and the page shows the same numbers
in a table next to it.
"""

from __future__ import annotations

from html import escape

WIDTH, BAR, GAP, LABEL = 640, 28, 12, 210
COLOURS = ("#2e7d32", "#1565c0", "#f9a825", "#c62828", "#6d4c41", "#546e7a")


def bar_chart(title: str, labels: tuple[str, ...], values: tuple[int, ...]) -> bytes:
    """A horizontal bar chart with a title, one bar per label and its value."""
    top = max(values, default=0) or 1
    span = WIDTH - LABEL - 70
    height = 40 + len(labels) * (BAR + GAP)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" '
             f'aria-label="{escape(title)}" font-family="sans-serif" font-size="15">',
             f"<title>{escape(title)}</title>",
             f'<text x="0" y="20" font-weight="bold">{escape(title)}</text>']
    for index, (label, value) in enumerate(zip(labels, values)):
        y = 36 + index * (BAR + GAP)
        width = round(span * value / top, 1)
        colour = COLOURS[index % len(COLOURS)]
        parts.append(f'<text x="0" y="{y + BAR * 0.7:.1f}">{escape(label)}</text>')
        parts.append(f'<rect x="{LABEL}" y="{y}" width="{width}" height="{BAR}" fill="{colour}"/>')
        parts.append(f'<text x="{LABEL + width + 6:.1f}" y="{y + BAR * 0.7:.1f}">{value}</text>')
    parts.append("</svg>\n")
    return "\n".join(parts).encode("utf-8")
