"""Benchmark: checking and summarising the results of a 3,000-cell district.

The figure that counts is ``results_3000_ratio_to_openpyxl``: sotay's whole
results stage (read every returned sheet, check every rule, summarise) divided
by the time openpyxl alone takes to open the same sheets read-only and iterate
every row's values. Goal: ≤ 1.5.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import openpyxl

from bench import synthetic
from bench.results_data import write_synthetic_results

CELLS = 3_000
GOAL = 1.5


def bare_openpyxl(files: list[Path]) -> None:
    """The baseline: open each sheet read-only and iterate every sheet's rows, nothing else."""
    for path in files:
        book = openpyxl.load_workbook(path, read_only=True)
        for sheet in book.worksheets:
            for _ in sheet.iter_rows(values_only=True):
                pass
        book.close()


def bench_results() -> dict[str, Any]:
    """Seconds for both, and their ratio."""
    from bench.bench import best_of
    from generator.campaign.schedule import derive
    from generator.check.rules import check
    from generator.results import collect

    with tempfile.TemporaryDirectory(prefix="sotay-bench-results-") as temp:
        content = synthetic.write_tree(Path(temp) / "content", CELLS)
        files = write_synthetic_results(content)
        project, _ = check(content)
        schedules = derive(project)
        results = collect(project, schedules)
        assert results.summary is not None and not any(p.is_error for p in results.problems)
        sotay = best_of(lambda: collect(project, schedules))
        bare = best_of(lambda: bare_openpyxl(files))
    return {"results_3000_sheets": len(files), "results_3000_seconds": round(sotay, 3),
            "results_3000_openpyxl_seconds": round(bare, 3), "results_3000_ratio_to_openpyxl": round(sotay / bare, 2),
            "results_3000_goal_ratio": GOAL}
