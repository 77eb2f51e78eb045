"""Results in the build: read once, in the incremental build, and in the history of changes.

A small district (the broken samples' base: a district and one commune with
two cells) with a results folder is built without the commune's report, then
again once the report is dropped in: only what the results feed is rendered
again, the site equals a clean build given the same history, and the history
(``sotay changes``, the changes pages, the unit page) says the report came in,
in figures only.
"""

from __future__ import annotations

import importlib
import json
import shutil
from pathlib import Path

import pytest

from browser import make_project
from generator import results as results_package
from generator.build import build
from generator.cache import Cache
from generator.campaign import changes, history, schedule
from generator.cli import main
from generator.progress import Progress

BROKEN = Path(__file__).parent / "broken"
CASE = BROKEN / "results-late-warning"
PLAN = "ke-hoach-2022"
REPORT = "xa-b.yaml"
FIRST, SECOND = 1671000000, 1672000000  # SOURCE_DATE_EPOCH of the two builds
RECEIVED = ("Đã nhận báo cáo kết quả ngày 23/12/2022: đảng viên Xuất sắc 6, Tốt 47, Hoàn thành 22, "
            "Không hoàn thành 0; chi bộ Xuất sắc 0, Tốt 2, Hoàn thành 0, Không hoàn thành 0; tự đề nghị mức Tốt.")


def district(root: Path, with_report: bool = True) -> Path:
    """A project folder: the base content with a results folder (the commune's report or not)."""
    project = make_project(root)
    content = project / "content"
    shutil.copytree(BROKEN / "_base", content)
    shutil.copytree(CASE / "rulesets", content / "rulesets")
    shutil.copytree(CASE / "results", content / "results")
    if not with_report:
        (content / "results" / PLAN / REPORT).unlink()
    return project


def quiet_build(project: Path, epoch: int, monkeypatch) -> Cache:
    """Build at ``epoch``; the build's cache, which knows what it rendered anew."""
    made = []
    monkeypatch.setattr(Cache, "for_project", classmethod(lambda cls, folder: made.append(cls(folder / ".cache" / "sotay")) or made[-1]))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(epoch))
    build(project / "content", project / "site", project, progress=Progress(None))
    monkeypatch.undo()
    return made[0]


def files_of(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def received(tmp_path_factory):
    """The district built without the commune's report, then with it: (project, outputs rendered anew)."""
    monkeypatch = pytest.MonkeyPatch()
    project = district(tmp_path_factory.mktemp("received") / "project", with_report=False)
    quiet_build(project, FIRST, monkeypatch)
    shutil.copy2(CASE / "results" / PLAN / REPORT, project / "content" / "results" / PLAN / REPORT)
    cache = quiet_build(project, SECOND, monkeypatch)
    yield project, sorted(path for path, entry in cache.entries.items() if entry.fresh)
    monkeypatch.undo()


# --- read once ------------------------------------------------------------------------


def test_a_build_reads_each_report_and_derives_the_schedules_once(tmp_path, monkeypatch):
    collect_module = importlib.import_module("generator.results.collect")
    calls = {"derive": 0, "collect": 0, "read": []}

    def counted(name, function):
        def wrapper(*args, **kwargs):
            calls[name] += 1
            return function(*args, **kwargs)
        return wrapper

    monkeypatch.setattr(schedule, "derive", counted("derive", schedule.derive))
    monkeypatch.setattr(results_package, "collect", counted("collect", results_package.collect))
    read = collect_module.read_report
    monkeypatch.setattr(collect_module, "read_report", lambda path, *rest: calls["read"].append(path.name) or read(path, *rest))
    project = district(tmp_path / "project")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(FIRST))
    build(project / "content", project / "site", project, progress=Progress(None))
    assert calls == {"derive": 1, "collect": 1, "read": [REPORT]}
    page = (project / "build" / "docs" / "ket-qua" / "index.md").read_text(encoding="utf-8")
    assert "<td>23/12/2022</td><td class=\"sotay-state sotay-state--late\">Trễ hạn</td>" in page


def test_check_still_reports_results_problems_with_the_others(tmp_path, capsys):
    project = district(tmp_path / "project")
    report = project / "content" / "results" / PLAN / REPORT
    report.write_text(report.read_text(encoding="utf-8").replace("tot: 25", "tot: 26"), encoding="utf-8")
    (project / "content" / "units" / "xa-b.yaml").write_text("", encoding="utf-8")  # a content error too
    assert main(["check", "--content", str(project / "content")]) == 1
    err = capsys.readouterr().err
    assert "units/xa-b.yaml:1:1" in err and "Traceback" not in err
    assert "results/" not in err  # results are read only from sound content: no cascade
    (project / "content" / "units" / "xa-b.yaml").unlink()
    shutil.copy2(BROKEN / "_base" / "units" / "xa-b.yaml", project / "content" / "units" / "xa-b.yaml")
    assert main(["check", "--content", str(project / "content")]) == 1
    err = capsys.readouterr().err
    assert f"results/{PLAN}/{REPORT}:" in err and "Traceback" not in err


# --- the incremental build --------------------------------------------------------------


def test_a_new_report_renders_only_what_it_feeds(received):
    _, fresh = received
    assert fresh == [
        "dinh-dang/bao-cao-thay-doi.md",  # the publisher's changes report, from the history
        "don-vi/xa-b.md",  # "report received", and its change note
        "ket-qua/bao-cao-ket-qua.docx", "ket-qua/bieu-do-chi-bo.svg", "ket-qua/bieu-do-dang-vien.svg",
        "ket-qua/bieu-do-tien-do.svg", "ket-qua/index.md", "ket-qua/thong-ke-ket-qua.xlsx",
        "thay-doi/index.md",  # the readers' changes page
    ]


def test_the_incremental_site_equals_a_clean_build(received, tmp_path, monkeypatch):
    project, _ = received
    fresh = make_project(tmp_path / "fresh", like=project)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(SECOND))
    build(project / "content", fresh / "site", fresh, progress=Progress(None))
    for tree in ("site", "build/docs"):
        mine, theirs = files_of(project / tree), files_of(fresh / tree)
        assert mine.keys() == theirs.keys()
        assert [p for p in mine if mine[p] != theirs[p]] == []


# --- the history of changes ---------------------------------------------------------------


def test_the_history_records_the_report_in_figures(received):
    project, _ = received
    loaded = history.load(project)
    (revision,) = loaded.revisions
    (change,) = revision.units
    assert change.unit_id == "xa-b" and change.results == (RECEIVED,) and change.dates == ()
    state = loaded.state.units["xa-b"].results
    assert state.received.isoformat() == "2022-12-23" and state.proposed == "Tốt"
    assert dict(state.members)["Tốt"] == 47 and loaded.state.units["huyen-a"].results is None
    assert history.from_json(json.loads(history.to_text(loaded))) == loaded


def test_the_pages_say_the_report_came_in(received):
    project, _ = received
    docs = project / "build" / "docs"
    unit = (docs / "don-vi" / "xa-b.md").read_text(encoding="utf-8")
    assert f"Kết quả kiểm điểm: {RECEIVED}" in unit
    assert RECEIVED in (docs / "thay-doi" / "index.md").read_text(encoding="utf-8")
    assert RECEIVED in (docs / "dinh-dang" / "bao-cao-thay-doi.md").read_text(encoding="utf-8")


def test_changes_says_what_changed_in_a_report(tmp_path):
    content = district(tmp_path / "project") / "content"
    before = changes.snapshot(content)
    report = content / "results" / PLAN / REPORT
    text = report.read_text(encoding="utf-8")
    report.write_text(text.replace("received: 23/12/2022", "received: 24/12/2022")
                      .replace("    tot: 25\n    hoan-thanh: 12", "    tot: 26\n    hoan-thanh: 11")
                      .replace("proposed: tot", "proposed: xuat-sac"), encoding="utf-8")
    found = changes.compare(before, changes.snapshot(content))
    (unit,) = found.units
    assert unit.id == "xa-b" and unit.results == [
        "Ngày nhận báo cáo kết quả: 23/12/2022 → 24/12/2022.",
        "Số đảng viên theo mức thay đổi: Tốt 47 → 48, Hoàn thành 22 → 21.",
        "Mức tự đề nghị: Tốt → Xuất sắc.",
    ]
    assert found.counts()["results"] == 1
    assert "Kết quả kiểm điểm:\n  Ngày nhận báo cáo kết quả: 23/12/2022 → 24/12/2022." in changes.format_text(found)
    assert changes.to_json(found)["units"][0]["results"] == unit.results
    report.unlink()
    (gone,) = changes.compare(before, changes.snapshot(content)).units
    assert gone.results == ["Báo cáo kết quả không còn được tính (đã rút hoặc trả lại để sửa)."]


def test_a_report_returned_for_correction_counts_as_withdrawn(tmp_path):
    content = district(tmp_path / "project") / "content"
    before = changes.snapshot(content)
    settings = content / "results" / PLAN / "settings.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "returned:\n  - unit: xa-b\n    note: sai số liệu\n",
                        encoding="utf-8")
    (unit,) = changes.compare(before, changes.snapshot(content)).units
    assert unit.results == ["Báo cáo kết quả không còn được tính (đã rút hoặc trả lại để sửa)."]
