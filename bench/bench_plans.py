"""Plans benchmark: derived schedules plus plan pages and DOCX for 300 and 3,000 units.

``bench_plans`` is called by ``make bench``. Content comes from
:func:`bench.synthetic.write_tree` (a district-shaped tree of ``n``
units), checked before the clock starts, so only schedule derivation and
rendering (Markdown + DOCX) are timed.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from generator.campaign import derive_campaign
from generator.outputs import plan_docx, plan_page
from generator.outputs.kind import Fingerprint, jobs

from bench import synthetic
from generator.check.rules import check
from generator.model import Project


def synthetic_project(n_units: int) -> Project:
    """A checked synthetic project of ``n_units`` units."""
    with tempfile.TemporaryDirectory(prefix="sotay-bench-plans-") as folder:
        project, _ = check(synthetic.write_tree(Path(folder) / "content", n_units))
    return project


def time_plans(project: Project) -> tuple[int, float]:
    """(number of plans, seconds) to derive every schedule and render every plan."""
    start = time.perf_counter()
    campaign = derive_campaign(project)
    fingerprint = Fingerprint()
    files = {job.path: job.render() for job in jobs([plan_docx.KIND], campaign, {}, fingerprint)}
    sizes = {path: len(data) for path, data in files.items()}
    files |= {job.path: job.render() for job in jobs([plan_page.KIND], campaign, sizes, fingerprint)}
    seconds = time.perf_counter() - start
    return sum(1 for path in files if path.endswith(".docx")), seconds


def bench_plans(sizes: tuple[int, int] = (300, 3000)) -> dict:
    """Plans per second (Markdown + DOCX, schedules included) and the time ratio of the sizes."""
    small, large = (synthetic_project(n) for n in sizes)
    time_plans(small)  # warm up: templates compiled, holidays computed
    results, seconds = {}, {}
    for n, project in zip(sizes, (small, large)):
        count, seconds[n] = time_plans(project)
        results[f"plans_{n}_units_count"] = count
        results[f"plans_{n}_units_per_s"] = round(count / seconds[n], 1)
        results[f"plans_{n}_units_s"] = round(seconds[n], 3)
    results[f"plans_time_ratio_{sizes[1]}_to_{sizes[0]}"] = round(seconds[sizes[1]] / seconds[sizes[0]], 2)
    return results


if __name__ == "__main__":
    print(bench_plans())
