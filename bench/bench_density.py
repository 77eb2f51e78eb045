"""Document density: documents in ``build/docs`` per unit, the example's and the synthetic district's.

The synthetic district (:mod:`bench.synthetic`) stands in for a real one in
every other benchmark only if it makes as many documents per unit as the
example project does (forms per unit kind, plans, calendars, bundles …).
Both are built with ``sotay build`` (untimed) and their documents counted:
every file under ``build/docs`` except Markdown pages and the site's assets.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from bench import process, synthetic
from bench.bench_site import scratch_project
from bench.goals import goal

EXAMPLE = Path(__file__).resolve().parent.parent / "content"
UNITS = 300
GOAL_GAP = 0.15  # synthetic density within 15% of the example's


def documents(project: Path) -> int:
    """Documents ``sotay build`` left in the project's ``build/docs``."""
    docs = project / "build" / "docs"
    return sum(1 for path in docs.rglob("*")
               if path.is_file() and path.suffix != ".md" and "assets" not in path.relative_to(docs).parts)


def density(content: Path, project: Path) -> tuple[int, int]:
    """(documents, units) of building ``content`` in ``project``."""
    from generator.check.rules import check

    subprocess.run(process.sotay("build", "--content", content, "--site", project / "site"),
                   cwd=project, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return documents(project), len(check(content)[0].units)


def bench_density(units: int = UNITS) -> dict:
    """Documents per unit of the example and of a synthetic tree of ``units``; the gap as a goal."""
    figures: dict = {}
    with tempfile.TemporaryDirectory(prefix="sotay-bench-density-") as temp:
        root = Path(temp)
        example = shutil.copytree(EXAMPLE, root / "example" / "content")
        tree = synthetic.write_tree(root / "synthetic" / "content", units)
        for name, content in (("example", example), (f"synthetic_{units}", tree)):
            count, unit_count = density(content, scratch_project(content.parent))
            figures |= {f"density_{name}_documents": count, f"density_{name}_units": unit_count,
                        f"density_{name}_per_unit": round(count / unit_count, 2)}
    gap = abs(figures[f"density_synthetic_{units}_per_unit"] / figures["density_example_per_unit"] - 1)
    return figures | goal("synthetic_density_gap", round(gap, 3), None, GOAL_GAP,
                          "|tài liệu/đơn vị tổng hợp ÷ của ví dụ − 1|")


if __name__ == "__main__":
    print(bench_density())
