"""The benchmark machinery: medians of alternating runs, /usr/bin/time parsing, the goal table.

Nothing here is timed: the runs are scripted, so a broken runner or a goal
table that hides a failing goal fails these tests instead of passing silently.
"""

from __future__ import annotations

import json
import sys

from bench import process
from bench.goals import goal, goal_rows, holds, print_goals


def scripted(name: str, walls: list[float], order: list[str]):
    """A measure returning ``walls`` one by one and noting when it ran."""
    remaining = iter(walls)

    def measure() -> process.Run:
        order.append(name)
        return process.Run(next(remaining), 1000)
    return measure


def test_alternate_runs_in_turns_and_keeps_medians():
    order: list[str] = []
    medians = process.alternate({"sotay": scripted("sotay", [5.0, 1.0, 2.0, 9.0, 3.0], order),
                                 "anchor": scripted("anchor", [4.0, 4.5, 10.0, 6.0, 5.0], order)}, runs=5)
    assert order == ["sotay", "anchor"] * 5
    assert medians == {"sotay": process.Run(3.0, 1000), "anchor": process.Run(5.0, 1000)}


def test_median_of_an_even_number_of_runs_is_the_mean_of_the_middle_two():
    runs = [process.Run(w, kb) for w, kb in ((4.0, 10), (1.0, 30), (2.0, 20), (3.0, 40))]
    assert process.median_run(runs) == process.Run(2.5, 25)


def test_time_command_reads_wall_time_and_peak_memory_of_a_real_process():
    run = process.time_command([sys.executable, "-c", "bytearray(30 * 1024 * 1024)"])
    assert run.wall_s >= 0 and run.rss_kb > 30 * 1024


def test_time_command_flushes_earlier_writes_before_the_timed_process_starts(monkeypatch):
    events = []
    monkeypatch.setattr(process.os, "sync", lambda: events.append("sync"))
    real_run = process.subprocess.run
    monkeypatch.setattr(process.subprocess, "run", lambda *a, **k: (events.append("run"), real_run(*a, **k))[1])
    process.time_command([sys.executable, "-c", "pass"])
    assert events == ["sync", "run"]


def test_parse_time_takes_the_last_line_after_warnings():
    assert process.parse_time("Command exited with non-zero status 1\n0.52 10240\n") == process.Run(0.52, 10240)


def test_figures_are_flat_and_stably_named():
    figures = process.figures("check_300_units", {"sotay": process.Run(1.234567, 2048)})
    assert figures == {"check_300_units_sotay_s": 1.235, "check_300_units_sotay_rss_mb": 2.0}


def test_goal_table_marks_a_failing_goal():
    figures = {"x_s": 1.0,
               **goal("fast", 1.0, 4.0, 0.5, "nhanh"), **goal("slow", 9.0, 3.0, 2.0, "chậm"),
               **goal("page_kb", 250.0, None, 200.0, "trang lớn nhất")}
    rows = {row[0]: row for row in goal_rows(figures)}
    assert set(rows) == {"fast", "slow", "page_kb"}
    assert rows["fast"][-1] is True and rows["fast"][4] == "0.25×"
    assert rows["slow"][-1] is False and rows["slow"][4] == "3×"
    assert rows["page_kb"][-1] is False and rows["page_kb"][3] == "—"
    assert not holds(figures["goal_slow"]) and holds(figures["goal_fast"])


def test_printed_goal_table_shows_a_red_cross_and_counts_failures(capsys):
    figures = goal("ok", 1.0, 2.0, 1.0, "đạt") | goal("bad", 5.0, 1.0, 2.0, "chưa đạt")
    assert print_goals(figures) == 1
    printed = capsys.readouterr().out
    assert printed.count("✓") == 1 and printed.count("✗") == 1


def test_a_crashing_benchmark_is_reported_and_the_others_still_run_and_are_kept(tmp_path, monkeypatch, capsys):
    from bench import bench

    def crashes(sizes):
        raise RuntimeError("chromium missing")

    monkeypatch.setattr(bench, "BENCHES", [("first", lambda sizes: {"first_s": 1.0}), ("broken", crashes),
                                           ("last", lambda sizes: {"last_s": 2.0})])
    monkeypatch.setattr(bench, "optional_benches", lambda: [])
    monkeypatch.setattr(process, "compile_package", lambda: None)
    out = tmp_path / "results.json"
    assert bench.main(["--out", str(out)]) == 1
    captured = capsys.readouterr()
    assert "chromium missing" in captured.err and "broken" in captured.out
    assert json.loads(out.read_text(encoding="utf-8")) == {"first_s": 1.0, "last_s": 2.0}
