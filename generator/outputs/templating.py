"""The Jinja2 environment every text renderer shares.

Templates ship in the package (``generator/templates``); a project's own
``templates/`` overrides them file by file (:mod:`generator.folders`). ``StrictUndefined``
makes a missing value fail loudly instead of printing blank. Markdown output is
not HTML-autoescaped; content text goes through the ``md`` filter instead,
which makes it literal Markdown (see :mod:`generator.markdown_text`).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jinja2

from generator.outputs.markdown_text import front_title, heading_id, md_escape
from generator.workdays import vn_date
from generator.errors import SotayError
from generator.folders import template_dirs, template_path


def environment() -> jinja2.Environment:
    """The environment for the active template folders (templates compile once per process)."""
    return _environment(template_dirs())


def forget_compiled() -> None:
    """Drop compiled templates, so the next render reads the template files again."""
    _environment.cache_clear()


@lru_cache(maxsize=4)
def _environment(dirs: tuple[Path, ...]) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in dirs]),
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
    env.filters["front_title"] = front_title
    env.filters["vndate"] = vn_date
    env.filters["anchor"] = heading_id
    return env


class MissingTemplate(SotayError):
    """A template file is missing (a broken install or a project override gone)."""


def render(template: str, **values) -> str:
    """Render one template to text."""
    try:
        loaded = environment().get_template(template)
    except jinja2.TemplateNotFound as error:
        folders = ", ".join(str(d) for d in template_dirs())
        raise MissingTemplate(f"thiếu tệp mẫu «{error.name}» (đã tìm trong: {folders}); "
                              "hãy khôi phục tệp này hoặc cài lại sotay") from None
    return loaded.render(**values)


def template_bytes(template: str) -> bytes:
    """A template's source bytes (for cache keys)."""
    path = template_path(template)
    if not path.is_file():
        raise MissingTemplate(f"thiếu tệp mẫu «{template}» (đã tìm trong: "
                              f"{', '.join(str(d) for d in template_dirs())}); hãy khôi phục tệp này")
    return path.read_bytes()
