"""Whole-process timing: a command under ``/usr/bin/time``, medians of alternating runs.

In-process timers leave out interpreter start-up, imports and the writing of
files, and a best-of-N hides the noise of a shared machine. Here every figure
is a separate process timed by ``/usr/bin/time -f '%e %M'`` (wall seconds,
peak resident set in kB), and the things compared run in turns (A B A B …,
at least :data:`RUNS` rounds) so that load on the machine falls on both
alike; the figure kept is the median of each. Before each process starts,
whatever earlier ones wrote is flushed to disk, untimed (``hyperfine --prepare
sync`` does the same): a 10,000-unit build leaves over a gigabyte to write
back, which would otherwise land on whichever process runs next.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

TIME = "/usr/bin/time"
RUNS = 5
PACKAGE = Path(__file__).resolve().parent.parent / "generator"


@dataclass(frozen=True)
class Run:
    """One process (or the median of several): wall seconds and peak memory in kB."""

    wall_s: float
    rss_kb: int


def parse_time(text: str) -> Run:
    """The figures of ``/usr/bin/time -f '%e %M'`` (its last line; earlier ones are warnings)."""
    wall, rss = text.strip().splitlines()[-1].split()
    return Run(float(wall), int(rss))


def time_command(command: Sequence[str | os.PathLike], cwd: Path | None = None) -> Run:
    """Run ``command`` to completion under ``/usr/bin/time``; its wall time and peak RSS.

    The disk's pending writes are flushed first (untimed): the process is
    timed on its own writes, not on those of the run before it.
    """
    os.sync()
    with tempfile.NamedTemporaryFile("r", suffix=".time", encoding="utf-8") as report:
        done = subprocess.run([TIME, "-f", "%e %M", "-o", report.name, *map(str, command)],
                              cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              text=True, check=False)
        if done.returncode != 0:
            shown = " ".join(map(str, command))
            raise RuntimeError(f"{shown} exited {done.returncode}:\n{done.stderr[-2000:]}")
        return parse_time(Path(report.name).read_text(encoding="utf-8"))


def python(*args: str | os.PathLike) -> list[str]:
    """A command running this interpreter (the project's venv) with ``args``."""
    return [sys.executable, *map(str, args)]


def sotay(*args: str | os.PathLike) -> list[str]:
    """A command running the installed ``sotay`` entry point beside this interpreter."""
    return [str(Path(sys.executable).with_name("sotay")), *map(str, args)]


def alternate(measures: Mapping[str, Callable[[], Run]], runs: int = RUNS) -> dict[str, Run]:
    """Median :class:`Run` of each measure over ``runs`` rounds, each round calling all in turn.

    A measure may do untimed work (clean a cache, edit a file) before it
    times its process; rounds keep the order of ``measures``.
    """
    samples: dict[str, list[Run]] = {name: [] for name in measures}
    for _ in range(runs):
        for name, measure in measures.items():
            samples[name].append(measure())
    return {name: median_run(runs_of) for name, runs_of in samples.items()}


def compile_package() -> None:
    """Byte-compile sotay's modules, as ``pip install`` does for an installed package.

    The anchors' libraries sit in site-packages with their ``.pyc`` files; an
    editable install run with ``PYTHONDONTWRITEBYTECODE=1`` (as on the shared
    machines) would compile every sotay module from source in every timed
    process instead. Python checks each ``.pyc`` against its source, so none
    can be stale.
    """
    import compileall

    compileall.compile_dir(PACKAGE, quiet=1)


def median_run(runs: Sequence[Run]) -> Run:
    """The median wall time and the median peak memory of ``runs``."""
    return Run(statistics.median(run.wall_s for run in runs),
               int(statistics.median(run.rss_kb for run in runs)))


def figures(prefix: str, medians: Mapping[str, Run]) -> dict[str, float | int]:
    """Flat figures ``<prefix>_<name>_s`` and ``<prefix>_<name>_rss_mb`` of medians."""
    out: dict[str, float | int] = {}
    for name, run in medians.items():
        out[f"{prefix}_{name}_s"] = round(run.wall_s, 3)
        out[f"{prefix}_{name}_rss_mb"] = round(run.rss_kb / 1024, 1)
    return out
