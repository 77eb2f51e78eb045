"""Plans benchmark: every implementation plan (DOCX and page) written, at 300 and 3,000 units.

``bench_plans`` is called by ``make bench``. Each size is a synthetic tree
(:func:`bench.synthetic.write_tree`); :mod:`bench.plans_writer` checks it,
derives the schedules, renders and writes every plan, as a whole process
timed by ``/usr/bin/time``, the two sizes in alternating rounds. Goal: ten
times the units in at most 11 times the time (no worse than linear, as the
site's goal).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from bench import process, synthetic
from bench.goals import goal

WRITER = Path(__file__).resolve().parent / "plans_writer.py"
TIME_RATIO_GOAL = 11.0


def bench_plans(sizes: tuple[int, int] = (300, 3000)) -> dict:
    """Whole-process seconds and plans per second at both sizes, and their time ratio."""
    small, large = sizes
    with tempfile.TemporaryDirectory(prefix="sotay-bench-plans-") as folder:
        root = Path(folder)
        trees = {n: synthetic.write_tree(root / f"content-{n}", n) for n in sizes}

        def measure(n: int) -> process.Run:
            shutil.rmtree(root / f"out-{n}", ignore_errors=True)
            return process.time_command(process.python(WRITER, trees[n], root / f"out-{n}"))
        medians = process.alternate({str(n): (lambda n=n: measure(n)) for n in sizes})
        counts = {n: sum(1 for _ in (root / f"out-{n}").rglob("*.docx")) for n in sizes}
    results: dict = {}
    for n in sizes:
        run = medians[str(n)]
        results |= {f"plans_{n}_units_count": counts[n], f"plans_{n}_units_s": run.wall_s,
                    f"plans_{n}_units_per_s": round(counts[n] / run.wall_s, 1),
                    f"plans_{n}_units_rss_mb": round(run.rss_kb / 1024, 1)}
    ratio = medians[str(large)].wall_s / medians[str(small)].wall_s
    results[f"plans_time_ratio_{large}_to_{small}"] = round(ratio, 2)
    return results | goal(f"plans_{large}_vs_{small}_units", medians[str(large)].wall_s,
                          medians[str(small)].wall_s, TIME_RATIO_GOAL,
                          f"mọi kế hoạch (DOCX + trang), {large:,} / {small:,} đơn vị, cả tiến trình")


if __name__ == "__main__":
    print(bench_plans())
