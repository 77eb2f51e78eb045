"""``sotay build``: the whole pipeline, top to bottom.

load and check → plan the schedules → render every output in memory → write
the site atomically. Nothing touches ``site/`` until every output exists, so a
content error or a crash leaves the previous site whole.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from . import (render_calendar, render_forms, render_pages, render_plans, render_reference,
               render_units, schedule)
from .check import check
from .errors import Problem
from .progress import Progress
from .write import write_site

PROJECT_DIR = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class BuildReport:
    """What a build made; ``summary`` is the one line the CLI prints."""

    units: int
    documents: int
    pages: int
    seconds: float
    warnings: list[Problem]

    @property
    def summary(self) -> str:
        return (f"Đã dựng trang: {self.units} đơn vị, {self.documents} tài liệu, "
                f"{self.pages} trang trong {self.seconds:.1f} giây.")


def render_all(project, schedules, progress: Progress) -> dict[str, bytes]:
    """Every output of the docs tree, in memory."""
    files: dict[str, bytes] = {}
    with progress.stage("Kế hoạch", len(project.units)):
        files |= render_plans.render(project, schedules)
    with progress.stage("Biểu mẫu", len(project.units)):
        files |= render_forms.render(project, schedules)
    files |= render_calendar.render(project, schedules)
    with progress.stage("Trang", len(project.units)):
        files |= render_units.render(project, schedules, files)
        files |= render_pages.render(project, schedules)
        files |= render_reference.render()
    return files


def build(content_dir: Path, site_dir: Path, project_dir: Path | None = None,
          progress: Progress | None = None) -> BuildReport:
    """Check the content, render everything, then swap the new site in."""
    started = time.perf_counter()
    progress = progress or Progress.for_terminal()
    project, warnings = check(content_dir)
    schedules = schedule.derive(project)
    files = render_all(project, schedules, progress)
    with progress.stage("Dựng trang web", 1):
        write_site(files, project_dir or PROJECT_DIR, site_dir)
    documents = sum(1 for path in files if path.endswith((".docx", ".ics")))
    pages = sum(1 for path in files if path.endswith(".md"))
    return BuildReport(len(project.units), documents, pages,
                       time.perf_counter() - started, warnings)
