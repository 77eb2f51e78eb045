"""``sotay forms``: per-member forms from a CSV/XLSX roster, into a private folder only."""

from __future__ import annotations

import io
import shutil
import unicodedata
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from docx2python import docx2python

from generator.build import build
from generator.cli import main

ROOT = Path(__file__).resolve().parents[1]
CONTENT = str(ROOT / "content")
UNIT = "xa-chau-hung-a"
NFD = unicodedata.normalize("NFD", "Nguyễn Thị Ánh Tuyết")
ROWS = [
    ["Họ và tên", "Ngày sinh", "Chi bộ", "Chức vụ", "Loại"],
    [NFD, "05/03/1968", "Chi bộ ấp Chắt Đốt", "Bí thư chi bộ", "Lãnh đạo"],
    ["Trần Văn Bình", "1975-12-01", "xa-chau-hung-a-ap-ha-duc", "", ""],
    ["Lê Văn Cường", "12/7/1950", "chi bo ap ha duc", "", "hưu trí"],
]


def write_csv(path: Path, rows) -> Path:
    path.write_text("\n".join(",".join(row) for row in rows) + "\n", encoding="utf-8")
    return path


def text_of(data: bytes) -> str:
    with docx2python(io.BytesIO(data)) as reader:
        return reader.text


def run(capsys, roster: Path, out: Path, unit: str = UNIT) -> tuple[int, str, str]:
    code = main(["forms", "--content", CONTENT, "--roster", str(roster), "--unit", unit, "--out", str(out)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_csv_roster_fills_the_right_form_per_member_type(tmp_path, capsys):
    out = tmp_path / "rieng"
    code, stdout, _ = run(capsys, write_csv(tmp_path / "ds.csv", ROWS), out)
    assert code == 0 and "Đã điền 3 bản kiểm điểm" in stdout
    names = sorted(p.name for p in out.glob("*.docx"))
    # The 2022 campaign follows the 2019 rules: one individual form for every member type.
    assert names == ["001-nguyen-thi-anh-tuyet-mau-02-ca-nhan.docx",
                     "002-tran-van-binh-mau-02-ca-nhan.docx",
                     "003-le-van-cuong-mau-02-ca-nhan.docx"]
    first = text_of((out / names[0]).read_bytes())
    composed = unicodedata.normalize("NFC", NFD)
    assert f"Họ và tên: {composed}" in first and NFD not in first
    assert "Ngày sinh: 05/03/1968" in first and "Bí thư chi bộ" in first
    assert "Sinh hoạt tại chi bộ: Chi bộ ấp Chắt Đốt" in first and "CHI BỘ ẤP CHẮT ĐỐT" in first
    third = text_of((out / names[2]).read_bytes())
    assert "Ngày sinh: 12/07/1950" in third and "Chi bộ ấp Hà Đức" in third


def test_xlsx_roster_with_date_cells(tmp_path, capsys):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["HỌ VÀ TÊN", "Ngày sinh", "Chi bộ", "Chức vụ", "Loại đảng viên"])
    sheet.append([NFD, date(1980, 2, 29), "Chi bộ ấp Nhà Dài A", None, "sinh viên"])
    roster = tmp_path / "ds.xlsx"
    book.save(roster)
    out = tmp_path / "rieng"
    code, _, err = run(capsys, roster, out)
    assert code == 0, err
    [made] = out.glob("*.docx")
    assert made.name.endswith("mau-02-ca-nhan.docx")
    assert "Ngày sinh: 29/02/1980" in text_of(made.read_bytes())


def test_2025_rules_pick_the_form_by_member_type(tmp_path, capsys):
    rows = [ROWS[0], ["Ngô Thị Lan", "01/01/1970", "Chi bộ ấp Hòa Bình", "Bí thư chi bộ", "Lãnh đạo"],
            ["Trần Văn Bình", "1975-12-01", "ap-hoa-binh", "", ""],
            ["Lê Văn Cường", "12/7/1950", "chi bo ap hoa binh", "", "hưu trí"]]
    out = tmp_path / "rieng"
    code = main(["forms", "--content", str(ROOT / "examples" / "xa-2026" / "content"), "--roster",
                 str(write_csv(tmp_path / "ds.csv", rows)), "--unit", "xa-hung-hoi", "--out", str(out)])
    assert code == 0, capsys.readouterr().err
    assert sorted(p.name for p in out.glob("*.docx")) == [
        "001-ngo-thi-lan-mau-2a-ca-nhan-lanh-dao.docx", "002-tran-van-binh-mau-2b-ca-nhan.docx",
        "003-le-van-cuong-mau-2c-ca-nhan-ngoai-he-thong.docx"]


def test_bad_rows_are_all_reported_with_row_numbers_and_nothing_is_written(tmp_path, capsys):
    rows = ROWS + [["", "01/01/1970", "Chi bộ ấp Hà Đức", "", ""],
                   ["Phạm Văn Dũng", "31/02/1980", "Chi bộ ấp Hà Đức", "", ""],
                   ["Võ Thị Em", "01/01/1970", "Chi bộ ấp Không Có", "", ""],
                   ["Đỗ Văn Phúc", "01/01/1970", "Chi bộ ấp Hà Đức", "", "trưởng thôn"]]
    roster = write_csv(tmp_path / "ds.csv", rows)
    out = tmp_path / "rieng"
    code, _, err = run(capsys, roster, out)
    assert code == 1
    lines = err.splitlines()
    assert any(":5:1: dòng 5: thiếu họ và tên" in line for line in lines), err
    assert any(":6:2: dòng 6: ngày sinh «31/02/1980» không tồn tại" in line for line in lines), err
    assert any(":7:3: dòng 7: không có chi bộ «Chi bộ ấp Không Có»" in line for line in lines), err
    assert any(":8:5: dòng 8: loại đảng viên «trưởng thôn» không rõ" in line for line in lines), err
    assert not out.exists() and list(tmp_path.iterdir()) == [roster]


def test_a_field_over_the_csv_limit_is_a_located_error_not_a_traceback(tmp_path, capsys):
    rows = ROWS + [["Phạm Văn Dũng", "01/01/1970", "x" * 140_000, "", ""]]
    roster = write_csv(tmp_path / "ds.csv", rows)
    out = tmp_path / "rieng"
    code, _, err = run(capsys, roster, out)
    assert code == 1
    assert "ds.csv:5:1: dòng này không đọc được (ô quá dài hoặc có ký tự lạ)" in err
    assert "Traceback" not in err and not out.exists()


@pytest.mark.parametrize("inside", ["site", "build/docs", "content"])
def test_out_inside_published_or_content_folders_is_refused(tmp_path, capsys, monkeypatch, inside):
    project = tmp_path / "project"
    shutil.copytree(CONTENT, project / "content")
    monkeypatch.chdir(project)
    roster = write_csv(tmp_path / "ds.csv", ROWS)
    code = main(["forms", "--roster", str(roster), "--unit", UNIT, "--out", f"{inside}/rieng"])
    err = capsys.readouterr().err
    assert code == 2 and "không ghi danh sách đảng viên vào" in err
    assert not (project / inside / "rieng").exists()


def test_existing_folder_of_other_files_is_not_overwritten_but_a_rerun_replaces(tmp_path, capsys):
    roster = write_csv(tmp_path / "ds.csv", ROWS)
    mine = tmp_path / "tai-lieu"
    mine.mkdir()
    (mine / "ghi-chu.txt").write_text("của tôi")
    assert run(capsys, roster, mine)[0] == 2 and (mine / "ghi-chu.txt").read_text() == "của tôi"
    out = tmp_path / "rieng"
    assert run(capsys, roster, out)[0] == 0
    assert run(capsys, write_csv(roster, ROWS[:2]), out)[0] == 0
    assert len(list(out.glob("*.docx"))) == 1


def test_unknown_unit_is_wrong_usage(tmp_path, capsys):
    code, _, err = run(capsys, write_csv(tmp_path / "ds.csv", ROWS), tmp_path / "rieng", unit="khong-co")
    assert code == 2 and "không có đơn vị mã «khong-co»" in err


def test_forms_command_has_help(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["forms", "--help"])
    assert exited.value.code == 0 and "--roster" in capsys.readouterr().out


def test_no_roster_value_reaches_a_built_site(tmp_path, capsys):
    out = tmp_path / "rieng"
    assert run(capsys, write_csv(tmp_path / "ds.csv", ROWS), out)[0] == 0
    private = ["Nguyễn Thị Ánh Tuyết", "Trần Văn Bình", "Lê Văn Cường", "05/03/1968", "01/12/1975"]
    assert all(any(v in text_of(p.read_bytes()) for p in out.glob("*.docx")) for v in private)
    project = tmp_path / "project"
    project.mkdir(parents=True)
    shutil.copy(ROOT / "mkdocs.yml", project)
    build(Path(CONTENT), project / "site", project)
    scanned = 0
    for path in (project / "site").rglob("*"):
        if path.is_file():
            blob = _expanded(path)
            scanned += 1
            assert not any(v.encode() in blob for v in private), path
    assert scanned > 500


def _expanded(path: Path) -> bytes:
    """File bytes, with every zip member's bytes for DOCX files."""
    data = path.read_bytes()
    if path.suffix == ".docx":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return b"".join(archive.read(name) for name in archive.namelist())
    return data
