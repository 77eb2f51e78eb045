"""Synthetic trees check clean at the size asked for; the bench plumbing merges its figures."""

from __future__ import annotations

import json
import unicodedata

import pytest

from bench import bench

from bench import synthetic
from generator.check.rules import check


@pytest.mark.parametrize("n", [2, 11, 12, 300])
def test_synthetic_tree_checks_clean_with_exactly_n_units(n, tmp_path):
    root = synthetic.write_tree(tmp_path / "content", n)
    project, warnings = check(root)
    assert (len(project.units), warnings) == (n, [])
    assert len(list((root / "units").glob("*.yaml"))) == 1 + len(synthetic.organisation_sizes(n))


def test_synthetic_tree_is_deterministic_and_vietnamese(tmp_path):
    first = synthetic.write_tree(tmp_path / "a", 300)
    second = synthetic.write_tree(tmp_path / "b", 300)
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    assert all((first / f).read_bytes() == (second / f).read_bytes() for f in files)
    project, _ = check(first)
    names = [unit.name for unit in project.units.values()]
    assert len(set(project.units)) == 300 and "Đảng bộ xã" in " ".join(names)
    assert all(unicodedata.is_normalized("NFC", name) for name in names)


def test_slug_and_place_names():
    assert synthetic.slug("Đảng bộ xã Vĩnh Hưng A") == "dang-bo-xa-vinh-hung-a"
    names = [synthetic.place_name(i) for i in range(2000)]
    assert len(set(names)) == 2000 and names[0] != names[1]


def test_merge_results_keeps_other_figures(tmp_path):
    out = tmp_path / "bench-results.json"
    out.write_text('{"fill_3000_s": 1.5, "check_300_units_s": 9}\n', encoding="utf-8")
    merged = bench.merge_results({"check_300_units_s": 0.02}, out)
    assert merged == {"fill_3000_s": 1.5, "check_300_units_s": 0.02}
    assert json.loads(out.read_text(encoding="utf-8")) == merged
    assert out.read_text(encoding="utf-8").endswith("}\n")


def test_bench_runs_registered_and_optional_benchmarks(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(bench, "BENCHES", [])
    bench.register("fake")(lambda sizes: {"fake_units": sum(sizes)})
    monkeypatch.setattr(bench, "OPTIONAL", {"generator.no_such_bench": "bench_x"})
    out = tmp_path / "results.json"
    assert bench.main(["--sizes", "2", "3", "--out", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8")) == {"fake_units": 5}
    assert "fake_units" in capsys.readouterr().out


def test_bench_check_figures_have_stable_names():
    figures = bench.check_figures(30, runs=1)
    timed = {f"check_30_units_{name}_{unit}" for name in ("sotay", "pyyaml_c_load", "c_events")
             for unit in ("s", "rss_mb")}
    assert set(figures) == timed | {"check_30_units_ratio_to_pyyaml_c_load", "check_30_units_ratio_to_c_events",
                                    "check_30_units_files"}
    # + the district's units, organisation, 3 directives, plan, the collective form and 5 more, guidance
    assert figures["check_30_units_files"] == len(synthetic.organisation_sizes(30)) + 1 + 1 + 3 + 1 + 6 + 1
    assert bench.optional_benches()[0][0] == "docx"  # bench/bench_docx.py is wired in
