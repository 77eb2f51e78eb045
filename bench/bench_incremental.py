"""``make bench``: the incremental build at 3,000 units.

Full build, no-op rebuild, rebuild after a directive that moves every
grassroots deadline, rebuild after an edit to one unit: seconds, ratios to
the full build of the same run, and how much of each was the site engine's
(MkDocs) own full rebuild.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import synthetic

from generator.site import write
from generator.build import build

PROJECT_DIR = Path(__file__).resolve().parent.parent  # the example project
from generator.progress import Progress

UNITS = 3_000

DIRECTIVE = """\
id: hd-02-hu
number: "02"
symbol: 02-HD/HU
type: Hướng dẫn
issuer: Ban Thường vụ Huyện ủy
date: 20/11/2022
title: Về điều chỉnh thời gian kiểm điểm năm 2022
supersedes: [hd-01-hu]
"""


def _project(root: Path) -> Path:
    root.mkdir(parents=True)
    shutil.copy2(PROJECT_DIR / "mkdocs.yml", root / "mkdocs.yml")
    return root


def _timed(content: Path, project: Path, site: Path) -> tuple[float, float, Any]:
    """(build seconds, seconds inside the site engine, report)."""
    engine = [0.0]
    real = write._build_into_temp

    def measured(*args, **kwargs):
        started = time.perf_counter()
        try:
            return real(*args, **kwargs)
        finally:
            engine[0] += time.perf_counter() - started
    write._build_into_temp = measured
    try:
        started = time.perf_counter()
        report = build(content, site, project, progress=Progress(None))
        return time.perf_counter() - started, engine[0], report
    finally:
        write._build_into_temp = real


def bench_incremental(units: int = UNITS) -> dict[str, Any]:
    """The four builds on one synthetic tree; figures as a flat dict."""
    figures: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="sotay-bench-inc-") as temp:
        root = Path(temp)
        content = synthetic.write_tree(root / "content", units)
        project, site = _project(root / "project"), root / "site"
        steps = [("full", lambda: None), ("noop", lambda: None),
                 ("directive", lambda: _new_directive(content)), ("one_unit", lambda: _edit_one_unit(content))]
        full = None
        for name, change in steps:
            change()
            seconds, engine, report = _timed(content, project, site)
            full = full or seconds
            figures |= {f"incremental_{units}_{name}_s": round(seconds, 3),
                        f"incremental_{units}_{name}_ratio_to_full": round(seconds / full, 3),
                        f"incremental_{units}_{name}_engine_s": round(engine, 3),
                        f"incremental_{units}_{name}_rendered": report.rendered}
    return figures


def _new_directive(content: Path) -> None:
    """A directive that moves every grassroots deadline one working day earlier."""
    (content / "directives" / "hd-02-hu.yaml").write_text(DIRECTIVE, encoding="utf-8")
    plan = content / "plans" / "ke-hoach-2022.yaml"
    text = plan.read_text(encoding="utf-8").replace("hd-01-hu]", "hd-02-hu]")
    plan.write_text(text.replace("end: 15/12/2022", "end: 14/12/2022"), encoding="utf-8")


def _edit_one_unit(content: Path) -> None:
    path = sorted((content / "units").glob("*.yaml"))[0]
    path.write_text(re.sub(r"retired: \d+", "retired: 0", path.read_text(encoding="utf-8"), count=1),
                    encoding="utf-8")

