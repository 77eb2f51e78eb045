"""Benchmark: loading a 10,000-row unit sheet, against a bare openpyxl read-only load.

The figure that counts is ``unit_sheet_10000_ratio_to_openpyxl``: the loader's
whole work on one ``content/units/*.xlsx`` (read the cells, map rows to units,
validate every unit with the content model) divided by the time openpyxl alone
takes to open the same file read-only and iterate every row's values. Goal: ≤ 1.5.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import openpyxl

from generator.load import content
from generator.load.units_sheet import COLUMNS

ROWS = 10_000
GOAL = 1.5


def write_sheet(path: Path, rows: int) -> Path:
    """A unit sheet of ``rows`` units: one district, communes, cells under them."""
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Đơn vị")
    sheet.append([header for _, header, _ in COLUMNS])
    sheet.append(["huyen-x", "Đảng bộ huyện X", "Huyện ủy X", "dang-bo-huyen", "huyen", None, "X", 9000])
    for index in range(1, rows):
        commune = f"xa-{index // 20:04d}"
        if index % 20 == 0:
            row = [commune, f"Đảng bộ xã Số {index // 20}", f"Đảng ủy xã Số {index // 20}", "dang-bo-co-so",
                   "xa", "huyen-x", f"Xã {index // 20}", 300, 10, 20, 2]
        else:
            row = [f"{commune}-ap-{index % 20}", f"Chi bộ ấp Số {index}", None, "chi-bo-truc-thuoc", "ap",
                   commune, None, 30, 1, 2, None, "ấp; khóm"]
        sheet.append(row)
    book.save(path)
    return path


def bare_openpyxl(path: Path) -> None:
    """The baseline: open read-only and iterate every row's values, nothing else."""
    book = openpyxl.load_workbook(path, read_only=True)
    for _ in book.worksheets[0].iter_rows(values_only=True):
        pass
    book.close()


def sotay_load(path: Path) -> content.Loaded:
    """What the loader does with one unit sheet: read, map rows, validate every unit."""
    loaded = content.Loaded(path.parent.parent)
    content.load_file(path, "units", loaded)
    return loaded


def bench_unit_sheet() -> dict[str, Any]:
    """Seconds for both, and their ratio."""
    from bench.bench import best_of

    with tempfile.TemporaryDirectory(prefix="sotay-bench-sheet-") as tmp:
        (Path(tmp) / "units").mkdir()
        path = write_sheet(Path(tmp) / "units" / "tree.xlsx", ROWS)
        loaded = sotay_load(path)
        assert not loaded.problems and len(loaded.models[path].units) == ROWS, loaded.problems[:3]
        bare_s = best_of(lambda: bare_openpyxl(path))
        load_s = best_of(lambda: sotay_load(path))
    return {f"unit_sheet_{ROWS}_rows_load_s": round(load_s, 4),
            f"unit_sheet_{ROWS}_rows_openpyxl_s": round(bare_s, 4),
            f"unit_sheet_{ROWS}_ratio_to_openpyxl": round(load_s / bare_s, 3)}
