"""Rosters as offices keep them: title rows, loose unit names, birth years, duplicates,
private folders that git would commit, and the blank template."""

from __future__ import annotations

import subprocess
from pathlib import Path

import openpyxl
import pytest

from docx2python import docx2python

from generator.check.rules import check
from generator.cli import main
from generator.roster import cells_under
from generator.roster_names import match_unit, name_key

ROOT = Path(__file__).resolve().parents[1]
CONTENT = str(ROOT / "content")
UNIT = "xa-vinh-hung"
HEADER = ["STT", "Họ và tên", "Ngày sinh", "Chi bộ", "Chức vụ", "Loại"]


def docx_text(data: bytes) -> str:
    import io

    with docx2python(io.BytesIO(data)) as reader:
        return reader.text


def office_xlsx(path: Path, rows: list[list]) -> Path:
    """The usual layout: merged title rows and a note above the header."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "DS"
    sheet.append(["ĐẢNG BỘ XÃ VĨNH HƯNG"])
    sheet.append(["DANH SÁCH ĐẢNG VIÊN KIỂM ĐIỂM NĂM 2022"])
    sheet.merge_cells("A1:F1")
    sheet.merge_cells("A2:F2")
    sheet.append(["(Kèm theo công văn số 12-CV/ĐU)"])
    sheet.append([])
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["forms", "--content", CONTENT, "--unit", UNIT, *argv])
    captured = capsys.readouterr()
    return code, captured.out, without_results_warnings(captured.err)


def without_results_warnings(err: str) -> str:
    """stderr less the example's illustrative results warnings (late, missing reports) and their count."""
    lines = err.splitlines()
    kept = [line for line in lines if "content/results/" not in line]
    count = f"0 lỗi, {len(lines) - len(kept)} cảnh báo."
    if len(kept) < len(lines) and count in kept:
        kept.remove(count)
    return "".join(line + "\n" for line in kept)


@pytest.fixture(scope="module")
def vinh_hung():
    project, _ = check(Path(CONTENT))
    return project.units[UNIT], cells_under(project, project.units[UNIT])


@pytest.mark.parametrize("written", ["Ấp Tam Hưng", "tam hung", "TAM HƯNG", "chi bo ap tam hung",
                                     "Chi bộ ấp Tam Hưng", "CB ấp Tam Hưng", "xa-vinh-hung-ap-tam-hung"])
def test_unit_names_are_matched_tolerantly(written, vinh_hung):
    unit, cells = vinh_hung
    assert match_unit(written, cells, unit).unit.name == "Chi bộ ấp Tam Hưng"


def test_the_suggestion_is_the_closest_name_not_the_last(vinh_hung):
    unit, cells = vinh_hung
    missed = match_unit("Ấp Tam Hung B", cells, unit)
    assert missed.unit is None
    assert missed.hint == "có phải ý bạn là «Chi bộ ấp Tam Hưng»?"
    assert match_unit("ấp Thạnh Hưng", cells, unit).hint == "có phải ý bạn là «Chi bộ ấp Thạnh Hưng 1»?"
    far = match_unit("Tổ 7", cells, unit)
    assert far.hint.startswith("ghi đúng tên hoặc mã chi bộ, vd. «Chi bộ ấp Đông Hưng»")


def test_name_key_drops_kind_words_only_in_front():
    assert name_key("Chi bộ ấp Trà Ban I") == "tra ban i"
    assert name_key("Ấp") == "ap"  # a name that is only a kind word keeps it


def test_office_layout_with_titles_birth_years_and_merged_cells_fills(tmp_path, capsys):
    rows = [[1, "Nguyễn Văn An", 1988, "Ấp Tam Hưng", "Bí thư chi bộ", "lãnh đạo"],
            [2, "Trần Thị Bé", "1990", "tam hung", None, None],
            [3, "Lê Văn Cò", "05/03/1968", "Công an xã", None, "đảng viên"]]
    roster = office_xlsx(tmp_path / "ds.xlsx", rows)
    code, out, err = run(capsys, "--roster", str(roster), "--out", str(tmp_path / "rieng"))
    assert (code, err) == (0, "")
    assert "Đã điền 3 bản kiểm điểm" in out
    assert sorted(p.name[:3] for p in (tmp_path / "rieng").glob("*.docx")) == ["001", "002", "003"]


def test_merged_cell_column_means_every_row_it_covers(tmp_path, capsys):
    rows = [[1, "Nguyễn Văn An", 1988, "Ấp Tam Hưng", None, None],
            [2, "Trần Thị Bé", 1990, None, None, None]]
    roster = tmp_path / "ds.xlsx"
    office_xlsx(roster, rows)
    book = openpyxl.load_workbook(roster)
    book.active.merge_cells("D6:D7")
    book.save(roster)
    code, out, err = run(capsys, "--roster", str(roster), "--out", str(tmp_path / "rieng"))
    assert (code, err) == (0, ""), err


def test_duplicates_and_bad_names_are_located_at_cells(tmp_path, capsys):
    rows = [[1, "Nguyễn Văn An", 1988, "Ấp Tam Hưng", None, None],
            [2, "Trần Thị Bé", 1990, "Ấp Tam Hung B", None, None],
            [3, "nguyễn văn  an", "1988", "tam hung", None, None],
            [4, "Lê Văn Cò", "1850", "tam hung", None, None]]
    roster = office_xlsx(tmp_path / "ds.xlsx", rows)
    code, out, err = run(capsys, "--roster", str(roster), "--out", str(tmp_path / "rieng"))
    assert code == 1
    where = f"{roster.as_posix()}!DS!"
    assert err.splitlines()[:3] == [
        f"{where}D7: dòng 7: không có chi bộ «Ấp Tam Hung B» trong «Đảng bộ xã Vĩnh Hưng» — "
        "có phải ý bạn là «Chi bộ ấp Tam Hưng»?",
        f"{where}B8: dòng 8: «nguyễn văn an» (sinh 1988) trùng với dòng 6 — "
        "xóa dòng thừa; nếu là hai người khác nhau, ghi ngày sinh đầy đủ để phân biệt",
        f"{where}C9: dòng 9: năm sinh «1850» không hợp lý — kiểm tra lại năm sinh"]
    assert not (tmp_path / "rieng").exists()


def git(folder: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True)


def test_out_inside_a_git_work_tree_is_refused_unless_ignored(tmp_path, capsys):
    repo = tmp_path / "kho"
    repo.mkdir()
    git(repo, "init", "-q")
    roster = office_xlsx(tmp_path / "ds.xlsx", [[1, "Nguyễn Văn An", 1988, "Ấp Tam Hưng", None, None]])
    code, _, err = run(capsys, "--roster", str(roster), "--out", str(repo / "rieng"))
    assert code == 2
    assert "mà git không bỏ qua" in err and "thêm dòng «/rieng/» vào tệp .gitignore" in err
    assert not (repo / "rieng").exists()
    (repo / ".gitignore").write_text("rieng/\n", encoding="utf-8")
    code, _, err = run(capsys, "--roster", str(roster), "--out", str(repo / "rieng"))
    assert (code, err) == (0, "")


def test_blank_roster_template_reads_back(tmp_path, capsys):
    out = tmp_path / "rieng"
    code, said, err = run(capsys, "--template", "--out", str(out))
    assert (code, err) == (0, "")
    path = out / f"danh-sach-dang-vien-{UNIT}.xlsx"
    assert str(path) in said
    book = openpyxl.load_workbook(path)
    sheet = book["Danh sách"]
    assert [c.value for c in sheet[3]] == ["Họ và tên", "Ngày sinh", "Chi bộ", "Chức vụ", "Loại"]
    assert "Chi bộ ấp Tam Hưng" in [c.value for c in book["Danh mục"]["A"]]
    assert {str(r.sqref) for r in sheet.data_validations.dataValidation} == {"C4:C503", "E4:E503"}
    sheet.append(["Nguyễn Văn An", 1988, "Chi bộ ấp Tam Hưng", None, "lãnh đạo"])
    filled = tmp_path / "da-dien.xlsx"
    book.save(filled)
    code, said, err = run(capsys, "--roster", str(filled), "--out", str(tmp_path / "mau"))
    assert (code, err) == (0, "") and "Đã điền 1 bản kiểm điểm" in said


def test_help_lists_columns_and_member_types(capsys):
    with pytest.raises(SystemExit):
        main(["forms", "--help"])
    out = capsys.readouterr().out
    for text in ("Họ và tên: bắt buộc", "chỉ năm sinh: 1968", "«Ấp Tam Hưng»", "«hưu trí»",
                 "giữ chức vụ lãnh đạo, quản lý:", "--template"):
        assert text in out


@pytest.mark.office
def test_a_roster_saved_by_libreoffice_reads_formula_results(tmp_path, capsys):
    source = tmp_path / "ds.csv"
    source.write_text("Họ và tên,Ngày sinh,Chi bộ\nNguyễn Văn An,=1900+88,Ấp Tam Hưng\n", encoding="utf-8")
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                    "--infilter=CSV:44,34,76,1", "--convert-to", "xlsx", "--outdir", str(tmp_path / "x"),
                    str(source)], check=True, capture_output=True, timeout=180)
    out = tmp_path / "rieng"
    code, said, err = run(capsys, "--roster", str(tmp_path / "x" / "ds.xlsx"), "--out", str(out))
    assert (code, err) == (0, "") and "Đã điền 1 bản kiểm điểm" in said
    [made] = out.glob("*.docx")
    assert "Ngày sinh: 1988" in docx_text(made.read_bytes())
