"""``make bench``: time the pipeline on synthetic trees; print a table, write JSON.

Every benchmark is a function of the tree sizes asked for, returning a flat
dict of figures (stable names, seconds end in ``_s``). They are listed in
:data:`BENCHES`; other stages add theirs with :func:`register`, or, for modules
that may not exist yet, with a line in :data:`OPTIONAL` (module name ->
function called without arguments, e.g. ``bench_docx.bench_fill``).
Results are merged into ``bench-results.json`` so figures from other runs stay.

Run: ``python -m bench.bench [--sizes 300 3000 10000] [--only check]``.
"""

from __future__ import annotations

import argparse
import importlib
import json
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

from ruamel.yaml import cyaml

from generator.load import content, readers

from bench import synthetic

Bench = Callable[[tuple[int, ...]], dict[str, Any]]
RESULTS = Path("bench-results.json")
SIZES = (300, 3_000, 10_000)
REPEATS = 3
GOAL_RATIO = 2.0

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
}
BENCHES: list[tuple[str, Bench]] = []


def register(name: str) -> Callable[[Bench], Bench]:
    """Decorator adding a benchmark under ``name`` (used by ``--only``)."""
    def add(bench: Bench) -> Bench:
        BENCHES.append((name, bench))
        return bench
    return add


def best_of(run: Callable[[], Any], repeats: int = REPEATS) -> float:
    """Fastest wall time of ``repeats`` runs, in seconds."""
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return min(times)


def bare_load(files: list[Path]) -> None:
    """The baseline: read each file and load it with ruamel's C SafeLoader, nothing else."""
    for path in files:
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".md":
            text = readers.split_front_matter(text)[0] or ""
        loader = cyaml.CSafeLoader(text)
        try:
            loader.get_single_data()
        finally:
            loader.dispose()


def check_figures(n: int) -> dict[str, Any]:
    """``sotay check`` on a synthetic tree of ``n`` units, and its ratio to the bare C load."""
    from generator.check.rules import check

    with tempfile.TemporaryDirectory(prefix="sotay-bench-") as tmp:
        root = synthetic.write_tree(Path(tmp) / "content", n)
        files = sorted(p for p in root.rglob("*") if p.suffix in (".yaml", ".md"))
        project, _ = check(root)  # warm up (imports, holiday tables) and prove the tree is valid
        assert len(project.units) == n, f"synthetic tree has {len(project.units)} units, not {n}"
        load_s = best_of(lambda: bare_load(files))
        check_s = best_of(lambda: check(root))
    return {f"check_{n}_units_s": round(check_s, 4),
            f"check_{n}_units_c_load_s": round(load_s, 4),
            f"check_{n}_units_ratio_to_c_load": round(check_s / load_s, 3),
            f"check_{n}_units_files": len(files)}


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
    """The figures as a rich table; check ratios over the goal in red."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title="sotay bench", title_justify="left")
    table.add_column("số đo")
    table.add_column("giá trị", justify="right")
    for name, value in figures.items():
        shown = _number(value) if isinstance(value, float) else str(value)
        if name.endswith("_ratio_to_c_load"):
            shown = f"[{'green' if value <= GOAL_RATIO else 'red'}]{shown}×[/]"
        table.add_row(name, shown)
    Console().print(table)


def _number(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.4f}".rstrip("0").rstrip(".")


def run(only: list[str] | None = None, sizes: tuple[int, ...] = SIZES) -> dict[str, Any]:
    """Run the selected benchmarks; their figures in one flat dict."""
    figures: dict[str, Any] = {}
    for name, bench in BENCHES + optional_benches():
        if only and name not in only:
            continue
        figures |= bench(sizes)
    return figures


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``python -m bench.bench``."""
    parser = argparse.ArgumentParser(prog="python -m bench.bench", description="Đo tốc độ sotay.")
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES), help="số đơn vị của cây tổng hợp")
    parser.add_argument("--only", nargs="+", help="chỉ chạy các phép đo này (vd. check, docx)")
    parser.add_argument("--out", type=Path, default=RESULTS, help="tệp JSON kết quả")
    args = parser.parse_args(argv)
    figures = run(args.only, tuple(args.sizes))
    print_table(figures)
    merge_results(figures, args.out)
    print(f"Đã ghi {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
