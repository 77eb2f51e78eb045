"""Where every output lives in the generated docs tree (and so its URL).

One place decides the layout so that pages, downloads and the writer agree.
Paths are POSIX, relative to the docs tree root. The static ``mkdocs.yml`` puts
only the section index pages in the navigation; every other page is reached
from its section's index, so a page never carries the whole unit list.
"""

from __future__ import annotations

import posixpath
import re

from generator.model import Form, Unit

HOME = "index.md"
DIRECTIVES = "van-ban"
GUIDANCE = "huong-dan"
PLANS = "ke-hoach"
FORMS = "bieu-mau"
UNITS = "don-vi"
DOWNLOADS = "tai-ve"
CHANGES = "thay-doi/index.md"
REFERENCE = "dinh-dang/index.md"
CHANGES_REPORT = "dinh-dang/bao-cao-thay-doi.md"  # with the reference: the editors' menu section
UNIT_LIST_XLSX = f"{DOWNLOADS}/danh-sach-don-vi.xlsx"
UNIT_LIST_CSV = f"{DOWNLOADS}/danh-sach-don-vi.csv"


def directive_page(directive_id: str) -> str:
    return f"{DIRECTIVES}/{directive_id}.md"


def directive_attachment(directive_id: str, filename: str) -> str:
    return f"{DIRECTIVES}/tep/{directive_id}/{filename}"


def guidance_page(page_id: str) -> str:
    return f"{GUIDANCE}/{page_id}.md"


def plan_page(unit: Unit) -> str:
    return f"{PLANS}/{unit.id}.md"


def plan_docx(unit: Unit, year: int) -> str:
    return f"{DOWNLOADS}/{unit.id}/ke-hoach-{year}-{unit.id}.docx"


def form_page(form: Form) -> str:
    return f"{FORMS}/{form.id}.md"


def form_blank_docx(form: Form) -> str:
    return f"{FORMS}/mau-trong/{form.id}.docx"


def form_filled_docx(unit: Unit, form: Form) -> str:
    return f"{DOWNLOADS}/{unit.id}/{form.id}-{unit.id}.docx"


def unit_ics(unit: Unit) -> str:
    return f"{DOWNLOADS}/{unit.id}/lich-{unit.id}.ics"


def unit_zip(unit: Unit) -> str:
    """Every document of the unit in one file."""
    return f"{DOWNLOADS}/{unit.id}/tai-lieu-{unit.id}.zip"


def results_sheet(unit: Unit, year: int) -> str:
    """The unit's ready-filled results sheet (to fill in and send back)."""
    return f"{DOWNLOADS}/{unit.id}/bang-ket-qua-{year}-{unit.id}.xlsx"


def unit_page(unit: Unit) -> str:
    """Flat, so a unit keeps its address when it moves in the tree."""
    return f"{UNITS}/{unit.id}.md"


def section_index(section: str) -> str:
    return f"{section}/index.md"


_NOT_PLAIN = re.compile(r"(?:^|/)\.{0,2}(?:/|$)")  # an empty, "." or ".." part


def relative(from_page: str, target: str) -> str:
    """Link from one docs-tree file to another, as Markdown wants it (what ``posixpath.relpath`` gives).

    Docs-tree paths are plain ("a/b.md": no "..", ".", empty parts nor leading "/"), so the
    link is worked out on their parts; relpath would also make both absolute against the
    working directory, a system call per link and tens of thousands of links per build.
    """
    folder_path = from_page.rsplit("/", 1)[0] if "/" in from_page else None
    if _NOT_PLAIN.search(target) or (folder_path is not None and _NOT_PLAIN.search(folder_path)):
        return posixpath.relpath(target, posixpath.dirname(from_page) or ".")
    folder = folder_path.split("/") if folder_path is not None else []
    parts = target.split("/")
    common = 0
    while common < min(len(folder), len(parts)) and folder[common] == parts[common]:
        common += 1
    return "/".join([".."] * (len(folder) - common) + parts[common:]) or "."
