"""Check stage, after rendering: links written by the publisher must lead somewhere.

Guidance pages are the only Markdown people write by hand; a link there to a
page that is not generated (a typo, a unit that was renamed) would otherwise
be a silent 404 on the intranet. Checked against the real set of outputs, so
it cannot drift from the page layout; reported as warnings with their place.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from posixpath import dirname, join, normpath

from generator.outputs import paths
from generator.errors import WARNING, Problem, display_path
from generator.load.readers import decode_text
from generator.model import Project

# [text](target) and ![alt](target), with an optional "title".
LINK = re.compile(r"\[[^\]\n]*\]\(\s*<?([^)\s>]+)>?(?:\s+[\"'][^\"'\n]*[\"'])?\s*\)")
EXTERNAL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")  # http:, https:, mailto:, tel: …
HINT = ("kiểm tra tên trang; trang hướng dẫn khác viết «ten-trang.md», "
        "trang đơn vị viết «../don-vi/ma-don-vi.md»")


def target_of(page: str, link: str) -> str | None:
    """The docs-tree path a relative link points to; None for external or in-page links."""
    if EXTERNAL.match(link) or link.startswith("#"):
        return None
    path = link.split("#", 1)[0].split("?", 1)[0]
    if path.startswith("/"):
        return path  # never inside the docs tree: site-root links break under file://
    return normpath(join(dirname(page), path))


def broken_links(project: Project, outputs: Collection[str]) -> list[Problem]:
    """A warning for every guidance link whose target is not among ``outputs``."""
    problems = []
    for page in project.guidance.values():
        file = project.sources.of(page).file
        text = decode_text(file.read_bytes())
        docs_path = paths.guidance_page(page.id)
        for match in LINK.finditer(text):
            link = match.group(1)
            target = target_of(docs_path, link)
            if target is None or target in outputs:
                continue
            line = text.count("\n", 0, match.start(1)) + 1
            column = match.start(1) - (text.rfind("\n", 0, match.start(1)) + 1) + 1
            problems.append(Problem(display_path(file), line, column,
                                    f"liên kết «{link}» không dẫn tới trang hay tệp nào của trang web",
                                    HINT, WARNING))
    return problems
