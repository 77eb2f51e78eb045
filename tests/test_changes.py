"""``sotay changes`` and the 2025-style scenario (a new rule set as content only)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from browser import REPO, make_project
from bench import synthetic
from generator.build import build
from generator.campaign.changes import compare, snapshot
from generator.cli import main
from generator.progress import Progress

SCENARIO = REPO / "tests" / "scenarios" / "2025"
REPLACED = ("forms", "plans")
CELL = "xa-chau-hung-a-ap-ha-duc"  # a cell of the example  # overlay folders that replace the one below (see the README)


def overlay(base: Path, layer: Path, dest: Path) -> Path:
    """``base`` with ``layer`` laid over it, as tests/scenarios/2025/README.md describes."""
    shutil.copytree(base, dest)
    for folder in REPLACED:
        if (layer / folder).is_dir():
            shutil.rmtree(dest / folder, ignore_errors=True)
    shutil.copytree(layer, dest, dirs_exist_ok=True)
    return dest


@pytest.fixture(scope="module")
def scenario(tmp_path_factory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("scenario")
    before = overlay(REPO / "content", SCENARIO / "before", root / "before")
    return before, overlay(before, SCENARIO / "after", root / "after")


# --- a small scenario, output asserted exactly ------------------------------------

SMALL_EXPECTED = """\
Những thay đổi: cu → moi
Tóm tắt: 3 đơn vị thay đổi, 0 đơn vị mới, 0 đơn vị bị bỏ; 2 mốc thời gian đổi; biểu mẫu: 1 thêm, 0 bỏ, 2 đổi tên; 2 kế hoạch thay đổi; 0 báo cáo kết quả thay đổi; văn bản: 0 mới, 0 bỏ.

== Đảng bộ huyện Tổng Hợp (huyen) — thay đổi ==
Kế hoạch:
  --- cu/huyen
  +++ moi/huyen
  @@ -20,3 +20,3 @@
   ### 1. Biểu mẫu sử dụng
  -- Mẫu 1: Báo cáo kiểm điểm tập thể
  +- Mẫu 01: Báo cáo kiểm điểm tập thể
   ## IV. THỜI GIAN THỰC HIỆN
  @@ -25,3 +25,3 @@
   | 1 | Triển khai kế hoạch | Đảng bộ huyện Tổng Hợp | 15/11/2022 | 18/11/2022 |
  -| 2 | Tổ chức kiểm điểm, đánh giá, xếp loại | Đảng bộ xã An Bình | 21/11/2022 | 15/12/2022 |
  +| 2 | Tổ chức kiểm điểm, đánh giá, xếp loại | Đảng bộ xã An Bình | 21/11/2022 | 12/12/2022 |
   | 3 | Báo cáo kết quả về Ban Thường vụ Huyện ủy | Đảng bộ xã An Bình |  | 20/12/2022 |

== Đảng bộ xã An Bình (xa-an-binh) — thay đổi ==
Mốc thời gian:
  Tổ chức kiểm điểm, đánh giá, xếp loại: 21/11/2022 – 15/12/2022 → 21/11/2022 – 12/12/2022
Biểu mẫu:
  ~ đổi tên (mau-tap-the): Mẫu 1: Báo cáo kiểm điểm tập thể → Mẫu 01: Báo cáo kiểm điểm tập thể
Kế hoạch:
  --- cu/xa-an-binh
  +++ moi/xa-an-binh
  @@ -26,3 +26,4 @@
   ### 1. Biểu mẫu sử dụng
  -- Mẫu 1: Báo cáo kiểm điểm tập thể
  +- Mẫu 2B: Bản kiểm điểm cá nhân
  +- Mẫu 01: Báo cáo kiểm điểm tập thể
   ## IV. THỜI GIAN THỰC HIỆN
  @@ -30,4 +31,4 @@
   | TT | Nội dung công việc | Thực hiện | Từ ngày | Hoàn thành trước |
  -| 1 | Tổ chức kiểm điểm, đánh giá, xếp loại | Chi bộ ấp Bình 1 | 21/11/2022 | 12/12/2022 |
  -| 2 | Tổ chức kiểm điểm, đánh giá, xếp loại | Đảng bộ xã An Bình | 21/11/2022 | 15/12/2022 |
  +| 1 | Tổ chức kiểm điểm, đánh giá, xếp loại | Chi bộ ấp Bình 1 | 21/11/2022 | 07/12/2022 |
  +| 2 | Tổ chức kiểm điểm, đánh giá, xếp loại | Đảng bộ xã An Bình | 21/11/2022 | 12/12/2022 |
   | 3 | Báo cáo kết quả về Ban Thường vụ Huyện ủy | Đảng bộ xã An Bình |  | 20/12/2022 |
  @@ -36,3 +37,3 @@
   - Lãnh đạo, chỉ đạo, tổ chức thực hiện kế hoạch này trong Đảng bộ xã An Bình; kiểm điểm tập thể và cá nhân đúng nội dung, đúng thời gian.
  -- Tổ chức kiểm điểm, đánh giá, xếp loại: hoàn thành trước ngày 15/12/2022.
  +- Tổ chức kiểm điểm, đánh giá, xếp loại: hoàn thành trước ngày 12/12/2022.
   - Báo cáo kết quả về Ban Thường vụ Huyện ủy: hoàn thành trước ngày 20/12/2022.
  @@ -40,3 +41,3 @@
   - Căn cứ kế hoạch này xây dựng lịch và tổ chức kiểm điểm, đánh giá, xếp loại ở đơn vị mình.
  -- Chi bộ ấp Bình 1 hoàn thành trước ngày 12/12/2022: Tổ chức kiểm điểm, đánh giá, xếp loại.
  +- Chi bộ ấp Bình 1 hoàn thành trước ngày 07/12/2022: Tổ chức kiểm điểm, đánh giá, xếp loại.
   - Báo cáo kết quả và hồ sơ về Đảng bộ xã An Bình đúng thời gian quy định.

== Chi bộ ấp Bình 1 (xa-an-binh-01) — thay đổi ==
Mốc thời gian:
  Tổ chức kiểm điểm, đánh giá, xếp loại: 21/11/2022 – 12/12/2022 → 21/11/2022 – 07/12/2022
Biểu mẫu:
  + thêm Mẫu 2B: Bản kiểm điểm cá nhân (mau-ca-nhan)
  ~ đổi tên (mau-tap-the): Mẫu 1: Báo cáo kiểm điểm tập thể → Mẫu 01: Báo cáo kiểm điểm tập thể
"""


def small_states(root: Path) -> tuple[Path, Path]:
    """3 units; the new state moves the grassroots deadline, renames a form, adds one for cells."""
    old = synthetic.write_tree(root / "cu", 3, dense=False)  # the expected output lists its one form
    new = root / "moi"
    shutil.copytree(old, new)
    plan = new / "plans" / "ke-hoach-2022.yaml"
    text = plan.read_text(encoding="utf-8")
    assert text.count("end: 15/12/2022") == 1
    text = text.replace("end: 15/12/2022", "end: 12/12/2022")
    text = text.replace("forms: [mau-tap-the]", "forms: [mau-tap-the]\n  - kinds: [chi-bo-truc-thuoc]\n"
                                                "    forms: [mau-ca-nhan]")
    plan.write_text(text, encoding="utf-8")
    form = new / "forms" / "mau-tap-the.yaml"
    form.write_text(form.read_text(encoding="utf-8").replace("code: Mẫu 1\n", "code: Mẫu 01\n"), encoding="utf-8")
    (new / "forms" / "mau-ca-nhan.yaml").write_text(
        synthetic.FORM.replace("id: mau-tap-the", "id: mau-ca-nhan").replace("code: Mẫu 1", "code: Mẫu 2B")
        .replace("Báo cáo kiểm điểm tập thể", "Bản kiểm điểm cá nhân").replace("audience: collective", "audience: member"),
        encoding="utf-8")
    return old, new


def run_cli(args: list[str], capsys) -> tuple[int, str]:
    code = main(args)
    return code, capsys.readouterr().out


def test_changes_small_scenario_exact(tmp_path, capsys, monkeypatch):
    small_states(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, out = run_cli(["changes", "--against", "cu", "--content", "moi"], capsys)
    assert code == 0
    assert out == SMALL_EXPECTED


def test_changes_json_matches_text(tmp_path, capsys, monkeypatch):
    small_states(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, out = run_cli(["changes", "--against", "cu", "--content", "moi", "--json"], capsys)
    data = json.loads(out)
    assert code == 0 and data["counts"]["dates"] == 2 and data["counts"]["forms_renamed"] == 2
    cell = next(u for u in data["units"] if u["id"] == "xa-an-binh-01")
    assert cell["dates"] == [{"step": "kiem-diem", "title": "Tổ chức kiểm điểm, đánh giá, xếp loại",
                              "old": {"start": "2022-11-21", "end": "2022-12-12"},
                              "new": {"start": "2022-11-21", "end": "2022-12-07"}}]
    assert cell["forms"]["added"] == [{"id": "mau-ca-nhan", "code": "Mẫu 2B", "title": "Bản kiểm điểm cá nhân"}]


def test_changes_since_git_revision_leaves_work_tree_alone(tmp_path, capsys, monkeypatch):
    old, new = small_states(tmp_path)
    repo = tmp_path / "repo"
    shutil.copytree(old, repo / "content")
    git = ["git", "-C", str(repo), "-c", "user.email=t@t", "-c", "user.name=t"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "content"], check=True)
    subprocess.run([*git, "commit", "-qm", "cu"], check=True)
    shutil.rmtree(repo / "content")
    shutil.copytree(new, repo / "content")
    status = subprocess.run([*git, "status", "--porcelain"], capture_output=True, check=True).stdout
    code, out = run_cli(["changes", "--content", str(repo / "content")], capsys)
    assert code == 0
    assert out.splitlines()[1] == SMALL_EXPECTED.splitlines()[1]  # same counts as against the folder
    assert out.startswith("Những thay đổi: HEAD → ")
    assert subprocess.run([*git, "status", "--porcelain"], capture_output=True, check=True).stdout == status
    assert main(["changes", "--since", "khong-co", "--content", str(repo / "content")]) == 2


# --- the 2025-style scenario ---------------------------------------------------------


def test_scenario_2025_changes_report(scenario):
    before, after = scenario
    report = compare(snapshot(before), snapshot(after))
    added = {d[2] for d in report.directives_added}
    assert added == {"366-QĐ/TW", "43-HD/BTCTW"}
    assert {d[2]: d[4] for d in report.directives_added}["43-HD/BTCTW"] == ("25-HD/BTCTW",)
    cell = next(u for u in report.units if u.id == CELL)
    publisher = report.units[0]
    assert publisher.id == "huyen-vinh-loi"
    assert ("ca-nhan-lanh-dao", ("Mẫu 2B", "BẢN KIỂM ĐIỂM CÁ NHÂN"), ("Mẫu 2A", "BẢN KIỂM ĐIỂM CÁ NHÂN")) \
        in publisher.forms_renamed
    assert {d.step for d in publisher.dates} == {"trien-khai", "xet-xep-loai", "bao-cao-tinh"}
    cells = [u for u in report.units if any(f[0] == "ca-nhan-ngoai-he-thong" for f in u.forms_added)]
    assert cells and all(("ca-nhan", ("Mẫu 2A", "BẢN KIỂM ĐIỂM CÁ NHÂN"), ("Mẫu 2B", "BẢN KIỂM ĐIỂM CÁ NHÂN"))
                         in u.forms_renamed for u in cells)
    assert cell.dates and all(d.old[1].year == 2024 and d.new[1].year == 2025 for d in cell.dates)


def test_scenario_2025_builds_and_shows_the_change(scenario, tmp_path):
    _, after = scenario
    project = make_project(tmp_path / "project")
    build(after, tmp_path / "site", project, progress=Progress(None))
    docs = project / "build" / "docs"
    catalogue = (docs / "bieu-mau" / "index.md").read_text(encoding="utf-8")
    for code in ("Mẫu 01-HD KĐ.ĐG 2025", "Mẫu 2A", "Mẫu 2B", "Mẫu 2C"):
        assert code in catalogue
    form_page = (docs / "bieu-mau" / "ca-nhan-ngoai-he-thong.md").read_text(encoding="utf-8")
    assert "/30 điểm" in form_page and "/70 điểm" in form_page and "/100 điểm" in form_page
    directives = (docs / "van-ban" / "index.md").read_text(encoding="utf-8")
    assert "Bị thay thế bởi 43-HD/BTCTW" in directives and "Bị thay thế bởi 366-QĐ/TW" in directives
    changes = (docs / "thay-doi" / "index.md").read_text(encoding="utf-8")
    assert "Thay đổi áp dụng" in changes and "43-HD/BTCTW" in changes
    unit = (docs / "don-vi" / f"{CELL}.md").read_text(encoding="utf-8")
    plain = unit.replace("\\", "")  # Markdown escapes aside
    assert "## Thay đổi" in plain and "31/10/2025" in plain and "thay thế 25-HD/BTCTW" in plain
    assert "Mẫu 2C" in unit and (docs / "tai-ve" / CELL / f"ca-nhan-ngoai-he-thong-{CELL}.docx").is_file()
    assert (tmp_path / "site" / "thay-doi" / "index.html").is_file()
    plan = (docs / "ke-hoach" / "huyen-vinh-loi.md").read_text(encoding="utf-8")
    assert "366-QĐ/TW" in plan and "124-QĐ/TW" not in plan  # the basis cites only what is in force
