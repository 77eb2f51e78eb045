"""``make bench``: the incremental build at 3,000 units, whole ``sotay build`` processes.

Full build (cache, build folder and site removed first), no-op rebuild and
rebuild after an edit to one unit: each a ``sotay build`` process under
``/usr/bin/time``, the three in turn for :data:`bench.process.RUNS` rounds;
medians and their ratios to the full build. Goals are issue 9's, at the size it
names: a no-op within a tenth of the full build (nothing rendered, nothing
published), one unit's edit within 0.15 of it.

15 whole builds at 3,000 units take about 10–20 minutes on the shared 2-core
machine. The rebuild after a directive that moves every grassroots deadline
(nearly every output re-rendered: close to a full build, and no goal) is left
out of the rounds to keep that affordable; ``bench_incremental(n, directive=True)``
measures it too.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench import process, synthetic
from bench.goals import goal

PROJECT_DIR = Path(__file__).resolve().parent.parent  # the example project
UNITS = 3_000  # the size issue 9 names for its goals
GOALS = {"noop": 0.10, "one_unit": 0.15}  # issue 9: no-op ≤ 0.10 of full, one unit's edit ≤ 0.15
GOAL_NAMES = {"noop": "không có gì đổi", "one_unit": "sau khi sửa một đơn vị"}

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


def _clean(project: Path, site: Path) -> None:
    """Forget every earlier build: the next one is a full build."""
    spare = site.with_name(f".{site.name}.spare")  # the folders a partial build reuses
    for folder in (project / ".cache", project / "build", site, spare):
        shutil.rmtree(folder, ignore_errors=True)


def bench_incremental(units: int = UNITS, directive: bool = False) -> dict[str, Any]:
    """Full, no-op and one-unit builds (and the directive's, if asked) in alternating rounds;
    medians and ratios to full."""
    with tempfile.TemporaryDirectory(prefix="sotay-bench-inc-") as temp:
        root = Path(temp)
        content = synthetic.write_tree(root / "content", units)
        project, site = _project(root / "project"), root / "site"

        def built(before: Callable[[], None]) -> Callable[[], process.Run]:
            def measure() -> process.Run:
                before()
                return process.time_command(process.sotay("build", "--content", content, "--site", site),
                                            cwd=project)
            return measure
        measures = {"full": built(lambda: _clean(project, site)), "noop": built(lambda: None),
                    "one_unit": built(lambda: _edit_one_unit(content))}
        if directive:
            measures["directive"] = built(lambda: _toggle_directive(content))
        medians = process.alternate(measures)
    figures = process.figures(f"incremental_{units}", medians)
    full = medians["full"].wall_s
    for name in sorted(medians.keys() - {"full"}):
        figures[f"incremental_{units}_{name}_ratio_to_full"] = round(medians[name].wall_s / full, 3)
        if name in GOALS:
            figures |= goal(f"incremental_{units}_{name}", medians[name].wall_s, full, GOALS[name],
                            f"sotay build {GOAL_NAMES[name]}, {units:,} đơn vị, s / dựng lại toàn bộ")
    return figures


def _toggle_directive(content: Path) -> None:
    """A new directive moving every grassroots deadline one working day earlier, or its removal."""
    directive, plan = content / "directives" / "hd-02-hu.yaml", content / "plans" / "ke-hoach-2022.yaml"
    text = plan.read_text(encoding="utf-8")
    if directive.exists():
        directive.unlink()
        text = text.replace("hd-02-hu]", "hd-01-hu]").replace("end: 14/12/2022", "end: 15/12/2022")
    else:
        directive.write_text(DIRECTIVE, encoding="utf-8")
        text = text.replace("hd-01-hu]", "hd-02-hu]").replace("end: 15/12/2022", "end: 14/12/2022")
    plan.write_text(text, encoding="utf-8")


def _edit_one_unit(content: Path) -> None:
    """One more retired member in the first unit file's first unit: a change every time."""
    path = sorted((content / "units").glob("*.yaml"))[0]
    path.write_text(re.sub(r"retired: (\d+)", lambda m: f"retired: {int(m[1]) + 1}",
                           path.read_text(encoding="utf-8"), count=1), encoding="utf-8")

