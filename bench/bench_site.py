"""Site benchmark: the whole ``sotay build`` on synthetic trees of 300 and 3,000 units.

``bench_site`` is called by ``make bench``. Each size is written by
:func:`bench.synthetic.write_tree` and built with the real
:func:`generator.build.build` into a throwaway project (a copy of
``mkdocs.yml`` and ``templates/site``), so the figures include checking,
schedules, DOCX, calendars, pages and MkDocs. Goals (issue 5): the median page
at 3,000 units at most 1.5× the one at 300 (navigation stays light), and the
build time ratio at most 11 (no quadratic growth).
"""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from pathlib import Path

from bench import synthetic
from bench.goals import goal
from generator.build import build
from generator.site import search_index

PROJECT_DIR = Path(__file__).resolve().parent.parent  # the example project
from generator.progress import Progress

SIZES = (300, 3_000)
PAGE_RATIO_GOAL = 1.5
TIME_RATIO_GOAL = 11.0


def scratch_project(root: Path) -> Path:
    """A project folder holding only what the site writer reads."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy2(PROJECT_DIR / "mkdocs.yml", root / "mkdocs.yml")
    return root


def page_sizes(site_dir: Path) -> list[int]:
    """Byte sizes of every HTML page of a built site."""
    return [path.stat().st_size for path in site_dir.rglob("*.html")]


def site_figures(n: int) -> dict[str, float | int]:
    """Build a synthetic tree of ``n`` units; its build seconds and page sizes."""
    with tempfile.TemporaryDirectory(prefix="sotay-bench-site-") as folder:
        root = Path(folder)
        content = synthetic.write_tree(root / "content", n)
        started, cpu = time.perf_counter(), time.process_time()
        report = build(content, root / "site", scratch_project(root / "project"), progress=Progress(None))
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        sizes = page_sizes(root / "site")
        index = sum(p.stat().st_size for p in (root / "site" / search_index.FOLDER).rglob("*") if p.is_file())
        site_bytes = sum(p.stat().st_size for p in (root / "site").rglob("*") if p.is_file())
    assert report.units == n, f"synthetic tree built {report.units} units, not {n}"
    prefix = f"site_{n}_units"
    return {f"{prefix}_build_s": round(seconds, 2),
            f"{prefix}_build_cpu_s": round(cpu, 2),
            f"{prefix}_pages": len(sizes),
            f"{prefix}_median_page_kb": round(statistics.median(sizes) / 1000, 1),
            f"{prefix}_largest_page_kb": round(max(sizes) / 1000, 1),
            f"{prefix}_search_index_kb": round(index / 1000, 1),
            f"{prefix}_site_mb": round(site_bytes / 1e6, 1)}


def bench_site(sizes: tuple[int, int] = SIZES) -> dict:
    """Build seconds and median page size at both sizes, and their ratios."""
    small, large = sizes
    figures = site_figures(small) | site_figures(large)
    page_ratio = figures[f"site_{large}_units_median_page_kb"] / figures[f"site_{small}_units_median_page_kb"]
    time_ratio = figures[f"site_{large}_units_build_s"] / figures[f"site_{small}_units_build_s"]
    # CPU seconds as well: on a busy machine wall time swings, the build is one process.
    cpu_ratio = figures[f"site_{large}_units_build_cpu_s"] / figures[f"site_{small}_units_build_cpu_s"]
    figures[f"site_page_size_ratio_{large}_to_{small}"] = round(page_ratio, 2)
    figures[f"site_build_cpu_ratio_{large}_to_{small}"] = round(cpu_ratio, 2)
    figures[f"site_build_time_ratio_{large}_to_{small}"] = round(time_ratio, 2)
    figures["site_page_size_ratio_goal"] = PAGE_RATIO_GOAL
    figures["site_build_time_ratio_goal"] = TIME_RATIO_GOAL
    figures |= goal(f"site_median_page_{large}_vs_{small}", figures[f"site_{large}_units_median_page_kb"],
                    figures[f"site_{small}_units_median_page_kb"], PAGE_RATIO_GOAL,
                    f"trang trung vị (kB), {large:,} / {small:,} đơn vị")
    figures |= goal(f"site_build_{large}_vs_{small}", figures[f"site_{large}_units_build_s"],
                    figures[f"site_{small}_units_build_s"], TIME_RATIO_GOAL,
                    f"sotay build (s, trong tiến trình), {large:,} / {small:,} đơn vị")
    return figures


if __name__ == "__main__":
    print(bench_site())
