"""``sotay units export`` / ``template``: the tree out as XLSX, and back in unchanged."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl

from generator.check.rules import check
from generator.cli import main
from generator.outputs.unit_sheet import unit_workbook

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"


def dumped(project) -> dict:
    return {uid: unit.model_dump() for uid, unit in project.units.items()}


def test_export_then_import_gives_the_same_tree(tmp_path, capsys):
    original, _ = check(CONTENT)
    out = tmp_path / "cay.xlsx"
    assert main(["units", "export", "--content", str(CONTENT), "--out", str(out)]) == 0
    assert f"Đã ghi {len(original.units)} đơn vị" in capsys.readouterr().out
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    for old in (content / "units").iterdir():
        old.unlink()
    shutil.copyfile(out, content / "units" / "cay.xlsx")
    again, warnings = check(content)
    assert [w for w in warnings if "results" not in Path(w.file).parts] == []  # the example's late reports
    assert sorted(dumped(again).items()) == sorted(dumped(original).items())


def test_a_branch_exports_its_units_parents_first(tmp_path, capsys):
    out = tmp_path / "xa.xlsx"
    assert main(["units", "export", "--content", str(CONTENT), "--unit", "xa-chau-hung-a",
                 "--title", "Danh sách", "--out", str(out)]) == 0
    rows = list(openpyxl.load_workbook(out).worksheets[0].iter_rows(values_only=True))
    assert rows[0][0] == "Danh sách" and rows[1][:2] == ("Mã", "Tên tổ chức")
    assert [r[0] for r in rows[2:4]] == ["xa-chau-hung-a", "xa-chau-hung-a-ap-chat-dot"]
    assert len(rows) == 2 + 11 and all(r[5] == "xa-chau-hung-a" for r in rows[3:])


def test_export_bytes_are_the_same_every_time():
    project, _ = check(CONTENT)
    units = list(project.units.values())
    assert unit_workbook(project, units) == unit_workbook(project, units)


def test_template_has_drop_downs_for_kind_category_and_parent(tmp_path, capsys):
    out = tmp_path / "mau.xlsx"
    assert main(["units", "template", "--content", str(CONTENT), "--out", str(out)]) == 0
    book = openpyxl.load_workbook(out)
    sheet, lists = book["Đơn vị"], book["Danh mục"]
    assert sheet.max_row == 1
    rules = {str(rule.sqref): rule for rule in sheet.data_validations.dataValidation}
    assert set(rules) == {"D2:D2000", "E2:E2000", "F2:F2000"}
    assert rules["D2:D2000"].formula1 == "'Danh mục'!$A$2:$A$5"
    assert [c.value for c in lists["A"] if c.value][1:] == ["dang-bo-huyen", "dang-bo-co-so", "chi-bo-co-so",
                                                 "chi-bo-truc-thuoc"]
    assert rules["F2:F2000"].errorStyle == "warning"  # a parent may be a row of the same sheet
    assert "huyen-vinh-loi" in [c.value for c in lists["C"]]


def test_an_existing_file_is_never_overwritten(tmp_path, capsys):
    out = tmp_path / "cay.xlsx"
    out.write_bytes(b"the publisher's own file")
    assert main(["units", "template", "--content", str(CONTENT), "--out", str(out)]) == 2
    assert "đã có; chọn tên khác" in capsys.readouterr().err
    assert out.read_bytes() == b"the publisher's own file"


def test_the_example_ships_one_district_part_as_a_sheet():
    sheets = sorted(p.name for p in (CONTENT / "units").glob("*.xlsx"))
    assert sheets == ["xa-hung-thanh.xlsx"]
    project, _ = check(CONTENT)
    assert project.units["xa-hung-thanh"].parent == "huyen-vinh-loi"
    assert sum(1 for u in project.units.values() if u.parent == "xa-hung-thanh") == 4
