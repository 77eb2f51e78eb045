"""Markdown pages made from a Jinja2 template and a context of plain data.

Most page kinds gather a :class:`TemplatePage`, the template's name and every
value it reads, and render it with :func:`render_page`. The context is the
page's whole input, so it is also what the page's cache key is made of.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from generator.outputs.templating import render as render_template

# Escaped control characters ("\\u0007" in YAML) pass the loader; pages drop them (DOCX too).
CONTROL_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
PAGE_TEMPLATES = ("pages", "forms", "plan")  # template folders Markdown pages are made from


@dataclass(frozen=True)
class TemplatePage:
    """A page's template and the values it is given."""

    template: str
    context: Mapping[str, Any]


def render_page(page: TemplatePage) -> bytes:
    """The page's Markdown bytes."""
    return CONTROL_CHARS.sub("", render_template(page.template, **page.context)).encode("utf-8")


def file_size(size: int) -> str:
    """Human size as Vietnamese readers expect it: "38 KB", "1,2 MB"."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")


def download_label(path: str, size: int) -> str:
    """ "DOCX · 38 KB" """
    return f"{path.rsplit('.', 1)[-1].upper()} · {file_size(size)}"
