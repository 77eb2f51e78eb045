"""Whole-process build benchmark: ``sotay build`` against plain ``mkdocs build`` (issue 15).

Every figure is of whole processes (:mod:`bench.process`, ``/usr/bin/time``: wall
seconds, max RSS), so imports, forks and the swap count. At 3,000 units a clean
``sotay build`` (no cache, no ``build/``, no ``site/``) alternates with plain
``mkdocs build`` of the very docs tree sotay generated (its ``build/docs`` and
``mkdocs.yml``), ``process.RUNS`` times each; the medians and their ratio are
reported, goal :data:`RATIO_GOAL`. The machine is shared: alternating runs and
medians keep a burst of someone else's work from landing on one side only, and
the load average before and after is recorded with the figures.

At 10,000 units one clean build gives the peak memory (goal
:data:`RSS_GOAL_MB`), the bytes the project holds on disk for its outputs
(``.cache``, ``build/docs`` and ``site``, each inode counted once, against the
site's own size: outputs stored once means a ratio near 1) and the largest HTML
page (goal :data:`PAGE_GOAL_KB`).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from bench import process, synthetic
from bench.goals import goal

PROJECT_DIR = Path(__file__).resolve().parent.parent  # the example project: its mkdocs.yml
SPEED_UNITS = 3_000
LARGE_UNITS = 10_000
RATIO_GOAL = 0.8
RSS_GOAL_MB = 400
PAGE_GOAL_KB = 200
OUTPUT_DIRS = (".cache", "build/docs", "site")


def new_project(root: Path, n: int) -> Path:
    """A project folder with a synthetic district of ``n`` units and the example's mkdocs.yml."""
    root.mkdir(parents=True)
    shutil.copy2(PROJECT_DIR / "mkdocs.yml", root / "mkdocs.yml")
    synthetic.write_tree(root / "content", n)
    return root


def clean_build(project: Path) -> process.Run:
    """A full ``sotay build`` from nothing: cache, docs tree, site and its spare copy removed first (untimed)."""
    for name in (".cache", "build", "site", ".site.spare"):
        shutil.rmtree(project / name, ignore_errors=True)
    return process.time_command(process.sotay("build"), cwd=project)


def plain_mkdocs(tree: Path) -> process.Run:
    """Plain ``mkdocs build`` of a generated tree (``build/docs``, ``build/overrides``, mkdocs.yml)."""
    return process.time_command(process.python("-m", "mkdocs", "build", "-q", "-d", tree / "site"), cwd=tree)


def load_average() -> float:
    """The 1-minute load average (2 cores: above 2 the machine is busy with other work)."""
    return round(os.getloadavg()[0], 2)


def speed_figures(n: int = SPEED_UNITS, runs: int = process.RUNS) -> dict:
    """Median whole-process seconds of a clean sotay build and of plain mkdocs, alternating."""
    with tempfile.TemporaryDirectory(prefix="sotay-bench-build-") as folder:
        project = new_project(Path(folder) / "project", n)
        clean_build(project)  # warms the page cache and makes the tree mkdocs builds
        tree = Path(folder) / "tree"
        tree.mkdir()
        shutil.copy2(project / "mkdocs.yml", tree / "mkdocs.yml")
        shutil.copytree(project / "build", tree / "build", ignore=shutil.ignore_patterns("*.json"))
        load_before = load_average()
        medians = process.alternate({"sotay": lambda: clean_build(project),
                                     "mkdocs": lambda: plain_mkdocs(tree)}, runs)
    prefix = f"build_{n}_units"
    return (process.figures(prefix, medians)
            | {f"{prefix}_runs": runs, f"{prefix}_load_before": load_before, f"{prefix}_load_after": load_average()}
            | goal(f"build_{n}_units_vs_mkdocs", medians["sotay"].wall_s, medians["mkdocs"].wall_s, RATIO_GOAL,
                   f"sotay build đầy đủ (không bộ nhớ đệm), {n} đơn vị, so với mkdocs build cùng cây"))


def stored_bytes(project: Path, folders=OUTPUT_DIRS) -> int:
    """Bytes of every file below ``folders``, each inode counted once (hard links share one)."""
    seen: set[tuple[int, int]] = set()
    total = 0
    for name in folders:
        for path in (project / name).rglob("*"):
            stat = path.lstat()
            if path.is_file() and not path.is_symlink() and (stat.st_dev, stat.st_ino) not in seen:
                seen.add((stat.st_dev, stat.st_ino))
                total += stat.st_size
    return total


def largest_page(site: Path) -> tuple[str, int]:
    """The largest HTML page of a site: (its path, its size in bytes)."""
    size, name = max((path.stat().st_size, path.relative_to(site).as_posix()) for path in site.rglob("*.html"))
    return name, size


def large_figures(n: int = LARGE_UNITS) -> dict:
    """Peak memory of a clean build of ``n`` units, the outputs' bytes on disk, the largest page."""
    with tempfile.TemporaryDirectory(prefix="sotay-bench-build-") as folder:
        project = new_project(Path(folder) / "project", n)
        load_before = load_average()
        run = clean_build(project)
        site_bytes, disk_bytes = stored_bytes(project, ("site",)), stored_bytes(project)
        page, page_bytes = largest_page(project / "site")
    prefix = f"build_{n}_units"
    rss_mb, page_kb = round(run.rss_kb / 1024, 1), round(page_bytes / 1000, 1)
    return ({f"{prefix}_s": run.wall_s, f"{prefix}_max_rss_mb": rss_mb,
             f"{prefix}_disk_mb": round(disk_bytes / 1e6, 1), f"{prefix}_site_mb": round(site_bytes / 1e6, 1),
             f"{prefix}_largest_page_kb": page_kb, f"{prefix}_largest_page": page,
             f"{prefix}_load_before": load_before, f"{prefix}_load_after": load_average()}
            | goal(f"build_{n}_units_max_rss_mb", rss_mb, None, RSS_GOAL_MB,
                   f"bộ nhớ đỉnh (MB) của sotay build đầy đủ, {n} đơn vị")
            | goal(f"build_{n}_units_disk_vs_site", round(disk_bytes / 1e6, 1), round(site_bytes / 1e6, 1), 1.2,
                   "byte trên đĩa của .cache + build/docs + site (mỗi inode một lần) so với site")
            | goal(f"build_{n}_units_largest_page_kb", page_kb, None, PAGE_GOAL_KB,
                   f"trang HTML lớn nhất (kB), {n} đơn vị: {page}"))


def bench_build() -> dict:
    """Issue 15's build goals: speed against plain mkdocs, peak memory, storage, page size."""
    return speed_figures() | large_figures()


if __name__ == "__main__":
    print(bench_build())
