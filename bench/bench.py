"""``make bench``: time the pipeline on synthetic trees; print a table, write JSON.

Every benchmark is a function of the tree sizes asked for, returning a flat
dict of figures (stable names, seconds end in ``_s``). They are listed in
:data:`BENCHES`; other stages add theirs with :func:`register`, or, for modules
that may not exist yet, with a line in :data:`OPTIONAL` (module name ->
function called without arguments, e.g. ``bench_docx.bench_fill``).
Results are merged into ``bench-results.json`` so figures from other runs stay.

Conventions for a benchmark (bench_phone, bench_build … follow them):

- Time whole processes with :mod:`bench.process`: ``process.alternate({"sotay":
  measure, "anchor": measure})`` runs each measure in turn for ``process.RUNS``
  rounds (a measure may clean or edit untimed, then returns
  ``process.time_command(cmd)``), and gives medians; ``process.figures(prefix,
  medians)`` names them ``<prefix>_<name>_s`` and ``<prefix>_<name>_rss_mb``.
- State each goal with :func:`bench.goals.goal`: ``figures |= goal(name, value,
  anchor, limit, about)`` adds ``goal_<name>`` → ``{value, anchor, ratio, goal,
  about}``; it holds when value / anchor ≤ limit (or value ≤ limit when
  ``anchor`` is None). ``make bench`` prints every ``goal_*`` entry in one table
  (✓ green, ✗ red) after the figures.
- Names are stable: the same figure keeps its name from run to run.

Run: ``python -m bench.bench [--sizes 300 3000 10000] [--only check]``.
"""

from __future__ import annotations

import argparse
import importlib
import json
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any, Callable

from generator.load import content

from bench import process, synthetic
from bench.goals import goal, goals_of, print_goals

Bench = Callable[[tuple[int, ...]], dict[str, Any]]
RESULTS = Path("bench-results.json")
SIZES = (300, 3_000, 10_000)

#: Benchmarks of modules that may be absent: module -> zero-argument function.
OPTIONAL: dict[str, str] = {
    "bench.bench_docx": "bench_fill",
    "bench.bench_plans": "bench_plans",
    "bench.bench_forms": "bench_forms",
    "bench.bench_site": "bench_site",
    "bench.bench_incremental": "bench_incremental",
    "bench.bench_sheets": "bench_unit_sheet",
    "bench.bench_results": "bench_results",
    "bench.bench_phone": "bench_phone",
    "bench.bench_density": "bench_density",
    "bench.bench_build": "bench_build",
}
BENCHES: list[tuple[str, Bench]] = []


def register(name: str) -> Callable[[Bench], Bench]:
    """Decorator adding a benchmark under ``name`` (used by ``--only``)."""
    def add(bench: Bench) -> Bench:
        BENCHES.append((name, bench))
        return bench
    return add


def best_of(run: Callable[[], Any], repeats: int = 3) -> float:
    """Fastest wall time of ``repeats`` in-process runs, in seconds (sheets and results benches)."""
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return min(times)


ANCHORS = Path(__file__).resolve().parent / "anchors.py"
#: ``sotay check`` against PyYAML's C loader (the issue's earlier goal) and the bare C event stream.
CHECK_GOALS = {"pyyaml_c_load": 2.0, "c_events": 4.0}
GOAL_FROM = 3_000  # smaller trees are mostly interpreter start-up: figures only, no goal


def check_figures(n: int, runs: int = process.RUNS) -> dict[str, Any]:
    """Whole-process ``sotay check`` of ``n`` units, alternating with its two anchors."""
    with tempfile.TemporaryDirectory(prefix="sotay-bench-") as tmp:
        root = synthetic.write_tree(Path(tmp) / "content", n)
        files = sum(1 for p in root.rglob("*") if p.suffix in (".yaml", ".md"))
        medians = process.alternate({
            "sotay": lambda: process.time_command(process.sotay("check", "--content", root)),
            "pyyaml_c_load": lambda: process.time_command(process.python(ANCHORS, "pyyaml", root)),
            "c_events": lambda: process.time_command(process.python(ANCHORS, "events", root)),
        }, runs)
    figures: dict[str, Any] = {f"check_{n}_units_files": files}
    figures |= process.figures(f"check_{n}_units", medians)
    for anchor, limit in CHECK_GOALS.items():
        ratio = medians["sotay"].wall_s / medians[anchor].wall_s
        figures[f"check_{n}_units_ratio_to_{anchor}"] = round(ratio, 3)
        if n >= GOAL_FROM:
            figures |= goal(f"check_{n}_units_vs_{anchor}", medians["sotay"].wall_s, medians[anchor].wall_s,
                            limit, f"sotay check, {n:,} đơn vị, s / {ANCHOR_NAMES[anchor]}")
    return figures


ANCHOR_NAMES = {"pyyaml_c_load": "PyYAML CSafeLoader", "c_events": "luồng sự kiện C (libyaml)"}


@register("check")
def bench_check(sizes: tuple[int, ...]) -> dict[str, Any]:
    """Check timings for every size, plus which C library the loader runs."""
    figures: dict[str, Any] = {"yaml_c_parser_lib": content.C_PARSER_LIB}
    for n in sizes:
        figures |= check_figures(n)
    return figures


def optional_benches() -> list[tuple[str, Bench]]:
    """The benchmarks of :data:`OPTIONAL` whose modules exist."""
    found = []
    for module_name, function in OPTIONAL.items():
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise  # the module exists but is broken: say so
            continue
        bench = getattr(module, function)
        found.append((module_name.rsplit(".", 1)[-1].removeprefix("bench_"), lambda sizes, b=bench: b()))
    return found


def merge_results(figures: dict[str, Any], path: Path = RESULTS) -> dict[str, Any]:
    """Merge ``figures`` into the JSON file at ``path`` (sorted keys); the merged dict."""
    merged = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    merged |= figures
    path.write_text(json.dumps(merged, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return merged


def print_table(figures: dict[str, Any]) -> None:
    """Every figure but the goals (printed by :func:`bench.goals.print_goals`) as a rich table."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title="sotay bench: số đo", title_justify="left")
    table.add_column("số đo")
    table.add_column("giá trị", justify="right")
    goals = goals_of(figures)
    for name, value in figures.items():
        if name.removeprefix("goal_") not in goals:
            table.add_row(name, _number(value) if isinstance(value, float) else str(value))
    Console().print(table)


def _number(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.4f}".rstrip("0").rstrip(".")


def run(only: list[str] | None = None, sizes: tuple[int, ...] = SIZES,
        out: Path | None = None) -> tuple[dict[str, Any], list[str]]:
    """Run the selected benchmarks: their figures in one flat dict, and the names of those that crashed.

    A full run takes an hour, so one benchmark's crash is printed and the rest
    still run; with ``out``, each benchmark's figures are merged into it as soon
    as it ends, so a later crash or an interrupt loses none of them.
    """
    figures: dict[str, Any] = {}
    crashed: list[str] = []
    process.compile_package()
    for name, bench in BENCHES + optional_benches():
        if only and name not in only:
            continue
        try:
            found = bench(sizes)
        except Exception:  # noqa: BLE001 - reported below and by the exit status
            traceback.print_exc()
            crashed.append(name)
            continue
        figures |= found
        if out is not None:
            merge_results(found, out)
    return figures, crashed


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``python -m bench.bench``."""
    parser = argparse.ArgumentParser(prog="python -m bench.bench", description="Đo tốc độ sotay.")
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES), help="số đơn vị của cây tổng hợp")
    parser.add_argument("--only", nargs="+", help="chỉ chạy các phép đo này (vd. check, docx)")
    parser.add_argument("--out", type=Path, default=RESULTS, help="tệp JSON kết quả")
    args = parser.parse_args(argv)
    figures, crashed = run(args.only, tuple(args.sizes), args.out)
    print_table(figures)
    failed = print_goals(figures)
    print(f"Đã ghi {args.out}; {failed} mục tiêu chưa đạt.")
    if crashed:
        print(f"Phép đo bị lỗi (xem lỗi in ở trên): {', '.join(crashed)}.")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
