"""The Jinja2 environment every text renderer shares.

Templates live in the project's ``templates/`` folder. ``StrictUndefined``
makes a missing value fail loudly instead of printing blank. Markdown output is
not HTML-autoescaped; content text goes through the ``md`` filter instead,
which makes it literal Markdown (see :mod:`generator.markdown_text`).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jinja2

from .markdown_text import heading_id, md_escape
from .workdays import vn_date

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The shared environment (cached: templates compile once per process)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        # Markdown heading ids are written "{#id}", Jinja's default comment
        # opener: comments use "{##" … "##}" instead.
        comment_start_string="{##",
        comment_end_string="##}",
    )
    env.filters["md"] = md_escape
    env.filters["vndate"] = vn_date
    env.filters["anchor"] = heading_id
    return env


def render(template: str, **values) -> str:
    """Render one template to text."""
    return environment().get_template(template).render(**values)


def template_bytes(template: str) -> bytes:
    """A template's source bytes (for cache keys)."""
    return (TEMPLATES_DIR / template).read_bytes()
