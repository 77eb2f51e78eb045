"""Units from a spreadsheet: located errors of broken sheets, encodings, real files.

Each case replaces ``units/xa-b.yaml`` of ``tests/broken/_base`` with a sheet
holding the same units (or a broken variant) and runs ``sotay check``.
"""

from __future__ import annotations

import codecs
import shutil
import subprocess
import unicodedata
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from generator.check.rules import check
from generator.cli import main
from generator.load import sheet

BASE = Path(__file__).parent / "broken" / "_base"
HEADER = ["Mã", "Tên tổ chức", "Loại đơn vị", "Nhóm", "Cấp trên", "Tổng số đảng viên",
          "Miễn công tác, sinh hoạt"]
GOOD = [
    ["xa-b", "Đảng bộ xã B", "dang-bo-co-so", "xa", "huyen-a", 120, 10],
    ["xa-b-ap-1", "Chi bộ ấp Một", "chi-bo-truc-thuoc", "ap", "xa-b", 40, None],
    ["xa-b-ap-2", "Chi bộ ấp Hai", "chi-bo-truc-thuoc", "ap", "xa-b", 35, None],
]
FILE = "content/units/xa-b.xlsx!Đơn vị!"
TAIL = "Không ghi gì vì nội dung còn lỗi.\n"


def content_with(tmp_path: Path, monkeypatch) -> Path:
    """The base content without ``units/xa-b.yaml``; the working folder is ``tmp_path``."""
    shutil.copytree(BASE, tmp_path / "content")
    (tmp_path / "content" / "units" / "xa-b.yaml").unlink()
    monkeypatch.chdir(tmp_path)
    return tmp_path / "content"


def write_xlsx(path: Path, rows: list[list], edit=None) -> Path:
    book = openpyxl.Workbook()
    book.active.title = "Đơn vị"
    for row in rows:
        book.active.append(row)
    if edit:
        edit(book.active)
    book.save(path)
    return path


def run_check(capsys) -> tuple[int, str]:
    code = main(["check", "--content", "content"])
    return code, capsys.readouterr().err


def test_a_sheet_gives_the_same_units_as_the_yaml_it_replaces(tmp_path, monkeypatch):
    yaml_project, _ = check(BASE)
    content = content_with(tmp_path, monkeypatch)
    write_xlsx(content / "units" / "xa-b.xlsx", [["DANH SÁCH ĐƠN VỊ"], HEADER] + GOOD,
               lambda ws: ws.merge_cells("A1:G1"))
    project, warnings = check(Path("content"))
    assert warnings == []
    assert ({k: u.model_dump() for k, u in project.units.items()}
            == {k: u.model_dump() for k, u in yaml_project.units.items()})


def test_ids_are_generated_from_names_and_parents_may_be_names(tmp_path, monkeypatch):
    content = content_with(tmp_path, monkeypatch)
    rows = [["Tên tổ chức", "Loại đơn vị", "Cấp trên", "Tổng số đảng viên"],
            ["Đảng bộ xã B", "dang-bo-co-so", "huyen-a", 120],
            ["Chi bộ ấp Một", "chi-bo-truc-thuoc", "đảng bộ xã b", 40]]
    write_xlsx(content / "units" / "xa-b.xlsx", rows)
    project, _ = check(Path("content"))
    assert project.units["huyen-a-dang-bo-xa-b"].parent == "huyen-a"
    assert project.units["huyen-a-dang-bo-xa-b-chi-bo-ap-mot"].parent == "huyen-a-dang-bo-xa-b"


def _rows(*changes: tuple[int, int, object]) -> list[list]:
    rows = [HEADER] + [list(r) for r in GOOD]
    for row, column, value in changes:
        rows[row][column] = value
    return rows


# (case, rows, sheet edit, expected error lines)
CASES = [
    ("missing-column", [[h for h in HEADER if h != "Loại đơn vị"]] + [r[:2] + r[3:] for r in GOOD], None,
     [f"{FILE}A1: thiếu cột «Loại đơn vị» — thêm cột có tiêu đề «Loại đơn vị» vào dòng tiêu đề"]),
    ("unknown-column", [HEADER + ["Tong so dang vein"]] + GOOD, None,
     [f"{FILE}H1: cột «Tong so dang vein» không có trong mẫu danh sách đơn vị — "
      "có phải ý bạn là «Tổng số đảng viên»?"]),
    ("unknown-parent", _rows((3, 4, "xa-bb")), None,
     [f"{FILE}E4: không có đơn vị mã «xa-bb» — có phải ý bạn là «xa-b»?"]),
    ("duplicate-id", _rows((3, 0, "xa-b-ap-1")), None,
     [f"{FILE}A4: mã đơn vị «xa-b-ap-1» bị trùng (đã dùng trong content/units/xa-b.xlsx) — đặt một mã khác"]),
    ("bad-count-text", _rows((2, 5, "bốn mươi")), None,
     [f"{FILE}F3: «Tổng số đảng viên» phải là số nguyên — viết số không có dấu chấm, vd. 25"]),
    ("bad-count-fraction", _rows((2, 5, 40.5)), None,
     [f"{FILE}F3: «Tổng số đảng viên» phải là số nguyên — bỏ phần thập phân"]),
    ("merged-cells", _rows(), lambda ws: ws.merge_cells("B3:C3"),
     [f"{FILE}B3: ô gộp «B3:C3» trong bảng — bỏ gộp ô (Unmerge) và điền giá trị vào từng ô"]),
    ("formula", _rows((1, 5, "=F3+F4")), None,
     [f"{FILE}F2: ô «Tổng số đảng viên» chứa công thức «=F3+F4» — "
      "chép rồi dán giá trị (Paste Special → Values) thay cho công thức"]),
    ("excel-error", _rows((2, 5, "#N/A")), None,
     [f"{FILE}F3: ô «Tổng số đảng viên» báo lỗi «#N/A» của Excel — sửa ô này thành giá trị cụ thể"]),
    ("date-cell", _rows((2, 6, date(2022, 3, 4))), None,
     [f"{FILE}G3: ô «Miễn công tác, sinh hoạt» là ngày tháng, không phải số — "
      "Excel tự đổi số thành ngày: định dạng ô là Text/Number rồi gõ lại"]),
    ("date-as-text", _rows((3, 5, "3/4/2022")), None,
     [f"{FILE}F4: ô «Tổng số đảng viên» ghi ngày tháng «3/4/2022», không phải số — "
      "ghi số đảng viên là một số nguyên, vd. 25"]),
    ("empty-row-in-the-middle", [HEADER, GOOD[0], [], GOOD[1], GOOD[2]], None,
     [f"{FILE}A3: dòng trống giữa bảng — xóa dòng trống: bảng đơn vị phải liền mạch đến dòng cuối"]),
    ("blank-required-cell", _rows((3, 2, None)), None,
     [f"{FILE}C4: thiếu ô bắt buộc «Loại đơn vị» — điền ô «Loại đơn vị»"]),
    ("count-without-total", _rows((2, 5, None), (2, 6, 3)), None,
     [f"{FILE}F3: thiếu ô bắt buộc «Tổng số đảng viên» — điền ô «Tổng số đảng viên»"]),
    ("legacy-encoding", _rows((1, 1, "§¶ng bé x· B")), None,  # typed with a TCVN3 font
     [f"{FILE}B2: chữ có vẻ gõ bằng bảng mã cũ (TCVN3/VNI): «§¶ng bé x· B» — "
      "chuyển văn bản sang Unicode (vd. Unikey → Công cụ chuyển mã) rồi dán lại"]),
    ("bad-id", _rows((2, 0, "Ấp 1")), None,
     [f"{FILE}A3: mã «Ấp 1» không hợp lệ — chỉ dùng chữ thường không dấu, số và dấu gạch nối, vd. chau-hung-a"]),
    ("unknown-kind", _rows((2, 2, "chi-bo")), None,
     [f"{FILE}C3: không có loại đơn vị mã «chi-bo» — khai báo loại đơn vị «chi-bo» hoặc sửa mã"]),
    ("no-header", [["Danh sách"], ["a", "b"]], None,
     [f"{FILE}A1: không tìm thấy dòng tiêu đề cột của danh sách đơn vị — "
      "dòng tiêu đề cần có ít nhất các cột: «Tên tổ chức», «Loại đơn vị»"]),
    ("many-at-once", _rows((1, 5, "=1+1"), (2, 4, "xa-q"), (3, 6, "mười")), None,
     [f"{FILE}F2: ô «Tổng số đảng viên» chứa công thức «=1+1» — "
      "chép rồi dán giá trị (Paste Special → Values) thay cho công thức",
      f"{FILE}G4: «Miễn công tác, sinh hoạt» phải là số nguyên — viết số không có dấu chấm, vd. 25"]),
]


@pytest.mark.parametrize("case, rows, edit, expected", CASES, ids=[c[0] for c in CASES])
def test_broken_sheet_errors_are_located_at_cells(case, rows, edit, expected, tmp_path, monkeypatch, capsys):
    content = content_with(tmp_path, monkeypatch)
    write_xlsx(content / "units" / "xa-b.xlsx", rows, edit)
    code, err = run_check(capsys)
    errors = [line for line in err.splitlines() if "!" in line]
    assert code == 1
    assert errors == expected
    assert err.endswith(f"{len(expected)} lỗi, 0 cảnh báo.\n" + TAIL)


REOPEN = "mở tệp bằng Excel/LibreOffice và lưu lại dạng «Excel Workbook (.xlsx)»"


@pytest.mark.parametrize("name, data, expected", [
    ("xa-b.xlsx", b"PK\x03\x04 not really a zip",
     f"content/units/xa-b.xlsx:1:1: tệp không đọc được như bảng tính Excel (.xlsx) — {REOPEN}"),
    ("xa-b.xls", b"\xd0\xcf\x11\xe0 old binary workbook",  # named, not silently skipped
     f"content/units/xa-b.xls:1:1: định dạng .xls không đọc được — {REOPEN}"),
])
def test_a_file_that_is_no_readable_workbook_is_one_error(name, data, expected, tmp_path, monkeypatch, capsys):
    content = content_with(tmp_path, monkeypatch)
    (content / "units" / name).write_bytes(data)
    code, err = run_check(capsys)
    assert code == 1
    assert err.splitlines()[0] == expected


CSV_TEXT = "Mã;Tên tổ chức;Loại đơn vị;Cấp trên;Tổng số đảng viên\r\n" + "".join(
    f"{r[0]};{r[1]};{r[2]};{r[4]};{r[5]}\r\n" for r in GOOD)


@pytest.mark.parametrize("encoding, label", [
    ("utf-8", "UTF-8"), ("utf-8-sig", "UTF-8 (BOM)"), ("utf-16", "UTF-16"), ("cp1258", "Windows-1258")])
def test_csv_encodings_are_detected(encoding, label, tmp_path, monkeypatch):
    content = content_with(tmp_path, monkeypatch)
    path = content / "units" / "xa-b.csv"
    path.write_bytes(CSV_TEXT.encode(encoding) if encoding != "cp1258" else as_cp1258(CSV_TEXT))
    assert sheet.read_csv(path).encoding == label
    project, _ = check(Path("content"))
    assert project.units["xa-b-ap-1"].name == "Chi bộ ấp Một"
    assert project.units["xa-b-ap-2"].members.total == 35


def as_cp1258(text: str) -> bytes:
    """Text as Windows writes it in code page 1258: base letters (â, ơ …) plus combining tones."""
    out = b""
    for char in text:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            base, *marks = unicodedata.normalize("NFD", char)
            out += _whole_base(base, marks).encode("cp1258")
    return out


def _whole_base(base: str, marks: list[str]) -> str:
    """â, ê, ô, ơ, ư, ă exist whole in cp1258: keep them, leave only the tone combining."""
    for mark in marks:
        whole = unicodedata.normalize("NFC", base + mark)
        if len(whole) == 1 and whole.encode("cp1258", "ignore"):
            return whole + "".join(m for m in marks if m != mark)
    return base + "".join(marks)


def test_cp1258_decomposed_tones_come_out_composed():
    raw = as_cp1258("Chi bộ ấp Một")
    text, label = sheet.decode_csv(raw)
    assert (text, label) == ("Chi bộ ấp Một", "Windows-1258")


def test_undecodable_csv_and_csv_errors_are_located(tmp_path, monkeypatch, capsys):
    content = content_with(tmp_path, monkeypatch)
    # 0x81 is undefined in Windows-1258 and invalid UTF-8: the first bad UTF-8 byte is pointed at
    (content / "units" / "xa-b.csv").write_bytes(CSV_TEXT.encode("utf-8") + "xa-c;Tê".encode() + b"\x81n;x\r\n")
    code, err = run_check(capsys)
    assert code == 1
    assert err.splitlines()[0] == ("content/units/xa-b.csv:5:8: tệp không ở mã hóa nào đọc được "
                                   "(UTF-8, UTF-16, Windows-1258) — lưu lại tệp dạng «CSV UTF-8 (Comma delimited)»")


def test_csv_errors_use_line_and_column(tmp_path, monkeypatch, capsys):
    content = content_with(tmp_path, monkeypatch)
    (content / "units" / "xa-b.csv").write_text(CSV_TEXT.replace("xa-b;35", "xa-zz;35"), encoding="utf-8")
    code, err = run_check(capsys)
    assert code == 1
    assert err.splitlines()[0] == "content/units/xa-b.csv:4:4: không có đơn vị mã «xa-zz» — có phải ý bạn là «xa-b»?"


def test_an_over_long_csv_field_is_one_located_error(tmp_path, monkeypatch, capsys):
    content = content_with(tmp_path, monkeypatch)
    (content / "units" / "xa-b.csv").write_text(CSV_TEXT + "x;" + "a" * 140_000 + "\n", encoding="utf-8")
    code, err = run_check(capsys)
    assert code == 1
    assert err.splitlines()[0] == ("content/units/xa-b.csv:5:1: dòng này không đọc được (ô quá dài hoặc có "
                                   "ký tự lạ) — kiểm tra ô trên dòng này: mỗi ô chỉ ghi một giá trị ngắn")


def test_utf16_without_bom_is_no_crash():
    with pytest.raises(sheet.SheetError):
        sheet.decode_csv(codecs.BOM_UTF16_LE + b"a\x00b")  # odd byte count


@pytest.mark.office
def test_a_sheet_saved_by_libreoffice_is_read(tmp_path, monkeypatch):
    content = content_with(tmp_path, monkeypatch)
    source = tmp_path / "xa-b.csv"
    source.write_text(CSV_TEXT.replace(";", ","), encoding="utf-8")
    converted = tmp_path / "out"
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                    "--infilter=CSV:44,34,76,1", "--convert-to", "xlsx", "--outdir", str(converted),
                    str(source)], check=True, capture_output=True, timeout=180)
    shutil.copyfile(converted / "xa-b.xlsx", content / "units" / "xa-b.xlsx")
    project, _ = check(Path("content"))
    assert project.units["xa-b-ap-2"].members.total == 35
    assert project.units["xa-b-ap-1"].parent == "xa-b"


def test_openpyxl_internals_still_give_types_and_merged_ranges(tmp_path):
    """Fails loudly if an openpyxl upgrade moves the parser ``sheet.py`` drives."""
    path = write_xlsx(tmp_path / "t.xlsx", [["a", "=1+1", date(2022, 1, 2), 3.0]],
                      lambda ws: ws.merge_cells("A3:B3"))
    table = sheet.read_xlsx(path)
    (_, values), = table.rows[:1]
    assert isinstance(values[1], sheet.Formula) and values[1] == "=1+1"
    assert sheet.is_date(values[2]) and values[3] == 3
    assert table.merged == ["A3:B3"] and table.sheet == "Đơn vị"
