"""Results (issue 13): sheets handed out, returned sheets read and checked, the summary outputs.

Rule cases written as YAML are broken samples (``tests/broken/results-*``);
here: the XLSX side (locations ``file!sheet!cell``), the synthetic district,
the summary against an independent sum, the outputs reopened by their readers,
and the private member lists.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from bench import synthetic
from bench.results_data import write_synthetic_results
from docx_helpers import open_docx
from generator.campaign.schedule import current_plan, derive
from generator.check.rules import check
from generator.cli import main
from generator.errors import ContentError
from generator.results import collect
from generator.results.collect import load_settings, results_dir
from generator.campaign import derive_campaign
from generator.outputs.kind import Fingerprint, jobs
from generator.results.outputs import KINDS
from generator.results.report_docx import report_bytes
from generator.results.settings import rule_view
from generator.results.sheet import DATA_SHEET, META_SHEET, filled_sheet, reporting_units
from generator.results.stats_xlsx import stats_bytes

BASE = Path(__file__).parent / "broken" / "_base"
CASE = Path(__file__).parent / "broken" / "results-late-warning"


@pytest.fixture()
def small(tmp_path, monkeypatch):
    """The broken samples' base with results settings, as a checked project."""
    content = tmp_path / "content"
    shutil.copytree(BASE, content)
    shutil.copytree(CASE / "results", content / "results")
    shutil.copytree(CASE / "rulesets", content / "rulesets")
    (content / "results" / "ke-hoach-2022" / "xa-b.yaml").unlink()
    monkeypatch.chdir(tmp_path)
    project, _ = check(Path("content"))
    settings, _ = load_settings(results_dir(project, current_plan(project)) / "settings.yaml")
    return project, current_plan(project), rule_view(settings, project.ruleset_of(current_plan(project)))


def rows(project, rules, **changes):
    """Sound rows for xa-b's two cells, ``changes`` applied to the first (by column key)."""
    first = {"unit": "xa-b-ap-1", "members": 40, "xuat-sac": 3, "tot": 25, "hoan-thanh": 12, "level": "tot"}
    second = {"unit": "xa-b-ap-2", "members": 35, "xuat-sac": 3, "tot": 22, "hoan-thanh": 10, "level": "tot"}
    return [first | changes, second]


def write_sheet(project, plan, rules, name="xa-b.xlsx", unit="xa-b", **changes) -> Path:
    from datetime import date

    data = filled_sheet(project, project.units[unit], plan, rules, rows(project, rules, **changes), "tot",
                       date(2022, 12, 18))
    path = results_dir(project, plan) / name
    path.write_bytes(data)
    return path


def problems_of(project):
    return [str(p) for p in collect(project, derive(project)).problems]


# --- the sheet handed out ---------------------------------------------------------


def test_handed_out_sheet_is_ready_filled_validated_and_deterministic(small):
    project, plan, rules = small
    data = filled_sheet(project, project.units["xa-b"], plan, rules)
    assert data == filled_sheet(project, project.units["xa-b"], plan, rules)
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book[DATA_SHEET]
    assert "ĐẢNG BỘ XÃ B" in sheet["A1"].value and sheet["A2"].value.startswith("Hướng dẫn:")
    header = [c.value for c in sheet[4]]
    assert header[:3] == ["Mã chi bộ", "Tên chi bộ", "Tổng số đảng viên"]
    assert [h for h in header if h and h.startswith("Đảng viên ")] == [
        "Đảng viên Xuất sắc", "Đảng viên Tốt", "Đảng viên Hoàn thành", "Đảng viên Không hoàn thành"]
    assert [(row[0].value, row[1].value, row[2].value) for row in sheet.iter_rows(min_row=5)] == [
        ("xa-b-ap-1", "Chi bộ ấp Một", 40), ("xa-b-ap-2", "Chi bộ ấp Hai", 35)]
    kinds = sorted(v.type for v in sheet.data_validations.dataValidation)
    assert kinds == ["date", "list", "whole"]  # no points column: this rule set does not score
    assert book[META_SHEET].sheet_state == "hidden" and book[META_SHEET]["B1"].value == "xa-b"


def test_content_text_in_a_results_sheet_stays_text(small):
    """A cell named like a formula stays text (never runs in the clerk's Excel); control characters go."""
    project, plan, rules = small
    cell = project.units["xa-b-ap-1"]
    object.__setattr__(cell, "name", '=HYPERLINK("http://x","bấm")\x07')
    sheet = openpyxl.load_workbook(io.BytesIO(filled_sheet(project, project.units["xa-b"], plan, rules)))[DATA_SHEET]
    named = sheet["B5"]
    assert named.value == '=HYPERLINK("http://x","bấm")' and named.data_type == "s"


def test_returned_sheet_that_adds_up_is_accepted(small):
    project, plan, rules = small
    write_sheet(project, plan, rules)
    results = collect(project, derive(project))
    assert [p for p in results.problems if p.is_error] == []
    assert results.summary.total.rated == (6, 47, 22, 0)


# --- rules on XLSX, located file!sheet!cell ---------------------------------------


def test_ten_good_three_excellent_is_an_error_at_its_cell(small):
    project, plan, rules = small
    write_sheet(project, plan, rules, **{"xuat-sac": 3, "tot": 10, "hoan-thanh": 27})
    assert problems_of(project) == [
        "content/results/ke-hoach-2022/xa-b.xlsx!Kết quả!G5: 3 đảng viên xuất sắc vượt 20% của 10 đảng viên "
        "mức tốt (tối đa 2) — giảm số đảng viên mức cao nhất hoặc kiểm tra lại số liệu"]


def test_exempt_member_rated_is_an_error(small):
    project, plan, rules = small
    write_sheet(project, plan, rules, exempt=2)
    (problem,) = problems_of(project)
    assert problem.startswith("content/results/ke-hoach-2022/xa-b.xlsx!Kết quả!C5: «Chi bộ ấp Một»: 40 được "
                              "xếp loại + 2 không xếp loại")
    assert "có đảng viên thuộc diện không xếp loại đã được xếp loại" in problem


def test_sheet_made_for_another_unit_is_named_at_its_id_cell(small, monkeypatch):
    project, plan, rules = small
    write_sheet(project, plan, rules)
    other = results_dir(project, plan) / "xa-b-ban-khac.xlsx"
    book = openpyxl.load_workbook(other.with_name("xa-b.xlsx"))
    book[META_SHEET]["B1"] = "huyen-a"
    book.save(other)
    assert ("content/results/ke-hoach-2022/xa-b-ban-khac.xlsx!sotay!B1: bảng kết quả của đơn vị «huyen-a» "
            "không báo cáo trực tiếp lên «Đảng bộ huyện A» — dùng đúng bảng kết quả đã phát cho đơn vị"
            in problems_of(project))


def test_every_error_of_a_sheet_at_once_without_cascade(small):
    project, plan, rules = small
    write_sheet(project, plan, rules, members="bốn mươi", level="Loại A", **{"chu-chot-xuat-sac": 1})
    found = problems_of(project)
    assert found == [
        "content/results/ke-hoach-2022/xa-b.xlsx!Kết quả!C5: «bốn mươi» không phải số đảng viên — ghi một số "
        "nguyên không âm",
        "content/results/ke-hoach-2022/xa-b.xlsx!Kết quả!L5: mức «Loại A» không có trong bộ quy định của đợt "
        "này — chọn một mức: Xuất sắc, Tốt, Hoàn thành, Không hoàn thành"]


def test_local_rule_is_data_and_holds_unless_the_cell_is_top(small):
    project, plan, rules = small
    write_sheet(project, plan, rules, **{"chu-chot-xuat-sac": 1})
    assert problems_of(project) == [
        "content/results/ke-hoach-2022/xa-b.xlsx!Kết quả!K5: quy định riêng «chu-chot-xuat-sac»: 1 trường hợp, "
        "tối đa 0 khi chi bộ không đạt mức Xuất sắc — Cấp ủy viên, trưởng, phó đơn vị không được xếp loại "
        "xuất sắc nếu chi bộ không đạt xuất sắc."]


def test_a_workbook_not_made_by_sotay_is_refused(small):
    project, plan, rules = small
    book = openpyxl.Workbook()
    book.active["A1"] = "Kết quả"
    book.save(results_dir(project, plan) / "tu-lam.xlsx")
    assert problems_of(project)[0].startswith("content/results/ke-hoach-2022/tu-lam.xlsx:1:1: tệp không phải "
                                              "bảng kết quả do sotay phát")


def test_check_command_fails_with_the_located_error(small, capsys):
    project, plan, rules = small
    write_sheet(project, plan, rules, **{"xuat-sac": 3, "tot": 10, "hoan-thanh": 27})
    assert main(["check", "--content", "content"]) == 1
    assert "xa-b.xlsx!Kết quả!G5: 3 đảng viên xuất sắc vượt 20%" in capsys.readouterr().err


# --- a synthetic district -----------------------------------------------------------


def independent_totals(folder: Path, labels: set[str]) -> dict[str, int]:
    """Sum the columns titled ``labels`` of every returned sheet, with openpyxl alone."""
    totals: dict[str, int] = {}
    for path in sorted(folder.glob("*.xlsx")):
        book = openpyxl.load_workbook(path, read_only=True)
        rows = list(book[DATA_SHEET].iter_rows(values_only=True))
        book.close()
        for row in rows[4:]:
            for label, value in zip(rows[3], row):
                if label in labels:
                    totals[label] = totals.get(label, 0) + (value or 0)
    return totals


def test_synthetic_district_of_300_cells_checks_and_sums_up(tmp_path, monkeypatch):
    content = synthetic.write_tree(tmp_path / "content", 300)
    write_synthetic_results(content)
    monkeypatch.chdir(tmp_path)
    project, warnings = check(Path("content"))
    assert warnings == []
    results = collect(project, derive(project))
    summary = results.summary
    assert len(summary.progress) == len(reporting_units(project)) == 30
    assert {s.state for s in summary.progress} == {"on-time"}
    labels = [f"Đảng viên {level}" for level in ("Xuất sắc", "Tốt", "Hoàn thành", "Không hoàn thành")]
    expected = independent_totals(results_dir(project, results.plan), set(labels))
    assert dict(zip(labels, summary.total.rated)) == expected and sum(expected.values()) > 5000
    assert sum(line.members for line in summary.by_organisation) == summary.total.members
    cells = sum(1 for u in project.units.values() if u.kind == "chi-bo-truc-thuoc")
    assert sum(summary.total.cells) == cells


# --- outputs ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def example():
    project, _ = check(Path(__file__).parent.parent / "content")
    results = collect(project, derive(project))
    return project, results


def test_example_has_most_reports_a_few_late_and_one_returned_for_the_cap(example):
    project, results = example
    states = [s.state for s in results.summary.progress]
    assert states.count("missing") == 2 and states.count("late") == 2 and states.count("returned") == 1
    assert states.count("on-time") >= len(states) // 2
    assert any("vượt 20%" in line for line in results.summary.outcome)


def test_summary_docx_and_statistics_xlsx_reopen(example, tmp_path):
    project, results = example
    summary = results.summary
    data = report_bytes(project, results.plan, summary)
    assert data == report_bytes(project, results.plan, summary)
    document = open_docx(data)
    text = "\n".join(p.text for p in document.paragraphs)
    assert "BÁO CÁO" in text and "VI. KIỂM TRA VIỆC THỰC HIỆN QUY ĐỊNH" in text
    assert f"được xếp loại: {sum(summary.total.rated)}" in text
    assert len(document.tables) >= 4
    stats = stats_bytes(summary)
    book = openpyxl.load_workbook(io.BytesIO(stats))
    assert book.sheetnames == ["Tổng hợp", "Theo loại hình", "Theo tổ chức cơ sở", "Tiến độ báo cáo"]
    assert [c.value for c in book["Tổng hợp"][3]][1:7] == [summary.total.members, summary.total.not_rated,
                                                           *summary.total.rated]
    (tmp_path / "thong-ke.xlsx").write_bytes(stats)
    (tmp_path / "bao-cao.docx").write_bytes(data)
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(tmp_path / "thong-ke.xlsx"), str(tmp_path / "bao-cao.docx")],
                   check=True, capture_output=True, timeout=180)
    pdf = subprocess.run(["pdftotext", str(tmp_path / "thong-ke.pdf"), "-"], capture_output=True, text=True,
                         check=True).stdout
    assert "TỔNG HỢP" in pdf and str(summary.total.members) in pdf
    assert (tmp_path / "bao-cao.pdf").stat().st_size > 0


def test_summary_outputs_are_keyed_by_the_summary_only(small):
    project, plan, rules = small
    documents = [kind for kind in KINDS if kind.phase == "documents"]
    before = {job.path: job.key for job in jobs(documents, derive_campaign(project), {}, Fingerprint())}
    write_sheet(project, plan, rules)
    again, _ = check(Path("content"))  # results are read by check(), once per build
    after = {job.path: job.key for job in jobs(documents, derive_campaign(again), {}, Fingerprint())}
    changed = sorted(path for path in after if after[path] != before.get(path))
    assert changed == ["ket-qua/bao-cao-ket-qua.docx", "ket-qua/bieu-do-chi-bo.svg", "ket-qua/bieu-do-dang-vien.svg",
                       "ket-qua/bieu-do-tien-do.svg", "ket-qua/thong-ke-ket-qua.xlsx"]


def test_charts_escape_labels():
    from generator.results.charts import bar_chart

    svg = bar_chart("<b>x</b>", ("<script>",), (3,)).decode()
    assert "<script>" not in svg and "&lt;script&gt;" in svg


# --- private member lists --------------------------------------------------------------

NAMES = ("Nguyễn Văn Riêngtư", "Trần Thị Bímật")


def member_list(path: Path, rows) -> Path:
    book = openpyxl.Workbook()
    book.active.append(["Họ và tên", "Chi bộ", "Diện không xếp loại", "Xếp loại", "Chức vụ"])
    for row in rows:
        book.active.append(list(row))
    book.save(path)
    return path


def test_member_lists_go_to_the_private_folder_only(small, tmp_path, capsys):
    listed = member_list(tmp_path / "ds.xlsx", [(NAMES[0], "xa-b-ap-1", "", "Xuất sắc", "Bí thư"),
                                                (NAMES[1], "Chi bộ ấp Hai", "", "tot", "")])
    assert main(["members", "--list", str(listed), "--unit", "xa-b", "--out", str(tmp_path / "rieng")]) == 0
    files = sorted(p.name for p in (tmp_path / "rieng").iterdir())
    assert files == [".sotay-forms", "danh-sach-xep-loai-xa-b-ap-1.docx", "danh-sach-xep-loai-xa-b-ap-2.docx"]
    text = "\n".join(c.text for t in open_docx((tmp_path / "rieng" / files[1]).read_bytes()).tables
                     for row in t.rows for c in row.cells)
    assert NAMES[0] in text
    assert main(["members", "--list", str(listed), "--unit", "xa-b", "--out", "content/rieng"]) == 2


def test_member_list_errors_all_at_once(small, tmp_path, capsys):
    listed = member_list(tmp_path / "ds.xlsx", [("A", "xa-b-ap-1", "miễn công tác", "Tốt", ""),
                                                ("B", "xa-b-ap-1", "", "", ""), ("C", "ap-z", "", "tot", "")])
    assert main(["members", "--list", str(listed), "--unit", "xa-b", "--out", str(tmp_path / "rieng")]) == 1
    err = capsys.readouterr().err
    assert "ds.xlsx!Sheet!D2: dòng 2: đảng viên thuộc diện không xếp loại nhưng đã được xếp loại" in err
    assert "ds.xlsx!Sheet!D3: dòng 3: chưa có mức xếp loại" in err
    assert "ds.xlsx!Sheet!B4: dòng 4: không có chi bộ «ap-z»" in err
    assert not (tmp_path / "rieng").exists()


def readable(path: Path) -> list[bytes]:
    """The file's bytes, and every part inside it when it is a zip (DOCX, XLSX)."""
    import zipfile

    data = path.read_bytes()
    if not zipfile.is_zipfile(io.BytesIO(data)):
        return [data]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [data] + [archive.read(name) for name in archive.namelist()]


def test_member_names_never_reach_site_build_or_cache(small, tmp_path):
    from browser import make_project
    from generator.build import build
    from generator.progress import Progress

    project, plan, rules = small
    write_sheet(project, plan, rules)
    listed = member_list(tmp_path / "ds.xlsx", [(NAMES[0], "xa-b-ap-1", "", "Xuất sắc", "Bí thư"),
                                                (NAMES[1], "xa-b-ap-2", "", "Tốt", "")])
    assert main(["members", "--list", str(listed), "--unit", "xa-b", "--out", str(tmp_path / "rieng")]) == 0
    root = make_project(tmp_path / "project")
    build(Path("content"), tmp_path / "site", root, progress=Progress(None))
    built = [p for folder in (tmp_path / "site", root / "build", root / ".cache") for p in folder.rglob("*")
             if p.is_file()]
    assert any(p.name == "thong-ke-ket-qua.xlsx" for p in built)
    needles = [name.encode() for name in NAMES]
    assert [p for p in built if any(n in blob for blob in readable(p) for n in needles)] == []
    # The private folder does hold them (the DOCX is compressed: read its text).
    text = "".join(c.text for t in open_docx((tmp_path / "rieng" / "danh-sach-xep-loai-xa-b-ap-1.docx")
                                             .read_bytes()).tables for r in t.rows for c in r.cells)
    assert NAMES[0] in text


def test_results_page_escapes_publisher_text(example):
    import dataclasses

    from generator.results.page import page_markdown

    _, results = example
    hostile = "<script>alert(1)</script>"
    summary = dataclasses.replace(results.summary, levels=(hostile,) + results.summary.levels[1:],
                                  outcome=(hostile,), publisher=hostile)
    text = page_markdown(summary, {"docx": "DOCX · 1 KB", "xlsx": "XLSX · 1 KB"},
                         {s.unit_id: "x.html" for s in summary.progress}).decode()
    assert "<script>" not in text and text.count("&lt;script&gt;") >= 3
