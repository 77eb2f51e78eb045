"""The published history (sotay-history.json): revisions, calendars that update, a clean rebuild.

A small copy of the example (three organisations) is built, a deadline is
moved, and it is built again: the history gains one revision that names the
moved step for every unit it reaches; the calendar keeps each event's UID and
raises SEQUENCE with DTSTAMP at the moment of the move; a clean build given the
same history file gives the same site; an unchanged rebuild writes nothing.
"""

from __future__ import annotations

import json
import shutil
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from icalendar import Calendar

from browser import REPO, make_project
from generator.build import build
from generator.campaign import derive_campaign, history
from generator.check.rules import check
from generator.cli import main
from generator.errors import ContentError
from generator.progress import Progress

KEPT_UNIT_FILES = ("huyen.yaml", "xa-hung-hoi.yaml", "dang-bo-quan-su-huyen.yaml")
CELL = "xa-hung-hoi-ap-1"  # a cell of xa-hung-hoi: its kiem-diem step cascades from the plan
FIRST, MOVED = 1669900000, 1670100000  # SOURCE_DATE_EPOCH of the two builds
PLAN = "content/plans/ke-hoach-2022.yaml"


def small_project(root: Path) -> Path:
    """A project folder holding a trimmed copy of the example content."""
    project = make_project(root / "project")
    shutil.copytree(REPO / "content", project / "content", ignore=shutil.ignore_patterns("results"))
    for path in sorted((project / "content" / "units").iterdir()):
        if path.name not in KEPT_UNIT_FILES:
            path.unlink()
    return project


def quiet_build(project: Path, epoch: int, monkeypatch, record: bool = True):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(epoch))
    return build(project / "content", project / "site", project, progress=Progress(None), record=record)


def move_deadline(project: Path, old: str = "15/12/2022", new: str = "16/12/2022") -> None:
    plan = project / PLAN
    text = plan.read_text(encoding="utf-8")
    assert text.count(f"end: {old}\n") == 1, "example plan changed: pick another step"
    plan.write_text(text.replace(f"end: {old}\n", f"end: {new}\n"), encoding="utf-8")


def files_of(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def events(project: Path, unit: str) -> dict[str, object]:
    data = (project / "site" / "tai-ve" / unit / f"lich-{unit}.ics").read_bytes()
    return {str(e["UID"]).split(".")[2].removesuffix("@sotay"): e for e in Calendar.from_ical(data).walk("VEVENT")}


@pytest.fixture(scope="module")
def moved(tmp_path_factory):
    """A project built, then built again with the kiem-diem deadline moved a day later."""
    monkeypatch = pytest.MonkeyPatch()
    project = small_project(tmp_path_factory.mktemp("moved"))
    quiet_build(project, FIRST, monkeypatch)
    first = (project / history.FILE).read_bytes()
    before = events(project, CELL)
    move_deadline(project)
    quiet_build(project, MOVED, monkeypatch)
    yield project, first, before
    monkeypatch.undo()


def test_first_build_records_the_state_without_revisions(moved):
    project, first, _ = moved
    data = json.loads(first)
    assert data["plan"] == "ke-hoach-2022" and data["revisions"] == []
    assert CELL in data["units"] and data["units"][CELL]["steps"]["kiem-diem"] == ["2022-11-21", "2022-12-12"]


def test_a_moved_deadline_is_one_revision_naming_every_unit_it_reaches(moved):
    project, _, _ = moved
    loaded = history.load(project)
    (revision,) = loaded.revisions
    assert revision.at == datetime.fromtimestamp(MOVED, timezone.utc)
    by_unit = {change.unit_id: change for change in revision.units}
    assert len(by_unit) == 14  # the district's plan table, and every unit under it
    district = by_unit["huyen-vinh-loi"]
    assert district.dates == () and district.plan_sections == ("IV. THỜI GIAN THỰC HIỆN",)
    (commune_step,) = by_unit["xa-hung-hoi"].dates
    assert commune_step.new == (date(2022, 11, 21), date(2022, 12, 16))
    assert by_unit["xa-hung-hoi"].plan_sections == ("IV. THỜI GIAN THỰC HIỆN", "V. TỔ CHỨC THỰC HIỆN")
    (moved_step,) = by_unit[CELL].dates
    assert moved_step.step == "kiem-diem" and moved_step.old == (date(2022, 11, 21), date(2022, 12, 12))
    assert moved_step.new == (date(2022, 11, 21), date(2022, 12, 13))  # cells end 3 working days before
    assert by_unit[CELL].plan_sections == () and by_unit[CELL].status == "changed"


def test_the_calendar_keeps_uids_and_raises_sequence_at_the_moment_of_the_move(moved):
    project, _, before = moved
    after = events(project, CELL)
    assert set(after) == set(before)
    assert {k: str(e["UID"]) for k, e in after.items()} == {k: str(e["UID"]) for k, e in before.items()}
    assert after["kiem-diem"]["SEQUENCE"] == 1 and before["kiem-diem"]["SEQUENCE"] == 0
    assert after["kiem-diem"].decoded("DTSTAMP") == datetime.fromtimestamp(MOVED, timezone.utc)
    assert after["kiem-diem"].decoded("LAST-MODIFIED") == datetime.fromtimestamp(MOVED, timezone.utc)
    assert after["kiem-diem"].decoded("DTSTART") == date(2022, 12, 13)
    unmoved = after["khac-phuc"]
    assert unmoved["SEQUENCE"] == 0 and "LAST-MODIFIED" not in unmoved
    assert unmoved.decoded("DTSTAMP") == before["khac-phuc"].decoded("DTSTAMP")


def test_moving_it_again_raises_sequence_again(tmp_path, monkeypatch):
    project = small_project(tmp_path)
    quiet_build(project, FIRST, monkeypatch)
    move_deadline(project)
    quiet_build(project, MOVED, monkeypatch)
    move_deadline(project, "16/12/2022", "15/12/2022")
    quiet_build(project, MOVED + 3600, monkeypatch)
    event = events(project, CELL)["kiem-diem"]
    assert event["SEQUENCE"] == 2 and event.decoded("DTSTAMP") == datetime.fromtimestamp(MOVED + 3600, timezone.utc)
    assert len(history.load(project).revisions) == 2


def test_an_unchanged_rebuild_keeps_the_file_and_writes_nothing(moved, monkeypatch):
    project, _, _ = moved
    kept = (project / history.FILE).read_bytes()
    report = quiet_build(project, MOVED + 86400, monkeypatch)
    assert report.unchanged and (project / history.FILE).read_bytes() == kept


def test_a_clean_build_with_the_same_history_gives_the_same_site(moved, tmp_path, monkeypatch):
    project, _, _ = moved
    fresh = make_project(tmp_path / "fresh")
    shutil.copy2(project / history.FILE, fresh / history.FILE)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(MOVED))  # the sitemap states it; the history is the file
    build(project / "content", fresh / "site", fresh, progress=Progress(None))
    for tree in ("site", "build/docs"):
        mine, theirs = files_of(project / tree), files_of(fresh / tree)
        assert mine.keys() == theirs.keys()
        assert [p for p in mine if mine[p] != theirs[p]] == []


def test_a_preview_shows_pending_changes_without_recording_them(tmp_path, monkeypatch):
    project = small_project(tmp_path)
    quiet_build(project, FIRST, monkeypatch)
    kept = (project / history.FILE).read_bytes()
    move_deadline(project)
    quiet_build(project, MOVED, monkeypatch, record=False)
    assert (project / history.FILE).read_bytes() == kept
    assert events(project, CELL)["kiem-diem"]["SEQUENCE"] == 1  # the preview shows it as published would


def test_a_new_current_plan_starts_a_new_history():
    project, _ = check(REPO / "content")
    campaign = derive_campaign(project)
    moved_state = history.History("ke-hoach-2021", history.shortened(history.state_of(campaign)))
    started = history.advance(moved_state, campaign, datetime(2022, 12, 1, tzinfo=timezone.utc))
    assert started.plan_id == campaign.plan.id and started.revisions == ()


def test_the_file_round_trips(moved):
    project, _, _ = moved
    loaded = history.load(project)
    assert history.to_text(loaded) == (project / history.FILE).read_text(encoding="utf-8")
    assert history.from_json(json.loads(history.to_text(loaded))) == loaded


@pytest.mark.parametrize(("text", "where"), [
    ('{"format": 1,\n "plan": ', ":2:10:"),
    ('{"format": 99, "plan": "x", "steps": {}, "forms": {}, "units": {}, "revisions": []}', ":0:0:"),
    ('{"format": 1, "plan": "x", "steps": {}, "forms": {}, "units": {"a": {"name": "A", "steps": '
     '{"s": ["2022-01-01", "2022-13-01"]}, "forms": [], "plan": []}}, "revisions": []}', ":0:0:"),
])
def test_a_damaged_history_is_one_located_error_and_nothing_is_written(tmp_path, monkeypatch, capsys, text, where):
    project = make_project(tmp_path / "project")
    (project / history.FILE).write_text(text, encoding="utf-8")
    monkeypatch.chdir(project)
    code = main(["build", "--content", str(REPO / "content")])
    err = capsys.readouterr().err
    assert code == 1
    assert f"{history.FILE}{where} tệp lịch sử phát hành hỏng" in err and "git checkout" in err
    assert "Traceback" not in err
    assert not (project / "site").exists() and (project / history.FILE).read_text(encoding="utf-8") == text


def test_the_pages_announce_the_moved_deadline(moved):
    project, _, _ = moved
    docs = project / "build" / "docs"
    moved_line = ("Hạn «Tổ chức kiểm điểm, đánh giá, xếp loại tổ chức đảng, đảng viên, tập thể và cá nhân "
                  "cán bộ lãnh đạo, quản lý» dời từ 12/12/2022 sang 13/12/2022.")
    unit = (docs / "don-vi" / f"{CELL}.md").read_text(encoding="utf-8")
    assert f"- **04/12/2022** — Cập nhật kế hoạch và lịch: {moved_line}" in unit  # 20:40 UTC: the 4th in Vietnam
    changes = (docs / "thay-doi" / "index.md").read_text(encoding="utf-8")
    assert "### Cập nhật ngày 04/12/2022" in changes
    (line,) = [text for text in changes.splitlines() if text.startswith(f"- {moved_line} — ")]
    assert f"[Chi bộ ấp 1](../don-vi/{CELL}.md)" in line and line.count("](../don-vi/") == 6  # every cell moved
    report = (docs / "dinh-dang" / "bao-cao-thay-doi.md").read_text(encoding="utf-8")
    assert "| 04/12/2022 03:40 | 14 | 0 | 0 | 13 | 0 | 8 |" in report
    assert f"- [Đảng bộ xã Hưng Hội](../don-vi/xa-hung-hoi.md): Hạn «" in report
