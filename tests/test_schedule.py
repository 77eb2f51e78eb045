"""Schedule derivation: every level, the cascade in working days, overrides and their checks."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from generator.campaign import schedule
from generator.check import dates as date_checks
from generator.check.rules import check
from generator.errors import ContentError

ROOT = Path(__file__).resolve().parents[1]
PLAN_FILE = Path("content/plans/ke-hoach-2022.yaml")
CELL = "xa-chau-hung-a-ap-chat-dot"


@pytest.fixture(scope="module")
def example():
    project, _ = check(ROOT / "content")
    return project, schedule.derive(project)


@pytest.fixture
def content(tmp_path, monkeypatch):
    """A copy of the example content; messages show paths relative to ``tmp_path``."""
    shutil.copytree(ROOT / "content", tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "content"


def with_overrides(content: Path, text: str) -> int:
    """Append an ``overrides:`` list to the example plan; returns its first line number."""
    plan = content / "plans" / "ke-hoach-2022.yaml"
    before = plan.read_text(encoding="utf-8")
    assert "\noverrides:" not in before
    plan.write_text(before + "overrides:\n" + text, encoding="utf-8")
    return before.count("\n") + 1


def line_of(content: Path, needle: str) -> int:
    lines = (content / "plans" / "ke-hoach-2022.yaml").read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if needle in line)


def dates(unit_schedule, step_id):
    step = unit_schedule.step(step_id)
    return step.start, step.end


# -- every level ---------------------------------------------------------------

def test_every_unit_gets_a_schedule_cells_included(example):
    project, schedules = example
    assert set(schedules) == set(project.units)
    assert all(schedules[uid].steps for uid in project.units)


def test_district_keeps_its_own_steps_and_words(example):
    _, schedules = example
    district = schedules["huyen-vinh-loi"]
    assert [s.id for s in district.steps] == ["trien-khai", "xet-xep-loai", "kiem-diem-btv", "bao-cao-tinh"]
    assert dates(district, "xet-xep-loai") == (date(2022, 12, 21), date(2022, 12, 29))
    assert district.step("bao-cao-tinh").who == "Ban Tổ chức Huyện ủy"
    assert {s.origin for s in district.steps} == {"plan"}


@pytest.mark.parametrize("unit_id", ["xa-chau-hung-a", "truong-thpt-vinh-hung"])
def test_grassroots_units_use_their_levels_steps_as_their_own(example, unit_id):
    project, schedules = example
    own = schedules[unit_id]
    assert [s.id for s in own.steps] == ["kiem-diem", "bao-cao-co-so", "khac-phuc"]
    assert dates(own, "kiem-diem") == (date(2022, 11, 21), date(2022, 12, 15))
    assert dates(own, "bao-cao-co-so") == (None, date(2022, 12, 20))
    assert {s.who for s in own.steps} == {project.units[unit_id].issuing_body}


def test_cells_finish_three_working_days_before_their_committee(example):
    _, schedules = example
    cell = schedules[CELL]
    assert [s.id for s in cell.steps] == ["kiem-diem", "khac-phuc"]  # only cascade steps
    # Thursday 15/12/2022 minus 3 working days, across the weekend 10-11/12: Monday 12/12.
    assert dates(cell, "kiem-diem") == (date(2022, 11, 21), date(2022, 12, 12))
    # Tuesday 31/01/2023 minus 3 working days: 30/1, 27/1, then Tết (20-26/1) and the
    # weekend are skipped, landing on Thursday 19/01/2023.
    assert dates(cell, "khac-phuc") == (None, date(2023, 1, 19))
    assert cell.step("kiem-diem").who == "Chi bộ ấp Chắt Đốt"
    assert cell.step("kiem-diem").parent == ("xa-chau-hung-a", "kiem-diem")


def test_a_unit_lists_the_deadlines_it_sets_below_it(example):
    _, schedules = example
    committee = schedules["xa-chau-hung-a"]
    rows = [(c.id, c.who, c.end, len(c.units)) for c in committee.children]
    assert rows == [("kiem-diem", "Các chi bộ trực thuộc", date(2022, 12, 12), 10),
                    ("khac-phuc", "Các chi bộ trực thuộc", date(2023, 1, 19), 10)]
    district = schedules["huyen-vinh-loi"]
    assert [(c.id, c.who, c.end) for c in district.children] == [
        ("kiem-diem", "Các đảng bộ, chi bộ trực thuộc Huyện ủy", date(2022, 12, 15)),
        ("bao-cao-co-so", "Các đảng bộ, chi bộ trực thuộc Huyện ủy", date(2022, 12, 20)),
        ("khac-phuc", "Các đảng bộ, chi bộ trực thuộc Huyện ủy", date(2023, 1, 31))]
    assert [r.end for r in committee.rows] == sorted(r.end for r in committee.rows)


def test_a_late_parent_start_is_clamped_to_the_childs_deadline(content):
    with_overrides(content, "  - unit: xa-chau-hung-a\n    step: kiem-diem\n"
                            "    start: 14/12/2022\n    end: 15/12/2022\n")
    project, _ = check(content)
    cell = schedule.derive(project)[CELL]
    assert dates(cell, "kiem-diem") == (date(2022, 12, 12), date(2022, 12, 12))


def test_cascade_distance_is_data(content):
    plan = content / "plans" / "ke-hoach-2022.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("working_days_before_parent: 3", "working_days_before_parent: 5"),
                    encoding="utf-8")
    project, _ = check(content)
    assert schedule.derive(project)[CELL].step("kiem-diem").end == date(2022, 12, 8)


# -- overrides -------------------------------------------------------------------

def test_an_override_on_a_committee_moves_its_cells(content):
    with_overrides(content, "  - unit: xa-chau-hung-a\n    step: kiem-diem\n    end: 09/12/2022\n")
    project, _ = check(content)
    schedules = schedule.derive(project)
    committee = schedules["xa-chau-hung-a"].step("kiem-diem")
    assert (committee.end, committee.origin) == (date(2022, 12, 9), "override")
    assert schedules[CELL].step("kiem-diem").end == date(2022, 12, 6)  # Fri 9/12 - 3 working days
    assert schedules["xa-chau-thoi"].step("kiem-diem").end == date(2022, 12, 15)  # others untouched


def test_an_override_on_one_cell_gets_its_own_row_in_the_committees_plan(content):
    with_overrides(content, f"  - unit: {CELL}\n    step: kiem-diem\n    end: 07/12/2022\n"
                            "    note: Ấp tổ chức sớm\n")
    project, _ = check(content)
    committee = schedule.derive(project)["xa-chau-hung-a"]
    rows = [(c.id, c.who, c.end, c.units) for c in committee.children if c.id == "kiem-diem"]
    assert rows[0][1:3] == ("Các chi bộ trực thuộc", date(2022, 12, 12)) and len(rows[0][3]) == 9
    assert rows[1] == ("kiem-diem", "Chi bộ ấp Chắt Đốt", date(2022, 12, 7), (CELL,))


def test_an_override_that_breaks_the_parents_deadline_names_both_places(content):
    first = with_overrides(content, f"  - unit: {CELL}\n    step: kiem-diem\n    end: 16/12/2022\n")
    with pytest.raises(ContentError) as caught:
        check(content)
    step_line = line_of(content, "- id: kiem-diem")
    assert [str(p) for p in caught.value.errors] == [
        f"{PLAN_FILE}:{first + 3}:10: đơn vị «{CELL}»: hạn 16/12/2022 của bước «kiem-diem» "
        f"muộn hơn hạn 15/12/2022 của cấp trên «xa-chau-hung-a» (bước «kiem-diem», "
        f"{PLAN_FILE}:{step_line}) — cấp dưới phải hoàn thành trước hoặc cùng hạn với cấp trên"]


def test_a_parent_override_that_breaks_its_childrens_deadline_is_reported_once(content):
    first = with_overrides(content, "  - unit: huyen-vinh-loi\n    step: xet-xep-loai\n"
                                    "    start: 16/12/2022\n    end: 19/12/2022\n")
    with pytest.raises(ContentError) as caught:
        check(content)
    messages = [str(p) for p in caught.value.errors]
    broken = [m for m in messages if "của cấp trên" in m]
    # 18 grassroots units report to the district by 20/12: one error, at the override.
    assert len(broken) == 1
    assert broken[0].startswith(f"{PLAN_FILE}:{first + 4}:10: đơn vị «")
    assert "muộn hơn hạn 19/12/2022 của cấp trên «huyen-vinh-loi» (bước «xet-xep-loai», " \
           f"{PLAN_FILE}:{first + 1})" in broken[0]
    # The district's own step now closes before the reports it closes are due.
    assert any("hạn 19/12/2022 của bước «xet-xep-loai» sớm hơn hạn 20/12/2022 của bước "
               "«bao-cao-co-so» mà nó khép lại" in m for m in messages)


def test_an_override_of_a_step_the_unit_does_not_have(content):
    first = with_overrides(content, f"  - unit: {CELL}\n    step: bao-cao-tinh\n    end: 05/01/2023\n")
    with pytest.raises(ContentError) as caught:
        check(content)
    assert [str(p) for p in caught.value.errors] == [
        f"{PLAN_FILE}:{first + 2}:11: đơn vị «{CELL}» không có bước «bao-cao-tinh» trong lịch "
        "của mình — chỉ điều chỉnh bước thuộc cấp của đơn vị hoặc bước được suy ra từ cấp trên"]


def test_derived_dates_go_through_the_window_and_day_off_rules(content):
    first = with_overrides(content,
                           "  - unit: xa-vinh-hung\n    step: khac-phuc\n    end: 15/04/2023\n"
                           f"  - unit: {CELL}\n    step: kiem-diem\n    end: 11/12/2022\n")
    with pytest.raises(ContentError) as caught:
        check(content)
    problems = [str(p) for p in caught.value.problems]
    assert problems == [
        f"{PLAN_FILE}:{first + 3}:10: đơn vị «xa-vinh-hung»: ngày 15/04/2023 nằm ngoài thời gian của "
        "đợt kiểm điểm năm 2022 (01/01/2022 – 31/03/2023) — kiểm tra lại năm của ngày này",
        f"{PLAN_FILE}:{first + 6}:10: cảnh báo: đơn vị «{CELL}»: hạn 11/12/2022 của bước «kiem-diem» "
        "rơi vào Chủ nhật — nên chọn một ngày làm việc"]


def test_the_example_checks_clean_with_derived_dates(example):
    project, schedules = example
    assert schedules[CELL].plan_id == "ke-hoach-2022"
    assert date_checks.RULES == [date_checks.check_derived]
